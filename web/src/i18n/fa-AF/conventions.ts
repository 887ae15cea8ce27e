// Dari (fa-AF) texts of the home page: conventions, their votes and conversations, the ways to the monitor and the sanctions pages.
// Written for Afghan readers (Afghan vocabulary and month names); every string awaits review by Afghan speakers — see ../status.json.
import type { TextsOf } from '../en/conventions.ts';

export default {
  'home.title': 'جرگه‌ها و رأی‌گیری‌ها',
  'home.intro': 'جرگه به افغان‌های داخل کشور و در مهاجرت امکان می‌دهد به‌گونهٔ امن و قابل تصدیق گفت‌وگو کنند و رأی بدهند. هر کس می‌تواند هر نتیجه را بدون اعتماد به برگزارکنندگان بررسی کند.',
  'home.empty': 'هنوز هیچ جرگه‌ای وجود ندارد.',
  'home.noElections': 'در این جرگه هنوز هیچ رأی‌گیری‌ای نیست.',
  'home.vote': 'رأی بدهید',
  'home.conversations': 'گفت‌وگوها',
  'monitor.homeLink': 'نظارت بر حسابدهی',
  'monitor.homeIntro': 'معیارهای تعامل با طالبان و شمارش گام‌های به رسمیت شناختن از سوی کشورها، همراه با منبع.',
  'sanctions.homeLink': 'شبکهٔ تعزیرات',
  'sanctions.homeIntro': 'چه کسانی از طالبان و شبکهٔ حقانی در فهرست‌های سازمان ملل، بریتانیا و امریکا شامل‌اند، کدام بستگان و شریکان‌شان در هیچ فهرستی نیستند، و جستجوی نام که هر املایی را می‌شناسد.',
} satisfies TextsOf;
