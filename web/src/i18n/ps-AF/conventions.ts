// Pashto (ps-AF) texts of the home page: conventions, their votes and conversations, the ways to the monitor and the sanctions pages.
// Every string awaits review by Afghan speakers — see ../status.json.
import type { TextsOf } from '../en/conventions.ts';

export default {
  'home.title': 'جرګې او رایې اچونې',
  'home.intro': 'جرګه د هېواد دننه او په مهاجرت کې افغانانو ته دا امکان ورکوي چې په خوندي او د تصدیق وړ ډول خبرې اترې وکړي او رایه ورکړي. هر څوک کولی شي هره پایله وڅېړي، بې له دې چې پر تنظیموونکو باور وکړي.',
  'home.empty': 'تر اوسه هېڅ جرګه نشته.',
  'home.noElections': 'په دې جرګه کې تر اوسه هېڅ رایه اچونه نشته.',
  'home.vote': 'رایه ورکړئ',
  'home.conversations': 'بحثونه',
  'monitor.homeLink': 'د حساب ورکونې څارنه',
  'monitor.homeIntro': 'له طالبانو سره د تعامل معیارونه او د هېوادونو لخوا د رسمیت پېژندنې شمېرنه، له سرچینو سره.',
  'sanctions.homeLink': 'د بندیزونو شبکه',
  'sanctions.homeIntro': 'د طالبانو او حقاني شبکې کوم کسان د ملګرو ملتونو، بریتانیا او امریکا په لېستونو کې دي، د دوی کوم خپلوان او شریکان په هېڅ لېست کې نشته، او د نوم لټون چې هر ډول لیکدود پېژني.',
} satisfies TextsOf;
