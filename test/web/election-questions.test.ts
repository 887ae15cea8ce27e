// The public election page lists every question in the election's order — choose questions
// and ranked or graded ones — each with how it is answered and counted, in the reader's
// language (before, it listed only the choose questions).
import assert from 'node:assert/strict';
import { test } from 'node:test';

const g = globalThis as unknown as { sessionStorage?: unknown; document?: unknown };
g.sessionStorage ??= { getItem: () => null, setItem: () => undefined };
g.document ??= { documentElement: {} };
const i18n = await import('../../web/src/i18n/index.ts');
const { questionItems } = await import('../../web/src/features/elections/election-page.tsx');

const t = (en: string) => ({ en, 'ps-AF': `${en} (ps)` });
const election = {
  questions: [
    { question: t('Hold it in Kabul?'), answers: [t('Yes'), t('No')], min: 1, max: 1, blank: false },
    { question: t('Which rights first?'), answers: [t('Education'), t('Work')], min: 1, max: 2, blank: true },
  ],
  nhQuestions: [
    { position: 1, question: t('Delegates'), answers: [t('Aziza'), t('Bashir'), t('Farida')], method: { kind: 'stv' as const, seats: 2 }, ballots: null },
    { position: 3, question: t('Grade the plans'), answers: [t('Plan A')], method: { kind: 'majority-judgment' as const, grades: [t('Good'), t('Poor')], blank: true }, ballots: null },
  ],
};

test('choose, ranked and graded questions in the election order, with how each is answered', async () => {
  await i18n.setLanguage('en', ['vote', 'elections']);
  const items = questionItems(election);
  assert.deepEqual(items.map((q) => [q.position, q.question.en]), [[0, 'Hold it in Kabul?'], [1, 'Delegates'], [2, 'Which rights first?'], [3, 'Grade the plans']]);
  assert.match(items[1]!.how, /Rank the candidates: 2 will be elected by single transferable vote/);
  assert.match(items[3]!.how, /Give each option a grade .*: Good, Poor\./);
  assert.equal(items[3]!.answers.length, 1);
});

test('in Pashto, the ways of answering are Pashto, with Pashto digits and the grades in Pashto', async () => {
  await i18n.setLanguage('ps-AF', ['vote', 'elections']);
  const items = questionItems(election);
  assert.match(items[1]!.how, /^نوماندان په ترتیب کړئ: ۲ تنه/);
  assert.match(items[3]!.how, /Good \(ps\)، Poor \(ps\)/);
  assert.doesNotMatch(items.map((q) => q.how).join(' ').replace(/\((ps)\)|Good|Poor/g, ''), /[A-Za-z]/);
});
