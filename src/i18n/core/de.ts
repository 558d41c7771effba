/** German (Deutsch): the strings every open chat shows (the rest is ../de.ts). */
import type { CoreCatalog } from './en.js';

const de: CoreCatalog = {
  heading: 'Chatten Sie mit uns',
  openChat: 'Chat öffnen',
  openChatUnread: 'Chat öffnen ({count} ungelesen)',
  closeChat: 'Chat schließen',
  connecting: 'Verbindung wird hergestellt…',
  reconnecting: 'Verbindung unterbrochen. Verbindung wird wiederhergestellt…',
  ended: 'Diese Unterhaltung wurde beendet.',
  startNew: 'Neue Unterhaltung beginnen',
  messages: 'Nachrichten',
  loadEarlier: 'Ältere Nachrichten laden',
  newMessages: 'Neue Nachrichten',
  empty: 'Schreiben Sie uns eine Nachricht. Wir antworten in der Regel innerhalb weniger Minuten.',
  agent: 'Kundenservice',
  assistant: 'Assistent',
  joined: '{name} ist dem Chat beigetreten',
  left: '{name} hat den Chat verlassen',
  typing: '{name} schreibt…',
  sending: 'Wird gesendet…',
  sent: 'Gesendet',
  delivered: 'Zugestellt',
  read: 'Gelesen',
  notSent: 'Nicht gesendet',
  messageLabel: 'Nachricht',
  placeholder: 'Nachricht schreiben…',
  send: 'Nachricht senden',
};
export default de;
