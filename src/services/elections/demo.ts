// The demo convention created on a fresh database: one election already tallied
// (so observers can see and verify a result) and one open for voting. Every role
// (credential authority, trustees, voters) is played through the same code the
// real pages use; the sample texts say plainly that they are samples.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBallot } from '../../protocol/ballot.ts';
import { generateCredentials, parseVoterLine } from '../../protocol/credentials.ts';
import { getGroup } from '../../protocol/groups/index.ts';
import { randomPlaintext } from '../../protocol/simulate.ts';
import { isHomomorphic } from '../../protocol/codec.ts';
import { castBallot } from './casting.ts';
import { hasDecrypted, submitPartialDecryption, talliedBoard } from './decryption.ts';
import type { ElectionDraft } from '../../api/election-draft.ts';
import { closeElection } from './closer.ts';
import { createConvention, createElection, ELECTION_GROUP, frozenElection, openElection, startSetup } from './elections.ts';
import { submitTrusteeStep, trusteeTask, uploadPublicCredentials } from './setup.ts';
import { trusteeDecryption, trusteeKeyStep } from '../../trustee/client.ts';
import type { ServiceContext } from '../context.ts';

const GOVERNMENT: ElectionDraft = {
  name: {
    en: 'Form of government — sample vote (counted)',
    'fa-AF': 'شکل نظام — رأی‌گیری نمونه (شمارش‌شده)',
    'ps-AF': 'د نظام بڼه — نمونه رایه اچونه (شمېرل شوې)',
  },
  description: {
    en: 'A sample vote with invented voters, already counted, so that anyone can see and verify a result. Not a real vote.',
    'fa-AF': 'یک رأی‌گیری نمونه با رأی‌دهندگان ساختگی که شمارش آن تمام شده است تا هر کس بتواند نتیجه را ببیند و تصدیق کند. این رأی‌گیری واقعی نیست.',
    'ps-AF': 'یوه نمونه رایه اچونه له جوړو رایه ورکوونکو سره چې شمېرنه یې بشپړه شوې، تر څو هر څوک پایله وویني او تصدیق یې کړي. دا رښتینې رایه اچونه نه ده.',
  },
  questions: [
    {
      question: {
        en: 'Which form of government should Afghanistan have?',
        'fa-AF': 'افغانستان باید کدام شکل نظام را داشته باشد؟',
        'ps-AF': 'افغانستان باید کوم ډول نظام ولري؟',
      },
      answers: [
        { en: 'Federal parliamentary republic', 'fa-AF': 'جمهوری پارلمانی فدرال', 'ps-AF': 'فدرالي پارلماني جمهوریت' },
        { en: 'Unitary parliamentary republic', 'fa-AF': 'جمهوری پارلمانی متمرکز', 'ps-AF': 'متمرکز پارلماني جمهوریت' },
        { en: 'Presidential republic', 'fa-AF': 'جمهوری ریاستی', 'ps-AF': 'ریاستي جمهوریت' },
        { en: 'Constitutional monarchy', 'fa-AF': 'پادشاهی مشروطه', 'ps-AF': 'مشروطه پاچاهي' },
      ],
      min: 1,
      max: 1,
      blank: false,
    },
    {
      question: {
        en: 'Which rights must the constitution guarantee first? (up to three)',
        'fa-AF': 'قانون اساسی نخست باید کدام حقوق را تضمین کند؟ (تا سه گزینه)',
        'ps-AF': 'اساسي قانون باید لومړی کوم حقونه تضمین کړي؟ (تر درېیو پورې)',
      },
      answers: [
        { en: "Girls' and women's right to education", 'fa-AF': 'حق آموزش دختران و زنان', 'ps-AF': 'د نجونو او ښځو د زده کړې حق' },
        { en: "Women's right to work", 'fa-AF': 'حق کار زنان', 'ps-AF': 'د ښځو د کار حق' },
        { en: 'Freedom of expression and of the press', 'fa-AF': 'آزادی بیان و رسانه‌ها', 'ps-AF': 'د بیان او رسنیو آزادي' },
        { en: 'Equal rights for every ethnic group', 'fa-AF': 'حقوق برابر برای همهٔ اقوام', 'ps-AF': 'د ټولو قومونو لپاره برابر حقونه' },
      ],
      min: 1,
      max: 3,
      blank: true,
    },
  ],
  opensAt: null,
  closesAt: null,
  trustees: { count: 3, threshold: 2 },
};

const TRANSITION: ElectionDraft = {
  name: {
    en: 'Transition — sample vote (open now)',
    'fa-AF': 'دورهٔ انتقالی — رأی‌گیری نمونه (اکنون باز)',
    'ps-AF': 'انتقالي دوره — نمونه رایه اچونه (اوس پرانیستې)',
  },
  description: {
    en: 'A sample vote open for trying Jirga with the demo credentials printed when the server started. Not a real vote.',
    'fa-AF': 'یک رأی‌گیری نمونه برای آزمودن جرگه با شناسه‌های آزمایشی که هنگام روشن شدن سرور چاپ شده‌اند. این رأی‌گیری واقعی نیست.',
    'ps-AF': 'یوه نمونه رایه اچونه د جرګې د ازمویلو لپاره، د هغو آزمايښتي پېژندنو سره چې د سرور د پیل پر مهال چاپ شوې. دا رښتینې رایه اچونه نه ده.',
  },
  questions: [
    {
      question: {
        en: 'Should a constitutional assembly be elected within two years?',
        'fa-AF': 'آیا باید در ظرف دو سال یک مجلس مؤسسان انتخاب شود؟',
        'ps-AF': 'ایا باید په دوو کلونو کې یوه مؤسسان جرګه وټاکل شي؟',
      },
      answers: [
        { en: 'Yes', 'fa-AF': 'بلی', 'ps-AF': 'هو' },
        { en: 'No', 'fa-AF': 'نخیر', 'ps-AF': 'نه' },
      ],
      min: 1,
      max: 1,
      blank: true,
    },
    {
      question: {
        en: 'How should a transitional government be chosen?',
        'fa-AF': 'حکومت انتقالی چگونه باید برگزیده شود؟',
        'ps-AF': 'انتقالي حکومت باید څنګه وټاکل شي؟',
      },
      answers: [
        { en: 'By an inclusive national jirga', 'fa-AF': 'از راه یک جرگهٔ ملی فراگیر', 'ps-AF': 'د یوې هر اړخیزې ملي جرګې له لارې' },
        { en: 'By an election under UN supervision', 'fa-AF': 'از راه انتخابات زیر نظارت سازمان ملل', 'ps-AF': 'د ملګرو ملتونو تر څارنې لاندې د ټاکنو له لارې' },
        { en: 'By agreement between political forces', 'fa-AF': 'از راه توافق میان نیروهای سیاسی', 'ps-AF': 'د سیاسي ځواکونو ترمنځ د هوکړې له لارې' },
      ],
      min: 1,
      max: 1,
      blank: false,
    },
  ],
  opensAt: null,
  closesAt: null,
  trustees: { count: 3, threshold: 2 },
};

export interface DemoElection {
  uuid: string;
  state: string;
  credentials: string[];
  trustees: { token: string; keyFile: string }[];
}

/** Play the credential authority and the trustees of a new election, then open it. */
async function setUpElection(ctx: ServiceContext, conventionId: string, draft: ElectionDraft, voters: number, keyDir: string): Promise<DemoElection & { privateLines: string[] }> {
  const uuid = await createElection(ctx, conventionId, draft);
  // the demo prints its trustees' links for visitors to try decryption: they last a year, not the default 14 days
  const invitations = await startSetup(ctx, uuid, { allowMissingTranslations: false, linkLifetimeDays: 365 });
  const creds = generateCredentials(getGroup(ELECTION_GROUP), uuid, Array.from({ length: voters }, (_, i) => parseVoterLine(`demo-voter-${i + 1}`)));
  await uploadPublicCredentials(ctx, invitations.credentialAuthority, creds.publicCredentials);
  const keyFiles = new Map<string, string>();
  // the threshold protocol: certificate, polynomial, key output — each trustee in turn
  for (let round = 0; round < 3; round++) {
    for (const token of invitations.trustees) {
      const task = await trusteeTask(ctx, token, (u, o) => hasDecrypted(ctx.db, u, o));
      const step = trusteeKeyStep(task, keyFiles.get(token));
      if (step.keyFile) keyFiles.set(token, step.keyFile.content);
      await submitTrusteeStep(ctx, token, step.submission);
    }
  }
  await openElection(ctx, uuid);
  mkdirSync(keyDir, { recursive: true });
  const trustees = invitations.trustees.map((token, i) => {
    const file = join(keyDir, `trustee-${i + 1}-${uuid}.key.json`);
    writeFileSync(file, keyFiles.get(token)!, { mode: 0o600 });
    return { token, keyFile: file };
  });
  return { uuid, state: 'open', credentials: creds.privateLines.map((l) => l.split(' ').pop()!), privateLines: creds.privateLines, trustees };
}

const demoCredentialsFile = (dataDir: string) => join(dataDir, 'demo-keys', 'demo-credentials.json');

/** The demo's sample credentials saved by seedDemo in this data directory (none if it never ran here). */
export function loadDemoCredentials(dataDir: string): Map<string, readonly string[]> {
  const file = demoCredentialsFile(dataDir);
  if (!existsSync(file)) return new Map();
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
  return new Map(Object.entries(saved));
}

export async function seedDemo(ctx: ServiceContext, dataDir: string): Promise<DemoElection[]> {
  const conventionId = await createConvention(
    ctx,
    {
      title: { en: 'Demo convention of Afghans', 'fa-AF': 'جرگهٔ آزمایشی افغان‌ها', 'ps-AF': 'د افغانانو آزمايښتي جرګه' },
      description: {
        en: 'A demonstration of Jirga with sample data: nothing here is a real vote.',
        'fa-AF': 'نمایش جرگه با داده‌های نمونه: هیچ‌کدام از این رأی‌گیری‌ها واقعی نیست.',
        'ps-AF': 'د جرګې نندارتون له نمونه معلوماتو سره: دلته هېڅ یوه رایه اچونه رښتینې نه ده.',
      },
    },
    null,
  );
  const keyDir = join(dataDir, 'demo-keys');
  // 1. counted: 24 voters, 3 re-votes, two of three trustees decrypt
  const counted = await setUpElection(ctx, conventionId, GOVERNMENT, 24, keyDir);
  const election = await frozenElection(ctx.db, counted.uuid);
  const questions = election.election.questions.filter(isHomomorphic);
  for (const credential of [...counted.credentials, ...counted.credentials.slice(0, 3)]) {
    await castBallot(ctx, counted.uuid, createBallot(election, credential, questions.map((q) => randomPlaintext(q))).text);
  }
  await closeElection(ctx, counted.uuid);
  for (const { token, keyFile } of counted.trustees.slice(0, 2)) {
    const task = await trusteeTask(ctx, token, (u, o) => hasDecrypted(ctx.db, u, o));
    const state = await talliedBoard(ctx.db, counted.uuid);
    const pd = trusteeDecryption({ ...task, electionRaw: election.raw, encryptedTally: state!.tallyText }, readFileSync(keyFile, 'utf8'));
    await submitPartialDecryption(ctx, token, pd);
  }
  // 2. open for voting
  const open = await setUpElection(ctx, conventionId, TRANSITION, 10, keyDir);
  // its sample credentials are shown on its page (a visitor of a hosted demo never
  // sees the server's console), and kept for the next start of this server
  (ctx.demoCredentials ??= new Map()).set(open.uuid, open.credentials);
  writeFileSync(demoCredentialsFile(dataDir), JSON.stringify({ [open.uuid]: open.credentials }), { mode: 0o600 });
  return [
    { ...counted, state: 'published' },
    { ...open, state: 'open' },
  ];
}
