// Ranked and graded questions in the booth (web/src/features/vote/ranking.ts): what the
// voter's taps, moves and grades become — the exact vector the ballot encrypts — and that
// the counting methods (src/protocol/methods, as belenios-tool counts) read it as the
// voter meant: stv() takes the ranking as the preference list, schulze() and
// majorityJudgment() count it, a blank is counted blank. Then the vectors through a real
// ballot (createBallot, then the audit reads them back), the messages in the voter's
// language, and the components drawn in Pashto (fieldsets, legends, one radio per grade).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { h } from 'preact';
import { renderHtml, textOfHtml } from '../helpers/render-html.ts';
import { plaintextProblemNH } from '../../src/protocol/answers-nh.ts';
import { auditBallot } from '../../src/protocol/audit.ts';
import { checkBallot, createBallot } from '../../src/protocol/ballot.ts';
import type { QuestionNH, Template } from '../../src/protocol/codec.ts';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection } from '../../src/protocol/election.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { majorityJudgment, preferenceList, schulze, stv } from '../../src/protocol/methods/index.ts';
import { generateTrusteeKey } from '../../src/protocol/trustees.ts';
import { encodeTranslations } from '../../src/kernel/texts.ts';

// the i18n module keeps the language choice in the tab's sessionStorage and sets the page's lang/dir
const g = globalThis as unknown as { sessionStorage?: unknown; document?: unknown };
g.sessionStorage ??= { getItem: () => null, setItem: () => undefined };
g.document ??= { documentElement: {} };
const i18n = await import('../../web/src/i18n/index.ts');
const { gradingVector, moveRanked, nhFormOf, nhPlaintextOf, nhProblem, nhStarted, rankingVector, readNhVector, setBlank, setGrade, toggleRanked } = await import('../../web/src/features/vote/ranking.ts');
const { answerPlaintext, answerProblem, NOTHING_CHOSEN } = await import('../../web/src/features/vote/selection.ts');
const { methodOf } = await import('../../web/src/features/elections/results/nh-count.ts');
const { GradedQuestion } = await import('../../web/src/features/vote/nh-question.tsx');
const { BallotSummary } = await import('../../web/src/features/vote/ballot-summary.tsx');
type Selection = import('../../web/src/features/vote/selection.ts').Selection;

const G = getGroup('RFC-3526-2048');
const nh = (answers: string[], extra: unknown): QuestionNH => ({ type: 'NonHomomorphic', value: { question: 'Q', answers }, extra });
const SCHULZE = nh(['A', 'B', 'C'], { type: 'PreferentialVoting', blank: true, method: 'Schulze' });
const SCHULZE_NO_BLANK = nh(['A', 'B', 'C'], { type: 'PreferentialVoting', blank: false, method: 'Schulze' });
const STV = nh(['A', 'B', 'C', 'D'], { type: 'PreferentialVoting', blank: false, seats: 2, method: 'STV' });
const GRADES = ['Very good', 'Good', 'Poor'].map((en) => encodeTranslations({ en, 'ps-AF': `${en}-ps` }));
const MJ = nh(['A', 'B'], { type: 'ScoreVoting', blank: true, method: 'MajorityJudgment', grades: GRADES });

/** The voter's taps on a ranked question, one answer index each, from nothing. */
const tap = (...answers: number[]): Selection => answers.reduce<Selection>((s, a) => toggleRanked(s, a), NOTHING_CHOSEN);

describe('ranked and graded questions in the booth: the vectors', () => {
  before(() => i18n.setLanguage('en', ['vote']));

  test('the method is read from "extra" as the result pages read it (methodOf)', () => {
    assert.deepEqual(nhFormOf(SCHULZE), { kind: 'ranked', method: 'schulze', blank: true });
    assert.deepEqual(methodOf(SCHULZE), { kind: 'schulze', blank: true });
    assert.deepEqual(nhFormOf(STV), { kind: 'ranked', method: 'stv', blank: false, seats: 2 });
    assert.deepEqual(methodOf(STV), { kind: 'stv', seats: 2 });
    const mj = nhFormOf(MJ);
    assert.equal(mj.kind, 'graded');
    assert.deepEqual(mj.kind === 'graded' && mj.grades.map((x) => x.en), ['Very good', 'Good', 'Poor']);
    assert.equal(methodOf(MJ)?.kind, 'majority-judgment');
    // no method named: ranked, never blank (Belenios's booth ranks it too)
    assert.deepEqual(nhFormOf(nh(['A', 'B'], undefined)), { kind: 'ranked', method: 'unknown', blank: false });
  });

  test('ranking C then A of [A, B, C] is [2, 0, 1]; taps, un-taps and moves give exact vectors', () => {
    assert.deepEqual(rankingVector(3, [2, 0]), [2, 0, 1]);
    assert.deepEqual(nhPlaintextOf(SCHULZE, tap(2, 0)), [2, 0, 1]);
    // tap A, B, C, then B again: B leaves, C moves up to 2
    const s = tap(0, 1, 2, 1);
    assert.deepEqual(s.chosen, [0, 2]);
    assert.deepEqual(nhPlaintextOf(SCHULZE, s), [1, 0, 2]);
    // C moved up: C first
    assert.deepEqual(nhPlaintextOf(SCHULZE, moveRanked(s, 1, 0)), [2, 0, 1]);
    // moves past the ends are clamped, a move to the same place changes nothing
    assert.deepEqual(moveRanked(s, 0, -5).chosen, [0, 2]);
    assert.deepEqual(moveRanked(s, 0, 9).chosen, [2, 0]);
    assert.equal(moveRanked(s, 1, 1), s);
    // STV: four candidates, D B A ranked
    assert.deepEqual(nhPlaintextOf(STV, tap(3, 1, 0)), [3, 2, 0, 1]);
  });

  test('every ranking the booth can make is 1..k without gap or tie: STV reads it as the intended preference list', () => {
    // all orders of every subset of four candidates
    const orders: number[][] = [[]];
    for (let k = 0; k < 4; k++) for (const o of [...orders]) for (let a = 0; a < 4; a++) if (!o.includes(a) && o.length === k) orders.push([...o, a]);
    assert.equal(orders.length, 1 + 4 + 12 + 24 + 24);
    for (const order of orders) {
      const v = nhPlaintextOf(STV, tap(...order));
      assert.equal(plaintextProblemNH(G, STV, v), undefined);
      assert.deepEqual(preferenceList(v), order, `ranking ${order} gives ${v}`);
    }
  });

  test('STV counts the booth’s rankings: the candidate most voters put first and their next choices win the seats', () => {
    // 2 seats, quota ⌊7/3⌋+1 = 3
    const ballots = [tap(0, 1), tap(0, 1), tap(0, 2), tap(0), tap(2, 1), tap(2, 3), tap(1)].map((s) => nhPlaintextOf(STV, s));
    assert.deepEqual(ballots[0], [1, 2, 0, 0]);
    const result = stv(ballots, 2);
    assert.deepEqual(result.invalid, []);
    assert.deepEqual(result.ballots.length, 7);
    assert.equal(result.winners[0], 0);
    assert.equal(result.winners.length, 2);
  });

  test('Schulze counts them; an empty ranking ticked blank is counted blank, not valid', () => {
    const ballots = [tap(1, 0, 2), tap(1, 2), tap(0, 1, 2), setBlank(tap(0), true)].map((s) => nhPlaintextOf(SCHULZE, s));
    assert.deepEqual(ballots, [[2, 1, 3], [0, 1, 2], [1, 2, 3], [0, 0, 0]]);
    for (const v of ballots) assert.equal(plaintextProblemNH(G, SCHULZE, v), undefined);
    const r = schulze(ballots, { nchoices: 3, blankAllowed: true });
    assert.equal(r.valid, 3);
    assert.equal(r.blank, 1);
    assert.deepEqual(r.winners, [[1], [0], [2]]);
  });

  test('grades: index 0 (the best) is 1 ... the worst is G; a blank is all zero; majority judgment counts both', () => {
    let s: Selection = NOTHING_CHOSEN;
    s = setGrade(s, 2, 1, 2);
    assert.deepEqual(s.grades, [-1, 2]);
    assert.deepEqual(gradingVector(2, s.grades), [0, 3]);
    s = setGrade(s, 2, 0, 0);
    assert.deepEqual(nhPlaintextOf(MJ, s), [1, 3]);
    s = setGrade(s, 2, 0, 1); // changed
    assert.deepEqual(nhPlaintextOf(MJ, s), [2, 3]);
    const blank = setBlank(s, true);
    assert.deepEqual(nhPlaintextOf(MJ, blank), [0, 0]);
    assert.deepEqual(blank.grades, undefined, 'a blank keeps none of the grades');
    const ballots = [nhPlaintextOf(MJ, s), [1, 1], [1, 2], nhPlaintextOf(MJ, blank)];
    for (const v of ballots) assert.equal(plaintextProblemNH(G, MJ, v), undefined);
    const r = majorityJudgment(ballots, { nchoices: 2, ngrades: 3, blankAllowed: true });
    assert.equal(r.valid, 3);
    assert.equal(r.blank, 1);
    assert.deepEqual(r.invalid, []);
    assert.deepEqual(r.raw, [[2, 1, 0], [1, 1, 1]]);
    assert.deepEqual(r.winners, [[0], [1]]);
  });

  test('what cannot be cast yet, in the voter’s language (English and Pashto)', async () => {
    assert.equal(nhProblem(STV, NOTHING_CHOSEN), 'Rank at least one candidate.');
    assert.equal(nhProblem(STV, setBlank(NOTHING_CHOSEN, true)), 'Rank at least one candidate.', 'an STV question has no blank');
    assert.equal(nhProblem(STV, tap(2)), undefined);
    assert.equal(nhProblem(SCHULZE, NOTHING_CHOSEN), 'Rank at least one option, or vote blank.');
    assert.equal(nhProblem(SCHULZE, setBlank(NOTHING_CHOSEN, true)), undefined);
    assert.equal(nhProblem(SCHULZE_NO_BLANK, NOTHING_CHOSEN), 'Rank at least one option.');
    const half = setGrade(NOTHING_CHOSEN, 2, 0, 1);
    assert.equal(nhProblem(MJ, half), 'Give every option a grade, or vote blank: 1 of 2 graded so far.');
    assert.equal(nhProblem(MJ, setGrade(half, 2, 1, 0)), undefined);
    assert.equal(nhStarted(NOTHING_CHOSEN), false);
    assert.equal(nhStarted(half), true);
    // the same dispatch the booth uses for every question
    assert.equal(answerProblem(MJ, half), nhProblem(MJ, half));
    assert.deepEqual(answerPlaintext(STV, tap(1)), [0, 1, 0, 0]);
    assert.deepEqual(answerPlaintext({ question: 'H', answers: ['x', 'y'], min: 1, max: 1, blank: true }, { chosen: [1], blank: false }), [0, 0, 1]);
    await i18n.setLanguage('ps-AF', ['vote']);
    assert.equal(nhProblem(STV, NOTHING_CHOSEN), 'لږ تر لږه یو نوماند ترتیب کړئ.');
    assert.equal(nhProblem(MJ, half), 'ټولو انتخابونو ته درجه ورکړئ، یا سپینه رایه ورکړئ: تر اوسه له ۲ انتخابونو څخه ۱ ته درجه ورکړل شوې.');
    await i18n.setLanguage('en', ['vote']);
  });

  test('a vector read back for the review and audit screens', () => {
    assert.deepEqual(readNhVector(SCHULZE, [2, 0, 1]), { kind: 'ranked', order: [2, 0], unranked: [1] });
    assert.deepEqual(readNhVector(SCHULZE, [0, 0, 0]), { kind: 'blank' });
    assert.deepEqual(readNhVector(STV, [0, 0, 0, 0]), { kind: 'ranked', order: [], unranked: [0, 1, 2, 3] });
    assert.deepEqual(readNhVector(MJ, [2, 3]), { kind: 'graded', grades: [1, 2] });
    assert.deepEqual(readNhVector(MJ, [0, 0]), { kind: 'blank' });
  });
});

describe('ranked and graded questions in a real ballot', () => {
  const TEMPLATE: Template = {
    description: '',
    name: 'booth',
    questions: [{ answers: ['Yes', 'No'], min: 1, max: 1, question: 'Agree?' }, STV, MJ, SCHULZE],
  };
  const trustee = generateTrusteeKey(G);
  const ctx = loadElection(makeElection(TEMPLATE, 'Jirga1BoothNhUuid1', G.name, [['Single', trustee.publicKey]]));
  const creds = generateCredentials(G, ctx.election.uuid, [parseVoterLine('a@x')]);
  const credential = creds.privateLines[0]!.split(' ').pop()!;

  test('the booth’s plaintext is encrypted as it is: the ballot verifies and the audit reads the same vectors back', () => {
    const selections: Selection[] = [{ chosen: [1], blank: false }, tap(3, 0), setGrade(setGrade(NOTHING_CHOSEN, 2, 0, 2), 2, 1, 0), tap(2, 1)];
    const plaintext = ctx.election.questions.map((q, i) => answerPlaintext(q, selections[i]!));
    assert.deepEqual(plaintext, [[0, 1], [2, 0, 0, 1], [3, 1], [0, 2, 1]]);
    const prepared = createBallot(ctx, credential, plaintext);
    assert.equal(checkBallot(ctx, prepared.text).ok, true);
    const audit = auditBallot({ jirga: 'ballot-audit', version: 1, election: ctx.raw, ballot: prepared.text, randomness: prepared.randomness.map((q) => q.map(String)), choices: plaintext });
    assert.ok(audit.ok);
    assert.deepEqual(audit.choices, plaintext);
    assert.equal(audit.matchesClaim, true);
  });
});

describe('the components, in Pashto', () => {
  before(() => i18n.setLanguage('ps-AF', ['vote']));

  test('a graded question: one fieldset per option, its name the legend, one radio per grade with the grade’s name', () => {
    const html = renderHtml(h(GradedQuestion, { q: MJ, index: 1, selection: setGrade(NOTHING_CHOSEN, 2, 1, 2), onChange: () => undefined }));
    assert.equal(html.match(/<fieldset/g)?.length, 3);
    assert.equal(html.match(/<legend/g)?.length, 3);
    assert.equal(html.match(/type="radio"/g)?.length, 6);
    assert.equal(html.match(/ checked/g)?.length, 1, 'the one grade given');
    assert.match(html, /name="q1-a1" value="2" checked/);
    assert.equal(html.match(/class="grade selected"/g)?.length, 1);
    const text = textOfHtml(html);
    assert.match(text, /^۲\. Q/);
    assert.match(text, /Very good-ps Good-ps Poor-ps/);
    assert.match(text, /هر انتخاب ته یوه درجه ورکړئ/);
    assert.match(text, /سپینه رایه/);
    assert.doesNotMatch(text, /vote\./, 'no untranslated key');
  });

  test('the summary on the review screen: the ranking in order, what is not ranked, the grades by name', () => {
    const html = renderHtml(h(BallotSummary, { questions: [STV, MJ, SCHULZE], plaintext: [[2, 0, 0, 1], [3, 1], [0, 0, 0]] }));
    assert.match(html, /<ol class="summary-ranking" data-testid="summary-ranking"><li><span dir="auto">D<\/span><\/li><li><span dir="auto">A<\/span><\/li><\/ol>/);
    const text = textOfHtml(html);
    assert.match(text, /بې ترتیبه: B، C/);
    assert.match(text, /A : Poor-ps/);
    assert.match(text, /B : Very good-ps/);
    assert.match(text, /Q : سپینه رایه$/);
  });
});
