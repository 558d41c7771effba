/** Hebrew (עברית). */
import type { Catalog } from './en.js';
import core from './core/he.js';

const he: Catalog = {
  ...core,
  signInRequired: 'כדי לשוחח איתנו יש להתחבר.',
  signIn: 'התחברות',
  signInAgain: 'ההתחברות הסתיימה. כדי להמשיך יש להתחבר שוב.',
  failedTooLong: 'ההודעה ארוכה מדי.',
  failedRateLimited: 'יותר מדי הודעות בבת אחת. המתינו רגע ונסו שוב.',
  retry: 'שליחה חוזרת',
  clearConversation: 'ניקוי השיחה',
  clearConfirm: 'למחוק את השיחה לצמיתות?',
  clear: 'מחיקה',
  cancel: 'ביטול',
  attach: 'צירוף קבצים',
  dropFiles: 'יש לשחרר כאן קבצים כדי לצרף אותם',
  removeFile: 'הסרת {name}',
  fileTypeRefused: 'לא ניתן לשלוח קבצים מסוג זה.',
  fileTooLarge: 'הקובץ גדול מדי.',
  fileEmpty: 'הקובץ ריק.',
  fileNameRefused: 'שם הקובץ הזה אינו מותר.',
  filesOff: 'לא ניתן לשלוח קבצים בצ׳אט הזה.',
  uploadFailed: 'לא ניתן היה להעלות את הקובץ.',
  waitingForFiles: 'ההודעה תישלח לאחר שהעלאת הקבצים תסתיים…',
  sessionExpiring: 'הצ׳אט ייסגר {when} אם לא תישלח הודעה. כתבו הודעה כדי להשאיר אותו פתוח.',
  sessionExpiringSoon: 'הצ׳אט ייסגר בקרוב אם לא תישלח הודעה. כתבו הודעה כדי להשאיר אותו פתוח.',
  sessionExpiredDivider: 'פג התוקף של שיחת הצ׳אט הזו. הודעות חדשות יפתחו שיחה חדשה.',
  sessionRestartedDivider: 'שיחת הצ׳אט הקודמת הסתיימה. הודעות חדשות יפתחו שיחה חדשה.',
  writeMessage: 'כתיבת הודעה',
  overLimit: 'ארוכה מדי להודעה אחת: היא תישלח ב-{count} חלקים.',
};
export default he;
