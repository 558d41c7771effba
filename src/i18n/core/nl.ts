/** Dutch (Nederlands): the strings every open chat shows (the rest is ../nl.ts). */
import type { CoreCatalog } from './en.js';

const nl: CoreCatalog = {
  heading: 'Chat met ons',
  openChat: 'Chat openen',
  openChatUnread: 'Chat openen ({count} ongelezen)',
  closeChat: 'Chat sluiten',
  connecting: 'Verbinden…',
  reconnecting: 'Verbinding verbroken. Opnieuw verbinden…',
  ended: 'Dit gesprek is beëindigd.',
  startNew: 'Nieuw gesprek starten',
  messages: 'Berichten',
  loadEarlier: 'Eerdere berichten laden',
  newMessages: 'Nieuwe berichten',
  empty: 'Stuur ons een bericht. We reageren meestal binnen een paar minuten.',
  agent: 'Medewerker',
  assistant: 'Assistent',
  joined: '{name} neemt deel aan het gesprek',
  left: '{name} heeft het gesprek verlaten',
  typing: '{name} is aan het typen…',
  sending: 'Verzenden…',
  sent: 'Verzonden',
  delivered: 'Afgeleverd',
  read: 'Gelezen',
  notSent: 'Niet verzonden',
  messageLabel: 'Bericht',
  placeholder: 'Typ een bericht…',
  send: 'Bericht verzenden',
};
export default nl;
