// The demo convention's sample conversation (npm start on a fresh database):
// statements in English, Dari and Pashto with human translations beside them, and
// 40 simulated participants in two broad camps who share some common ground, so
// that the report shows opinion groups and consensus at once. Most of them describe
// themselves (gender, ethnicity, inside the country or abroad) with a plausible spread,
// some prefer not to say or skip a question, so that "Who took part" shows what a real
// conversation's composition looks like. Sample data only.
import type { Language } from '../../kernel/texts.ts';
import { ConversationService } from './service.ts';
import { seededRandom as rng } from '../../deliberation/seeded.ts';
import type { ServiceContext } from '../context.ts';
import { InclusionService } from '../inclusion/service.ts';

/**
 * How the 40 simulated participants describe themselves: so many of each answer
 * ('' = the question skipped), dealt out in a seeded order. Fixed counts, so that the
 * demo dashboard is the same at every start: every question answered by 34 or 35 (above
 * the 30 answers a comparison needs), the smaller ethnic groups below the smallest
 * published cell (hidden, with a complement), no group far enough below its share to
 * be called under-represented on so few answers.
 */
const SELF_DESCRIPTIONS: Record<string, [answer: string, count: number][]> = {
  gender: [['woman', 16], ['man', 18], ['prefer-not-to-say', 2], ['', 4]],
  ethnicity: [['pashtun', 12], ['tajik', 11], ['hazara', 5], ['uzbek', 3], ['aimaq', 1], ['turkmen', 1], ['other', 1], ['prefer-not-to-say', 3], ['', 3]],
  residence: [['inside', 22], ['abroad', 13], ['', 5]],
};

/** Each participant's answers (participant i gets the i-th of each shuffled list). */
export function demoSelfDescriptions(participants: number, seed = 1403): Record<string, string>[] {
  const rand = rng(seed);
  const out: Record<string, string>[] = Array.from({ length: participants }, () => ({}));
  for (const [dimension, counts] of Object.entries(SELF_DESCRIPTIONS)) {
    const answers = counts.flatMap(([a, n]) => Array.from({ length: n }, () => a));
    while (answers.length < participants) answers.push('');
    for (let i = answers.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [answers[i], answers[j]] = [answers[j]!, answers[i]!];
    }
    out.forEach((p, i) => {
      if (answers[i]) p[dimension] = answers[i]!;
    });
  }
  return out;
}

type Seed = { lang: Language; text: string; translations: Partial<Record<Language, string>>; camp: 'A' | 'B' | 'all' | 'split' };

const SEEDS: Seed[] = [
  {
    lang: 'en',
    text: 'Girls and women must be able to study and work at every level.',
    translations: { 'fa-AF': 'دختران و زنان باید بتوانند در همهٔ سطوح درس بخوانند و کار کنند.', 'ps-AF': 'نجونې او ښځې باید په ټولو کچو کې زده کړه او کار وکړای شي.' },
    camp: 'all',
  },
  {
    lang: 'fa-AF',
    text: 'والیان ولایت‌ها باید توسط مردم همان ولایت انتخاب شوند.',
    translations: { en: 'Provincial governors should be elected by the people of the province.', 'ps-AF': 'د ولایتونو والیان باید د همغه ولایت خلک وټاکي.' },
    camp: 'A',
  },
  {
    lang: 'ps-AF',
    text: 'مرکزي حکومت باید والیان وټاکي څو هېواد یو موټی پاتې شي.',
    translations: { en: 'The central government should appoint governors so the country stays united.', 'fa-AF': 'حکومت مرکزی باید والیان را تعیین کند تا کشور یکپارچه بماند.' },
    camp: 'B',
  },
  {
    lang: 'en',
    text: 'A parliamentary system would protect minorities better than a presidential one.',
    translations: { 'fa-AF': 'نظام پارلمانی بهتر از نظام ریاستی از اقلیت‌ها محافظت می‌کند.', 'ps-AF': 'پارلماني نظام تر ریاستي نظام ښه د لږکیو ساتنه کوي.' },
    camp: 'A',
  },
  {
    lang: 'en',
    text: 'The country needs a strong president elected directly by the people.',
    translations: { 'fa-AF': 'کشور به یک رئیس‌جمهور قوی نیاز دارد که مستقیماً از سوی مردم انتخاب شود.', 'ps-AF': 'هېواد یو پیاوړي ولسمشر ته اړتیا لري چې خلک یې مستقیم وټاکي.' },
    camp: 'B',
  },
  {
    lang: 'fa-AF',
    text: 'هر توافق صلح باید در یک همه‌پرسی سراسری تأیید شود.',
    translations: { en: 'Any peace settlement must be approved in a nationwide referendum.', 'ps-AF': 'هره سوله‌ییزه موافقه باید په یوه سراسري ټولپوښتنه کې تایید شي.' },
    camp: 'all',
  },
  {
    lang: 'ps-AF',
    text: 'په بهر کې مېشت افغانان هم باید د حکومت په ټاکلو کې ونډه ولري.',
    translations: { en: 'Afghans living abroad must also have a say in choosing the government.', 'fa-AF': 'افغان‌های مقیم خارج نیز باید در انتخاب حکومت سهم داشته باشند.' },
    camp: 'all',
  },
  {
    lang: 'en',
    text: 'Regional languages should be official in the provinces where they are spoken.',
    translations: { 'fa-AF': 'زبان‌های محلی باید در ولایت‌هایی که به آن‌ها صحبت می‌شود رسمی باشند.', 'ps-AF': 'سیمه‌ییزې ژبې باید په هغو ولایتونو کې رسمي وي چې پکې ویل کېږي.' },
    camp: 'A',
  },
  {
    lang: 'fa-AF',
    text: 'عاملان جنایات جنگی باید پیش از هر توافق صلح پاسخگو شوند.',
    translations: { en: 'Those responsible for war crimes must answer for them before any peace deal.', 'ps-AF': 'د جنګي جنایتونو عاملین باید له هرې سولې موافقې مخکې ځواب ووایي.' },
    camp: 'split',
  },
  {
    lang: 'ps-AF',
    text: 'دیني عالمان باید د قوانینو په تصویب کې رسمي رول ولري.',
    translations: { en: 'Religious scholars should have a formal role in approving laws.', 'fa-AF': 'علمای دینی باید در تصویب قوانین نقش رسمی داشته باشند.' },
    camp: 'B',
  },
];


export async function seedDemoConversation(ctx: ServiceContext, conventionId: string, participants = 40): Promise<string> {
  // The demo's simulated participants join from one place: no join limits for them.
  const service = new ConversationService(ctx, { joinsPerConversationPerMinute: 1_000_000, joinsPerAddressPerMinute: 1_000_000, votesPerBurst: 1_000_000, votesPerHour: 1_000_000 });
  const id = await service.create(conventionId, {
    topic: {
      en: 'Sample conversation: how should the future Afghanistan be governed?',
      'fa-AF': 'گفت‌وگوی نمونه: افغانستان آینده چگونه باید اداره شود؟',
      'ps-AF': 'نمونه بحث: راتلونکی افغانستان باید څنګه اداره شي؟',
    },
    description: {
      en: 'Sample data for the demo: the statements are examples and the votes are simulated.',
      'fa-AF': 'داده‌های نمونه برای نمایش: دیدگاه‌ها مثال‌اند و رأی‌ها شبیه‌سازی شده‌اند.',
      'ps-AF': 'د نندارتون لپاره نمونه معلومات: نظرونه بېلګې دي او رایې جوړې شوې دي.',
    },
    access: 'open',
    moderation: 'strict',
    seeds: SEEDS.map((s) => ({ text: s.text, lang: s.lang })),
  });
  const statements = await service.statements(id);
  const idOf = new Map(statements.map((s) => [s.text, s.id]));
  for (const s of SEEDS) for (const [lang, text] of Object.entries(s.translations)) await service.translate(id, idOf.get(s.text)!, lang as Language, text);
  const rand = rng(1402);
  const inclusion = new InclusionService(ctx);
  const profiles = demoSelfDescriptions(participants);
  for (let i = 0; i < participants; i++) {
    const { participant } = await service.join(id, {}, '127.0.0.1', []);
    if (Object.keys(profiles[i]!).length > 0) await inclusion.setProfile(id, participant, profiles[i]!);
    const camp = i % 5 < 3 ? 'A' : 'B';
    for (const s of SEEDS) {
      if (rand() < 0.15) continue; // not everyone sees every statement
      const r = rand();
      let vote: 1 | -1 | 0;
      if (s.camp === 'all') vote = r < 0.85 ? 1 : r < 0.95 ? 0 : -1;
      else if (s.camp === 'split') vote = r < 0.5 ? 1 : r < 0.6 ? 0 : -1;
      else vote = r < 0.8 ? (s.camp === camp ? 1 : -1) : r < 0.9 ? 0 : s.camp === camp ? -1 : 1;
      await service.vote(id, participant, idOf.get(s.text)!, vote);
    }
  }
  return id;
}
