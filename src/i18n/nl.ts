/** Dutch (Nederlands). */
import type { Catalog } from './en.js';
import core from './core/nl.js';

const nl: Catalog = {
  ...core,
  signInRequired: 'Log in om met ons te chatten.',
  signIn: 'Inloggen',
  signInAgain: 'Je bent uitgelogd. Log opnieuw in om verder te gaan.',
  failedTooLong: 'Het bericht is te lang.',
  failedRateLimited: 'Te veel berichten tegelijk. Wacht even en probeer het dan opnieuw.',
  retry: 'Opnieuw verzenden',
  clearConversation: 'Gesprek wissen',
  clearConfirm: 'Dit gesprek definitief verwijderen?',
  clear: 'Verwijderen',
  cancel: 'Annuleren',
  attach: 'Bestanden bijvoegen',
  dropFiles: 'Zet bestanden hier neer om ze bij te voegen',
  removeFile: '{name} verwijderen',
  fileTypeRefused: 'Dit type bestand kan niet worden verzonden.',
  fileTooLarge: 'Het bestand is te groot.',
  fileEmpty: 'Het bestand is leeg.',
  fileNameRefused: 'Deze bestandsnaam is niet toegestaan.',
  filesOff: 'In deze chat kunnen geen bestanden worden verzonden.',
  uploadFailed: 'Het bestand kon niet worden geüpload.',
  waitingForFiles: 'Wordt verzonden zodra de bestanden zijn geüpload…',
  sessionExpiring: 'Deze chat wordt {when} gesloten als er geen bericht wordt verstuurd. Stuur een bericht om hem open te houden.',
  sessionExpiringSoon: 'Deze chat wordt binnenkort gesloten als er geen bericht wordt verstuurd. Stuur een bericht om hem open te houden.',
  sessionExpiredDivider: 'Deze chatsessie is verlopen. Nieuwe berichten beginnen een nieuw gesprek.',
  sessionRestartedDivider: 'De vorige chatsessie is beëindigd. Nieuwe berichten beginnen een nieuw gesprek.',
  writeMessage: 'Bericht schrijven',
  overLimit: 'Te lang voor één bericht: het wordt in {count} delen verstuurd.',
};
export default nl;
