// The draft's three kinds of question (issue 19): choose (homomorphic, as before; drafts
// written before `kind` existed still read), ranked (Schulze or STV with seats) and graded
// (majority judgment with named grades). Bad drafts are refused with a message a person
// understands; the template carries the method in "extra" as Belenios's forms write it,
// which is what the result pages and the verifier read back (nh-count.ts: methodOf).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingTranslations, templateOf, zElectionDraft } from '../../src/api/election-draft.ts';
import { formatIssues } from '../../src/protocol/codec.ts';
import { methodOf } from '../../web/src/features/elections/results/nh-count.ts';
import type { QuestionNH } from '../../src/protocol/codec.ts';

const t3 = (s: string) => ({ en: s, 'fa-AF': `${s} (fa)`, 'ps-AF': `${s} (ps)` });
const base = { name: t3('Delegates'), description: {}, trustees: { count: 1, threshold: null } };
const choose = { question: t3('Q'), answers: [t3('a'), t3('b')], min: 1, max: 1, blank: false };
const stv = { kind: 'ranked', method: 'stv', seats: 2, question: t3('Elect two'), answers: [t3('A'), t3('B'), t3('C')] };
const schulze = { kind: 'ranked', method: 'schulze', blank: true, question: t3('Which future?'), answers: [t3('Federal'), t3('Parliamentary')] };
const graded = { kind: 'graded', question: t3('Grade each'), answers: [t3('X'), t3('Y')], grades: [t3('Excellent'), t3('Good'), t3('Reject')] };

const problem = (questions: unknown[]) => {
  const r = zElectionDraft.safeParse({ ...base, questions });
  return r.success ? undefined : formatIssues(r.error);
};

test('a draft written before question kinds existed still reads, as a choose question', () => {
  const r = zElectionDraft.parse({ ...base, questions: [choose] });
  assert.equal(r.questions[0]!.kind, undefined);
  assert.deepEqual(templateOf(r).questions[0], { question: JSON.stringify(t3('Q')), answers: [JSON.stringify(t3('a')), JSON.stringify(t3('b'))], min: 1, max: 1 });
});

test('ranked and graded questions become non-homomorphic questions with their method in "extra"', () => {
  const d = zElectionDraft.parse({ ...base, questions: [choose, stv, schulze, graded] });
  const qs = templateOf(d).questions;
  assert.deepEqual(qs[1], {
    type: 'NonHomomorphic',
    value: { question: JSON.stringify(t3('Elect two')), answers: ['A', 'B', 'C'].map((x) => JSON.stringify(t3(x))) },
    extra: { type: 'PreferentialVoting', blank: false, seats: 2, method: 'STV' },
  });
  assert.deepEqual(methodOf(qs[1] as QuestionNH), { kind: 'stv', seats: 2 });
  assert.deepEqual(methodOf(qs[2] as QuestionNH), { kind: 'schulze', blank: true });
  const mj = methodOf(qs[3] as QuestionNH);
  assert.equal(mj?.kind, 'majority-judgment');
  assert.deepEqual(mj?.kind === 'majority-judgment' ? mj.grades.map((g) => g['ps-AF']) : [], ['Excellent (ps)', 'Good (ps)', 'Reject (ps)']);
  assert.equal(mj?.kind === 'majority-judgment' && mj.blank, false);
});

test('bad ranked and graded questions are refused with a reason', () => {
  assert.match(problem([{ ...stv, seats: undefined }]) ?? '', /STV question needs its number of seats/);
  assert.match(problem([{ ...stv, seats: 3 }]) ?? '', /more candidates than seats/);
  assert.match(problem([{ ...schulze, seats: 1 }]) ?? '', /only an STV question has seats/);
  assert.match(problem([{ ...stv, blank: true }]) ?? '', /STV ballot cannot be blank/);
  assert.match(problem([{ ...schulze, answers: [t3('only')] }]) ?? '', /at least two answers/);
  assert.match(problem([{ ...schulze, method: 'borda' }]) ?? '', /"schulze" or "stv"/);
  assert.match(problem([{ ...graded, grades: [t3('one')] }]) ?? '', /at least two grades/);
  assert.match(problem([{ ...choose, kind: 'approval' }]) ?? '', /kind|discriminator/i);
});

test('a grade not written in all three languages is listed as missing', () => {
  const d = zElectionDraft.parse({ ...base, questions: [{ ...graded, grades: [t3('Good'), { en: 'Bad' }] }] });
  assert.deepEqual(missingTranslations(d), [{ text: 'grade', question: 1, grade: 2, missing: ['fa-AF', 'ps-AF'] }]);
});

test("an STV question's candidates may be described, one description each, in the self-description categories", () => {
  const described = { ...stv, candidates: [{ gender: 'woman', ethnicity: 'hazara' }, { gender: 'man' }, {}] };
  const d = zElectionDraft.parse({ ...base, questions: [described] });
  assert.deepEqual(d.questions[0]!.kind === 'ranked' ? d.questions[0]!.candidates : undefined, described.candidates);
  // the description is not part of the Belenios template (the ballot does not carry it)
  assert.equal(JSON.stringify(templateOf(d)).includes('hazara'), false);
  assert.match(problem([{ ...stv, candidates: [{ gender: 'woman' }] }]) ?? '', /one description per candidate/);
  assert.match(problem([{ ...stv, candidates: [{ gender: 'female' }, {}, {}] }]) ?? '', /"female" is not a category of gender: one of woman, man, other/);
  assert.match(problem([{ ...stv, candidates: [{ tribe: 'x' }, {}, {}] }]) ?? '', /"tribe" is not a dimension/);
  assert.match(problem([{ ...schulze, candidates: [{}, {}] }]) ?? '', /only the candidates of an STV question/);
});
