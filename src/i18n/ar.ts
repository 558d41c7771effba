/** Arabic (العربية), Modern Standard Arabic. */
import type { Catalog } from './en.js';
import core from './core/ar.js';

const ar: Catalog = {
  ...core,
  signInRequired: 'يُرجى تسجيل الدخول للدردشة معنا.',
  signIn: 'تسجيل الدخول',
  signInAgain: 'انتهت صلاحية تسجيل الدخول. يُرجى تسجيل الدخول مجددًا للمتابعة.',
  failedTooLong: 'الرسالة طويلة جدًا.',
  failedRateLimited: 'رسائل كثيرة في وقت قصير. يُرجى الانتظار قليلًا ثم إعادة المحاولة.',
  retry: 'إعادة الإرسال',
  clearConversation: 'مسح المحادثة',
  clearConfirm: 'حذف هذه المحادثة نهائيًا؟',
  clear: 'حذف',
  cancel: 'إلغاء',
  attach: 'إرفاق ملفات',
  dropFiles: 'أفلِت الملفات هنا لإرفاقها',
  removeFile: 'إزالة {name}',
  fileTypeRefused: 'لا يمكن إرسال هذا النوع من الملفات.',
  fileTooLarge: 'الملف كبير جدًا.',
  fileEmpty: 'الملف فارغ.',
  fileNameRefused: 'اسم الملف هذا غير مسموح به.',
  filesOff: 'لا يمكن إرسال ملفات في هذه الدردشة.',
  uploadFailed: 'تعذّر تحميل الملف.',
  waitingForFiles: 'سيتم الإرسال بعد اكتمال تحميل الملفات…',
  sessionExpiring: 'ستُغلق هذه الدردشة {when} إذا لم تُرسَل أي رسالة. اكتب رسالة لإبقائها مفتوحة.',
  sessionExpiringSoon: 'ستُغلق هذه الدردشة قريبًا إذا لم تُرسَل أي رسالة. اكتب رسالة لإبقائها مفتوحة.',
  sessionExpiredDivider: 'انتهت صلاحية جلسة الدردشة هذه. الرسائل الجديدة تبدأ محادثة جديدة.',
  sessionRestartedDivider: 'انتهت جلسة الدردشة السابقة. الرسائل الجديدة تبدأ محادثة جديدة.',
  writeMessage: 'اكتب رسالة',
  overLimit: 'الرسالة أطول من الحد المسموح، لذا ستُرسَل على أجزاء (عددها: {count}).',
};
export default ar;
