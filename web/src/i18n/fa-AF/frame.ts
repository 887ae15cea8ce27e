// Dari (fa-AF) texts of the frame of every page (header, languages, quick exit, footer), loading, errors, the page not found.
// Written for Afghan readers (Afghan vocabulary and month names); every string awaits review by Afghan speakers — see ../status.json.
import type { TextsOf } from '../en/frame.ts';

export default {
  'frame.brand': 'جرگه',
  'frame.skip': 'رفتن به محتوا',
  'frame.languages': 'زبان',
  'frame.quickExit': 'خروج فوری',
  'frame.quickExitHelp': 'فوراً از این سایت به یک صفحهٔ بی‌طرف بیرون شوید، بی آن که با «برگشت» به اینجا بازگردید (یا Shift + Escape)',
  'frame.privacy': 'بدون ردیابی و بدون درخواست به سایت‌های دیگر. رمز رأی‌دهی و انتخاب‌های شما هرگز بدون رمزگذاری از این دستگاه بیرون نمی‌روند.',
  'frame.organisers': 'برای برگزارکنندگان',
  'frame.help': 'راهنما',
  'frame.submitBallot': 'انداختن برگهٔ سپرده‌شده به صندوق رأی',
  'frame.helpLink': 'راهنمای این مرحله',

  'common.loading': 'در حال بارگذاری…',
  'common.notTranslated': 'ترجمه نشده',
  'common.retry': 'دوباره کوشش کنید',

  'error.network': 'به سرور وصل شده نتوانستیم، یا پاسخ آن در راه گم شد. اتصال خود را بررسی کنید و دوباره کوشش کنید.',
  'error.notFound': 'پیدا نشد. شاید لینک اشتباه نوشته شده یا دیگر اعتبار نداشته باشد.',
  'error.login': 'لطفاً نخست وارد شوید.',
  'error.forbidden': 'با این لینک یا رمز اجازهٔ این کار را ندارید.',
  'error.conflict': 'این کار در این مرحلهٔ انتخابات ممکن نیست.',
  'error.refused': 'سرور درخواست را نپذیرفت.',
  'error.unexpected': 'مشکلی پیش آمد.',
  'error.votingClosed': 'رأی‌دهی بسته شده است: رأی شما ثبت نشد.',
  'error.votingNotStarted': 'رأی‌دهی هنوز آغاز نشده است: رأی شما ثبت نشد.',
  'error.unknownCredential': 'این رمز رأی‌دهی در فهرست این انتخابات نیست: رأی شما ثبت نشد. رمزی را که به شما داده شده دوباره بررسی کنید.',
  'error.replayedBallot': 'همین برگهٔ رأی قبلاً به صندوق انداخته شده است. برای رأی دادن دوباره، یک برگهٔ رأی تازه آماده کنید.',
  'error.invalidBallot': 'سرور این برگهٔ رأی را نامعتبر دانست و آن را ثبت نکرد.',

  'notFound.title': 'این صفحه وجود ندارد',
  'notFound.home': 'رفتن به فهرست رأی‌گیری‌ها',
  'frame.outboxTitle': 'برگه‌های رأی نگه‌داشته‌شده در این دستگاه',
  'frame.outboxWaiting': 'یک برگهٔ رأی مُهرشده در این دستگاه نگه داشته شده است: همین که انترنت برگردد، به صندوق رأی فرستاده می‌شود. کد پیگیری آن:',
  'frame.outboxSendNow': 'همین حالا بفرستید',
  'frame.outboxCast': 'برگهٔ مُهرشده‌ای که در این دستگاه منتظر بود، به صندوق انداخته شد: اکنون در صندوق رأی است. کد پیگیری آن:',
  'frame.outboxRefusedClosed': 'برگهٔ مُهرشده‌ای که در این دستگاه منتظر بود، پس از پایان رأی‌گیری رسید: صندوق رأی آن را نپذیرفت. کد پیگیری آن:',
  'frame.outboxRefused': 'صندوق رأی برگهٔ مُهرشده‌ای را که در این دستگاه منتظر بود، نپذیرفت. صفحهٔ انتخابات را باز کنید تا ببینید در چه حال است، و اگر می‌توانید، در صندوق آن دوباره رأی بدهید. کد پیگیری آن:',
  'frame.outboxCheck': 'آن را در صفحهٔ انتخابات بررسی کنید',
  'frame.outboxDismiss': 'این پیام را بردارید',
} satisfies TextsOf;
