/** Swedish (Svenska): the strings every open chat shows (the rest is ../sv.ts). */
import type { CoreCatalog } from './en.js';

const sv: CoreCatalog = {
  heading: 'Chatta med oss',
  openChat: 'Öppna chatten',
  openChatUnread: 'Öppna chatten (olästa: {count})',
  closeChat: 'Stäng chatten',
  connecting: 'Ansluter…',
  reconnecting: 'Anslutningen bröts. Återansluter…',
  ended: 'Konversationen har avslutats.',
  startNew: 'Starta en ny konversation',
  messages: 'Meddelanden',
  loadEarlier: 'Läs in tidigare meddelanden',
  newMessages: 'Nya meddelanden',
  empty: 'Skicka ett meddelande till oss. Vi svarar oftast inom några minuter.',
  agent: 'Kundtjänst',
  assistant: 'Assistent',
  joined: '{name} anslöt till chatten',
  left: '{name} lämnade chatten',
  typing: '{name} skriver…',
  sending: 'Skickar…',
  sent: 'Skickat',
  delivered: 'Levererat',
  read: 'Läst',
  notSent: 'Inte skickat',
  messageLabel: 'Meddelande',
  placeholder: 'Skriv ett meddelande…',
  send: 'Skicka meddelande',
};
export default sv;
