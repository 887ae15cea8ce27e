// The organiser's draft editor with ranked and graded questions (issue 19): switching a
// question's kind keeps its text and answers; what is sent holds only the fields of the
// chosen kind, and is what the server's schema reads; a saved draft of every kind comes back
// into the editor and out again unchanged; the default grades are written in the three
// languages; the schema's messages reach the form; and the editor's and the freeze summary's
// texts are in Pashto, with the kind, seats and grades shown.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { h } from 'preact';
import { zElectionDraft, type ElectionDraft } from '../../src/api/election-draft.ts';
import { LANGUAGES } from '../../src/kernel/texts.ts';
import { renderHtml, textOfHtml } from '../helpers/render-html.ts';

// the i18n module keeps the language choice in the tab's sessionStorage and sets the page's lang/dir
const g = globalThis as unknown as { sessionStorage?: unknown; document?: unknown };
g.sessionStorage ??= { getItem: () => null, setItem: () => undefined };
g.document ??= { documentElement: {} };
const i18n = await import('../../web/src/i18n/index.ts');
const { DEFAULT_GRADES, editableQuestion, kindOf, newQuestion, questionDraftOf, withKind, QUESTION_KINDS } = await import('../../web/src/features/elections/question-kinds.ts');
const { draftOf, editableFrom, emptyDraft, QuestionEditor } = await import('../../web/src/features/elections/draft-editor.tsx');
const { DraftQuestions, kindLine } = await import('../../web/src/features/elections/draft-questions.tsx');

const t3 = (en: string) => ({ en, 'fa-AF': `${en} (fa)`, 'ps-AF': `${en} (ps)` });
const answers = (...names: string[]) => names.map(t3);

const BASE = { name: t3('Convention'), description: {}, opensAt: null, closesAt: null, trustees: { count: 3, threshold: 2 } };
const CHOOSE = { question: t3('Which rights first?'), answers: answers('Education', 'Work', 'Movement'), min: 1, max: 2, blank: true };
const SCHULZE = { kind: 'ranked', method: 'schulze', question: t3('Which future?'), answers: answers('Federal republic', 'Parliamentary system', 'Transitional council'), blank: true };
const STV = { kind: 'ranked', method: 'stv', question: t3('Delegates'), answers: answers('Amina', 'Baz', 'Cawsar', 'Daud'), seats: 2 };
const GRADED = { kind: 'graded', question: t3('Grade each'), answers: answers('Plan A', 'Plan B'), grades: answers('Excellent', 'Good', 'Reject'), blank: false };
const parsed = (questions: unknown[]): ElectionDraft => zElectionDraft.parse({ ...BASE, questions });

describe('a question’s kind', () => {
  test('switching kinds keeps the text and the answers, and whatever was typed for the other kinds', () => {
    const q = { ...newQuestion(), question: t3('Q'), answers: answers('a', 'b', 'c'), min: 2, max: 3 };
    const stv = withKind(q, 'stv');
    assert.equal(stv.kind, 'stv');
    assert.deepEqual([stv.question, stv.answers], [q.question, q.answers]);
    const graded = withKind({ ...stv, seats: 2 }, 'graded');
    assert.deepEqual(graded.grades, [...DEFAULT_GRADES]);
    const back = withKind({ ...graded, grades: answers('Yes', 'No') }, 'choose');
    assert.deepEqual([back.min, back.max, back.seats, back.grades], [2, 3, 2, answers('Yes', 'No')]);
    assert.deepEqual(withKind(back, 'graded').grades, answers('Yes', 'No'), 'the grades typed are kept when the kind comes back');
    for (const k of QUESTION_KINDS) assert.deepEqual(withKind(q, k).answers, q.answers);
  });

  test('what is sent holds only the fields of the kind (no min or max on a ranked question, no blank on STV, no seats on Schulze)', () => {
    const q = { ...newQuestion(), question: t3('Q'), answers: answers('a', 'b', 'c'), min: 1, max: 2, blank: true, seats: 2, grades: answers('Good', 'Bad') };
    assert.deepEqual(Object.keys(questionDraftOf(withKind(q, 'choose'))).sort(), ['answers', 'blank', 'max', 'min', 'question']);
    assert.deepEqual(questionDraftOf(withKind(q, 'schulze')), { kind: 'ranked', method: 'schulze', question: q.question, answers: q.answers, blank: true });
    assert.deepEqual(questionDraftOf(withKind(q, 'stv')), { kind: 'ranked', method: 'stv', question: q.question, answers: q.answers, seats: 2 });
    assert.deepEqual(questionDraftOf(withKind(q, 'graded')), { kind: 'graded', question: q.question, answers: q.answers, grades: q.grades, blank: true });
  });

  test('a choose question switched to STV and saved reaches the server as an STV question only', () => {
    const e = emptyDraft();
    e.name = t3('Delegates');
    e.questions = [withKind({ ...e.questions[0]!, question: t3('Delegates'), answers: answers('A', 'B', 'C', 'D'), min: 2, max: 3, blank: true, seats: 2 }, 'stv')];
    const { draft, problem } = draftOf(e);
    assert.equal(problem, undefined);
    assert.deepEqual(draft?.questions, [{ kind: 'ranked', method: 'stv', question: t3('Delegates'), answers: answers('A', 'B', 'C', 'D'), seats: 2, blank: false }]);
  });

  test('the kind of a saved question: no kind is choose, as drafts were written before', () => {
    assert.deepEqual(parsed([CHOOSE, SCHULZE, STV, GRADED]).questions.map(kindOf), ['choose', 'schulze', 'stv', 'graded']);
    assert.equal(kindOf(parsed([{ ...CHOOSE, kind: 'choose' }]).questions[0]!), 'choose');
  });
});

describe('a saved draft into the editor and out again', () => {
  for (const [name, q] of [['choose', CHOOSE], ['Schulze', SCHULZE], ['STV', STV], ['graded', GRADED]] as const) {
    test(`a ${name} question comes back unchanged`, () => {
      const saved = parsed([q]);
      const editable = editableFrom(saved);
      const { draft, problem } = draftOf(editable);
      assert.equal(problem, undefined);
      // (the editor always sends its self-description questions, none here)
      assert.deepEqual(draft, { ...saved, selfDescription: [] });
      // the editor holds copies: editing them leaves the saved draft as it was
      editable.questions[0]!.answers[0]!.en = 'changed';
      assert.equal(saved.questions[0]!.answers[0]!.en, q.answers[0]!.en);
    });
  }

  test('all four kinds in one draft, self-description questions and schedule kept', () => {
    const saved = zElectionDraft.parse({ ...BASE, questions: [CHOOSE, SCHULZE, STV, GRADED], selfDescription: ['gender'] });
    assert.deepEqual(draftOf(editableFrom(saved)).draft, saved);
  });

  test('a ranked or graded question read into the editor has the other kinds’ fields at their defaults', () => {
    const [, schulze, stv, graded] = editableFrom(parsed([CHOOSE, SCHULZE, STV, GRADED])).questions;
    assert.deepEqual([schulze!.kind, schulze!.min, schulze!.max, schulze!.seats], ['schulze', 1, 1, 1]);
    assert.deepEqual(schulze!.grades, [...DEFAULT_GRADES]);
    assert.deepEqual([stv!.kind, stv!.seats, stv!.blank], ['stv', 2, false]);
    assert.deepEqual(graded!.grades, GRADED.grades);
    assert.deepEqual(editableQuestion(parsed([CHOOSE]).questions[0]!).grades, [...DEFAULT_GRADES]);
  });
});

describe('the default grades', () => {
  test('five grades, best first, each written in English, Dari and Pashto, all different', () => {
    assert.equal(DEFAULT_GRADES.length, 5);
    for (const grade of DEFAULT_GRADES) for (const l of LANGUAGES) assert.ok(grade[l]?.trim(), `${JSON.stringify(grade)} lacks ${l}`);
    assert.deepEqual(DEFAULT_GRADES.map((x) => x.en), ['Excellent', 'Good', 'Acceptable', 'Poor', 'Reject']);
    for (const l of ['fa-AF', 'ps-AF'] as const) {
      const names = DEFAULT_GRADES.map((x) => x[l]!);
      assert.equal(new Set(names).size, names.length, l);
      assert.ok(names.every((n) => !/[A-Za-z]/.test(n)), `${l}: ${names.join(', ')}`);
    }
  });

  test('a new graded question is valid as it comes, and its grades are its own', () => {
    const e = emptyDraft();
    e.name = t3('Futures');
    e.questions = [{ ...withKind(newQuestion(), 'graded'), question: t3('Grade each future'), answers: answers('A', 'B') }];
    const { draft, problem } = draftOf(e);
    assert.equal(problem, undefined);
    assert.deepEqual(draft?.questions[0]?.kind === 'graded' ? draft.questions[0].grades : [], [...DEFAULT_GRADES]);
    e.questions[0]!.grades[0]!.en = 'Superb';
    assert.equal(DEFAULT_GRADES[0]!.en, 'Excellent');
  });
});

describe('the schema’s messages reach the form', () => {
  const problemOf = (q: Partial<ReturnType<typeof newQuestion>>) => {
    const e = emptyDraft();
    e.name = t3('Vote');
    e.questions = [{ ...newQuestion(), question: t3('Q'), answers: answers('A', 'B', 'C'), ...q }];
    return draftOf(e).problem ?? '';
  };
  test('STV: as many seats as candidates, no seats, seats unreadable', () => {
    assert.match(problemOf({ kind: 'stv', seats: 3 }), /more candidates than seats/);
    assert.match(problemOf({ kind: 'stv', seats: 0 }), /at least one seat/);
    assert.match(problemOf({ kind: 'stv', seats: Number.NaN }), /seats/);
  });
  test('graded: one grade, eleven grades; ranked: one option', () => {
    assert.match(problemOf({ kind: 'graded', grades: answers('Only') }), /at least two grades/);
    assert.match(problemOf({ kind: 'graded', grades: Array.from({ length: 11 }, (_, i) => t3(`G${i}`)) }), /at most 10 grades/);
    assert.match(problemOf({ kind: 'schulze', answers: answers('A') }), /at least two answers/);
  });
  test('min and max typed for a choose question do not trouble a ranked one', () => {
    assert.match(problemOf({ kind: 'choose', min: 3, max: 1 }), /minimum number of answers is larger/);
    assert.equal(problemOf({ kind: 'schulze', min: 3, max: 1 }), '');
    assert.equal(problemOf({ kind: 'stv', min: Number.NaN, max: 9, seats: 1, blank: true }), '');
  });
});

describe('the editor and the summary in Pashto', () => {
  before(() => i18n.setLanguage('ps-AF', ['organiser', 'elections']));

  test('a graded question: the kind chosen, explained, the default grades in their fields, no English', () => {
    const q = { ...withKind(newQuestion(), 'graded'), question: t3('Q') };
    const html = renderHtml(h(QuestionEditor, { index: 1, q, onChange: () => undefined, onRemove: undefined }));
    assert.match(html, /<input id="q1-kind-graded" type="radio" name="q1-kind" value="graded" checked/);
    assert.doesNotMatch(html, /id="q1-kind-(choose|schulze|stv)"[^>]* checked/);
    for (const [j, grade] of DEFAULT_GRADES.entries()) for (const l of LANGUAGES) assert.ok(html.includes(`id="q1g${j}-${l}"`) && html.includes(`value="${grade[l]}"`), `grade ${j} ${l}`);
    const text = textOfHtml(html);
    assert.ok(text.includes('هر انتخاب ته درجه ورکول — د اکثریت قضاوت'));
    assert.ok(text.includes('درجه ۵'), text);
    assert.ok(text.includes('امینان'), 'the shuffle is explained');
    assert.doesNotMatch(text.replace(/English/g, ''), /draft\.|summary\.|[A-Za-z]{3,}/, 'no untranslated text');
  });

  test('the summary names each kind, the seats and the grades, in Persian digits', () => {
    const saved = parsed([CHOOSE, SCHULZE, STV, GRADED]);
    const lines = saved.questions.map(kindLine);
    assert.equal(lines[0], 'د ځوابونو غوره کول: له ۳ ځوابونو لږ تر لږه ۱ او ډېر نه ډېر ۲. رایه ورکوونکي کولی شي دا تشه پرېږدي.');
    assert.match(lines[1]!, /شولتز/);
    assert.match(lines[2]!, /له ۴ نوماندانو ۲ تنه ټاکل/);
    assert.doesNotMatch(lines[2]!, /تشه/, 'an STV question is never blank');
    assert.match(lines[3]!, /۲ انتخابونو ته په ۳ درجو/);
    // (textOfHtml puts a space at each tag's edge)
    const text = textOfHtml(renderHtml(h(DraftQuestions, { draft: saved }))).replace(/ ،/g, '،');
    assert.ok(text.includes('نوماندان: Amina (ps)، Baz (ps)، Cawsar (ps)، Daud (ps)'), text);
    assert.ok(text.includes('درجې (لومړۍ تر ټولو ښه ده): Excellent (ps)، Good (ps)، Reject (ps)'), text);
  });

  test('the same in English', async () => {
    await i18n.setLanguage('en', ['organiser', 'elections']);
    const saved = parsed([STV, GRADED]);
    assert.deepEqual(saved.questions.map(kindLine), ['Elect 2 of 4 candidates by single transferable vote.', 'Grade 2 options on 3 grades, counted by majority judgment.']);
  });
});

describe('STV candidates described for the delegation rules', () => {
  test('descriptions travel with their candidates: saved, read back, removed with their candidate', () => {
    const described = { ...STV, candidates: [{ gender: 'woman', ethnicity: 'hazara' }, { gender: 'man' }, {}, { ethnicity: 'uzbek' }] };
    const q = editableQuestion(parsed([described]).questions[0]!);
    assert.deepEqual(q.candidates, described.candidates);
    assert.deepEqual(questionDraftOf(q), { kind: 'ranked', method: 'stv', question: STV.question, answers: STV.answers, seats: 2, candidates: described.candidates });
    const { withAnswerRemoved, withAnswerAdded } = qk;
    const without = withAnswerRemoved(q, 1);
    assert.deepEqual(without.candidates, [{ gender: 'woman', ethnicity: 'hazara' }, {}, { ethnicity: 'uzbek' }]);
    const more = withAnswerAdded(without);
    assert.deepEqual(more.candidates.length, more.answers.length);
    // the server's schema reads what is sent
    assert.equal(zElectionDraft.safeParse({ ...BASE, questions: [questionDraftOf({ ...more, answers: [...more.answers.slice(0, 3), t3('Ehsan')] })] }).success, true);
  });

  test('"not said" is not sent, and no descriptions at all sends none', () => {
    const none: Record<string, string>[] = [{ gender: '' }, {}, {}, {}];
    const q = { ...editableQuestion(parsed([STV]).questions[0]!), candidates: none };
    assert.equal('candidates' in questionDraftOf(q), false);
    assert.equal('candidates' in questionDraftOf(withKind({ ...q, candidates: [{ gender: 'woman' }, {}, {}, {}] as Record<string, string>[] }, 'schulze')), false);
  });
});
const qk = await import('../../web/src/features/elections/question-kinds.ts');
