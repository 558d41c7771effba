/** Arabic (العربية), Modern Standard Arabic: the strings every open chat shows (the rest is ../ar.ts). */
import type { CoreCatalog } from './en.js';

const ar: CoreCatalog = {
  heading: 'دردشة مباشرة',
  openChat: 'فتح الدردشة',
  openChatUnread: 'فتح الدردشة (غير المقروءة: {count})',
  closeChat: 'إغلاق الدردشة',
  connecting: 'جارٍ الاتصال…',
  reconnecting: 'انقطع الاتصال. جارٍ إعادة الاتصال…',
  ended: 'انتهت هذه المحادثة.',
  startNew: 'بدء محادثة جديدة',
  messages: 'الرسائل',
  loadEarlier: 'تحميل الرسائل السابقة',
  newMessages: 'رسائل جديدة',
  empty: 'يسعدنا تلقي رسالتك. نرد عادةً خلال دقائق قليلة.',
  agent: 'خدمة العملاء',
  assistant: 'المساعد الافتراضي',
  joined: 'انضمام {name} إلى المحادثة',
  left: 'مغادرة {name} للمحادثة',
  typing: '{name} – جارٍ الكتابة…',
  sending: 'جارٍ الإرسال…',
  sent: 'تم الإرسال',
  delivered: 'تم التسليم',
  read: 'تمت القراءة',
  notSent: 'لم يتم الإرسال',
  messageLabel: 'الرسالة',
  placeholder: 'كتابة رسالة…',
  send: 'إرسال الرسالة',
};
export default ar;
