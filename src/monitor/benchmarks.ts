// The six benchmarks advocates set for any engagement with the Taliban (around the
// Brussels meeting of Afghanistan's democratic opposition with European officials,
// December 2025). These definitions ship with Jirga; editors may reword them (each
// change is kept in the history). Dari and Pashto await review by native speakers.
import type { Translations } from '../kernel/texts.ts';
import type { Benchmark, BenchmarkId } from './model.ts';

const T = (en: string, fa: string, ps: string): Translations => ({ en, 'fa-AF': fa, 'ps-AF': ps });

export const DEFAULT_BENCHMARKS: Record<BenchmarkId, Omit<Benchmark, 'id'>> = {
  'inclusive-settlement': {
    title: T('Inclusive political settlement', 'توافق سیاسی فراگیر', 'ټول‌شمول سیاسي جوړجاړی'),
    definition: T(
      'An inclusive political settlement, reached by negotiation among all Afghan stakeholders, including women and every ethnic and religious community.',
      'یک توافق سیاسی فراگیر که از راه مذاکره میان همهٔ ذی‌نفعان افغان، از جمله زنان و همهٔ اقوام و پیروان همهٔ مذاهب، به دست آید.',
      'یو ټول‌شمول سیاسي جوړجاړی چې د ټولو افغان اړخونو، په ګډه د ښځو او د ټولو قومونو او مذهبونو، ترمنځ د خبرو اترو له لارې رامنځته شي.',
    ),
  },
  'terror-ties': {
    title: T('No ties with terrorist groups', 'قطع پیوند با گروه‌های تروریستی', 'له ترهګرو ډلو سره د اړیکو پرې کول'),
    definition: T(
      'Every tie with terrorist groups cut: no safe haven, training, financing or protection for them on Afghan soil.',
      'قطع هرگونه پیوند با گروه‌های تروریستی: نه پناهگاه، نه آموزش، نه تمویل و نه حمایت از آنان در خاک افغانستان.',
      'له ترهګرو ډلو سره د هرې اړیکې پرې کول: د افغانستان په خاوره کې هغوی ته نه پناه، نه روزنه، نه تمویل او نه ساتنه.',
    ),
  },
  detainees: {
    title: T('Release of detained foreign nationals', 'رهایی اتباع خارجی بازداشت‌شده', 'د بندیانو بهرنیو اتباعو خوشې کول'),
    definition: T(
      'The unconditional release of every detained foreign national.',
      'رهایی بی‌قیدوشرط همهٔ اتباع خارجی که در بازداشت‌اند.',
      'د ټولو بندیانو بهرنیو اتباعو بې له قید او شرطه خوشې کول.',
    ),
  },
  'women-and-girls': {
    title: T('Rights of women and girls', 'حقوق زنان و دختران', 'د ښځو او نجونو حقونه'),
    definition: T(
      'The rights of women and girls to education at every level, to employment, to freedom of movement and to civic participation.',
      'حق زنان و دختران بر آموزش در همهٔ سطوح، بر کار، بر آزادی رفت‌وآمد و بر مشارکت مدنی.',
      'په ټولو کچو کې زده کړې، کار، د تګ راتګ آزادۍ او مدني ګډون ته د ښځو او نجونو حق.',
    ),
  },
  'humanitarian-access': {
    title: T('Humanitarian access', 'دسترسی بشردوستانه', 'بشري لاسرسی'),
    definition: T(
      'Unrestricted humanitarian access under international humanitarian law, including for women aid workers.',
      'دسترسی بی‌مانع کمک‌های بشردوستانه مطابق حقوق بین‌المللی بشردوستانه، از جمله برای زنان امدادگر.',
      'د نړیوال بشري قانون سره سم بشري مرستو ته بې خنډه لاسرسی، په ګډه د مرستندویو ښځو لپاره.',
    ),
  },
  'doha-agreement': {
    title: T('Compliance with the Doha agreement', 'پایبندی به توافق‌نامهٔ دوحه', 'د دوحې تړون ته ژمنتیا'),
    definition: T(
      'Compliance with the commitments of the February 2020 Doha agreement.',
      'پایبندی به تعهدات توافق‌نامهٔ دوحه (فبروری ۲۰۲۰).',
      'د دوحې تړون (فبروري ۲۰۲۰) ژمنو ته ژمنتیا.',
    ),
  },
};
