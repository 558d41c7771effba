/** Italian (Italiano): the strings every open chat shows (the rest is ../it.ts). */
import type { CoreCatalog } from './en.js';

const it: CoreCatalog = {
  heading: 'Chatta con noi',
  openChat: 'Apri la chat',
  openChatUnread: 'Apri la chat (non letti: {count})',
  closeChat: 'Chiudi la chat',
  connecting: 'Connessione in corso…',
  reconnecting: 'Connessione persa. Riconnessione in corso…',
  ended: 'Questa conversazione è terminata.',
  startNew: 'Inizia una nuova conversazione',
  messages: 'Messaggi',
  loadEarlier: 'Carica i messaggi precedenti',
  newMessages: 'Nuovi messaggi',
  empty: 'Scrivici un messaggio. Di solito rispondiamo in pochi minuti.',
  agent: 'Assistenza clienti',
  assistant: 'Assistente virtuale',
  joined: '{name} è ora in chat',
  left: '{name} ha lasciato la chat',
  typing: '{name} sta scrivendo…',
  sending: 'Invio in corso…',
  sent: 'Inviato',
  delivered: 'Consegnato',
  read: 'Letto',
  notSent: 'Non inviato',
  messageLabel: 'Messaggio',
  placeholder: 'Scrivi un messaggio…',
  send: 'Invia messaggio',
};
export default it;
