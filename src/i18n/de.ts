/** German (Deutsch). */
import type { Catalog } from './en.js';
import core from './core/de.js';

const de: Catalog = {
  ...core,
  signInRequired: 'Melden Sie sich an, um mit uns zu chatten.',
  signIn: 'Anmelden',
  signInAgain: 'Ihre Anmeldung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.',
  failedTooLong: 'Die Nachricht ist zu lang.',
  failedRateLimited: 'Zu viele Nachrichten auf einmal. Bitte warten Sie kurz und versuchen Sie es dann erneut.',
  retry: 'Erneut senden',
  clearConversation: 'Unterhaltung löschen',
  clearConfirm: 'Diese Unterhaltung endgültig löschen?',
  clear: 'Löschen',
  cancel: 'Abbrechen',
  attach: 'Dateien anhängen',
  dropFiles: 'Dateien hier ablegen, um sie anzuhängen',
  removeFile: '{name} entfernen',
  fileTypeRefused: 'Dateien dieses Typs können nicht gesendet werden.',
  fileTooLarge: 'Die Datei ist zu groß.',
  fileEmpty: 'Die Datei ist leer.',
  fileNameRefused: 'Dieser Dateiname ist nicht zulässig.',
  filesOff: 'In diesem Chat können keine Dateien gesendet werden.',
  uploadFailed: 'Die Datei konnte nicht hochgeladen werden.',
  waitingForFiles: 'Wird gesendet, sobald die Dateien hochgeladen sind…',
  sessionExpiring: 'Dieser Chat wird {when} geschlossen, wenn keine Nachricht kommt. Schreiben Sie eine Nachricht, damit er offen bleibt.',
  sessionExpiringSoon: 'Dieser Chat wird bald geschlossen, wenn keine Nachricht kommt. Schreiben Sie eine Nachricht, damit er offen bleibt.',
  sessionExpiredDivider: 'Diese Chatsitzung ist abgelaufen. Neue Nachrichten beginnen eine neue Unterhaltung.',
  sessionRestartedDivider: 'Die vorherige Chatsitzung wurde beendet. Neue Nachrichten beginnen eine neue Unterhaltung.',
  writeMessage: 'Nachricht schreiben',
  overLimit: 'Zu lang für eine Nachricht: Sie wird in {count} Teilen gesendet.',
};
export default de;
