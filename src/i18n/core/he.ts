/** Hebrew (עברית): the strings every open chat shows (the rest is ../he.ts). */
import type { CoreCatalog } from './en.js';

const he: CoreCatalog = {
  heading: 'דברו איתנו',
  openChat: 'פתיחת הצ׳אט',
  openChatUnread: 'פתיחת הצ׳אט (לא נקראו: {count})',
  closeChat: 'סגירת הצ׳אט',
  connecting: 'מתבצעת התחברות…',
  reconnecting: 'החיבור נותק. מתבצעת התחברות מחדש…',
  ended: 'השיחה הסתיימה.',
  startNew: 'התחלת שיחה חדשה',
  messages: 'הודעות',
  loadEarlier: 'טעינת הודעות קודמות',
  newMessages: 'הודעות חדשות',
  empty: 'כתבו לנו הודעה. בדרך כלל אנחנו עונים תוך כמה דקות.',
  agent: 'שירות לקוחות',
  assistant: 'עוזר וירטואלי',
  joined: '{name} – הצטרפות לשיחה',
  left: '{name} – יציאה מהשיחה',
  typing: '{name} – בהקלדה…',
  sending: 'בשליחה…',
  sent: 'נשלחה',
  delivered: 'נמסרה',
  read: 'נקראה',
  notSent: 'לא נשלחה',
  messageLabel: 'הודעה',
  placeholder: 'כתבו הודעה…',
  send: 'שליחת הודעה',
};
export default he;
