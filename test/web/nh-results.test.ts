// The result views of ranked and graded questions (web/src/features/elections/results/):
// the method read from a question's "extra" as Belenios writes it, the count run with
// src/protocol/methods, the shapes the pages draw (matrix, pairs, chart bars, stacked
// bars), and the components rendered in English and in Pashto — every round of an STV
// count with its tie-breaks in words, Schulze's duels and strongest chains, majority
// judgment's merit profiles — with Persian digits, no untranslated key and no style attribute.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { h } from 'preact';
import { renderHtml, textOfHtml } from '../helpers/render-html.ts';

// the i18n module keeps the language choice in the tab's sessionStorage and sets the page's lang/dir
const g = globalThis as unknown as { sessionStorage?: unknown; document?: unknown };
g.sessionStorage ??= { getItem: () => null, setItem: () => undefined };
g.document ??= { documentElement: {} };
const i18n = await import('../../web/src/i18n/index.ts');
const { countNh, fromBelenios, meritSegments, methodOf, placesOf, schulzeMatrix, schulzePairs, stvChart, roundVotes } = await import('../../web/src/features/elections/results/nh-count.ts');
const { NhResult } = await import('../../web/src/features/elections/results/nh-result.tsx');
const { gradeTone } = await import('../../web/src/features/elections/results/majority-judgment-result.tsx');
type NhQuestionResult = import('../../web/src/features/elections/results/nh-count.ts').NhQuestionResult;

const named = (...names: string[]) => names.map((n) => ({ en: n, 'ps-AF': `${n}-ps` }));
const render = (result: NhQuestionResult) => renderHtml(h(NhResult, { result, id: 'q1' }));

// the example of docs/counting-methods.md: quota 3; 0 elected with exactly the quota, then
// two eliminations decided by ties (3 before 2, then 2 before 1), then 1 takes the last seat
const STV_BALLOTS = [[1, 2, 0, 0], [1, 2, 0, 0], [1, 2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 2, 1], [0, 1, 0, 2]];
// a Condorcet cycle: A beats B 6:3, B beats C 7:2, C beats A 5:4; strongest chains give A, B, C
const CYCLE = [...Array(4).fill([1, 2, 3]), ...Array(3).fill([3, 1, 2]), ...Array(2).fill([2, 3, 1])] as number[][];

describe('reading the method of a ranked or graded question', () => {
  test('Belenios’s three extras, and anything else is no method', () => {
    const q = (extra: unknown) => ({ type: 'NonHomomorphic' as const, value: { question: 'Q', answers: ['a', 'b'] }, extra });
    assert.deepEqual(methodOf(q({ type: 'PreferentialVoting', blank: true, method: 'Schulze' })), { kind: 'schulze', blank: true });
    assert.deepEqual(methodOf(q({ type: 'PreferentialVoting', blank: false, seats: 3, method: 'STV' })), { kind: 'stv', seats: 3 });
    assert.deepEqual(methodOf(q({ type: 'ScoreVoting', blank: false, method: 'MajorityJudgment', grades: ['Good', '{"en":"Poor","ps-AF":"کمزوری"}'] })), {
      kind: 'majority-judgment',
      blank: false,
      grades: [{ raw: 'Good' }, { en: 'Poor', 'ps-AF': 'کمزوری' }],
    });
    for (const extra of [undefined, null, {}, { method: 'Borda' }, { method: 'STV', seats: 0 }, { method: 'STV' }, { method: 'MajorityJudgment', grades: [] }]) assert.equal(methodOf(q(extra)), undefined, JSON.stringify(extra));
  });

  test('the adapter from election.json and the result gives the texts, the method and the ballots', () => {
    const r = fromBelenios({ type: 'NonHomomorphic', value: { question: 'Delegates', answers: ['a', 'b', 'c', 'd'] }, extra: { method: 'STV', seats: 2 } }, STV_BALLOTS);
    assert.deepEqual(r?.choices, [{ raw: 'a' }, { raw: 'b' }, { raw: 'c' }, { raw: 'd' }]);
    assert.deepEqual(r?.method, { kind: 'stv', seats: 2 });
    assert.equal(r?.ballots, STV_BALLOTS);
    assert.equal(fromBelenios({ type: 'NonHomomorphic', value: { question: 'Q', answers: ['a'] } }, []), undefined);
  });
});

describe('the count and what the pages draw of it', () => {
  test('Schulze: the matrix, each pair once with its winner first, the places', () => {
    const c = countNh({ choices: named('A', 'B', 'C'), method: { kind: 'schulze', blank: false }, ballots: CYCLE });
    assert.equal(c.kind, 'schulze');
    if (c.kind !== 'schulze') return;
    assert.deepEqual(c.view.ranking, [[0], [1], [2]]);
    const m = schulzeMatrix(c.view);
    assert.deepEqual(m.map((row) => row.map((x) => x?.votes)), [[undefined, 6, 4], [3, undefined, 7], [5, 2, undefined]]);
    assert.deepEqual(m.map((row) => row.map((x) => x?.wins)), [[undefined, true, false], [false, undefined, true], [true, false, undefined]]);
    assert.deepEqual(m[0]![2]!.strength, [6, 3], 'A reaches C through B, as strong as its weaker duel');
    assert.equal(m[0]![2]!.beats, true);
    assert.deepEqual(schulzePairs(c.view).map((d) => [d.from, d.to]), [[0, 1], [1, 2], [2, 0]]);
    assert.deepEqual([...placesOf([[1, 2], [0]])], [[1, 1], [2, 1], [0, 3]]);
  });

  test('STV: every round on one scale, the quota marked, elected and eliminated', () => {
    const c = countNh({ choices: named('A', 'B', 'C', 'D'), method: { kind: 'stv', seats: 2 }, ballots: STV_BALLOTS });
    assert.equal(c.kind, 'stv');
    if (c.kind !== 'stv') return;
    assert.equal(c.count.quota, 3);
    const chart = stvChart(c.count);
    assert.equal(chart.length, 4);
    assert.deepEqual(chart.map((r) => r.quotaAt), [1, 1, 1, 1], 'no tally exceeds the quota here');
    assert.deepEqual(chart.map((r) => r.bars.map((b) => `${b.choice}:${b.votes}:${b.status}`)), [
      ['0:3:elected', '1:2:continuing', '2:1:continuing', '3:1:continuing'],
      ['1:2:continuing', '2:1:continuing', '3:1:eliminated'],
      ['1:2:continuing', '2:2:eliminated'],
      ['1:2:elected'],
    ]);
    for (const r of chart) for (const b of r.bars) assert.ok(b.share >= 0 && b.share <= 1);
    // a surplus: 7 ballots for A then B, quota 4, so 3 votes go on at 3/7 each
    const s = countNh({ choices: named('A', 'B', 'C'), method: { kind: 'stv', seats: 2 }, ballots: [...Array(7).fill([1, 2, 0]), [0, 0, 1], [0, 0, 1], [0, 1, 0]] as number[][] });
    assert.equal(s.kind, 'stv');
    if (s.kind !== 'stv') return;
    const first = s.count.rounds[0]!;
    assert.deepEqual(first.outcome.kind === 'elected' ? [first.outcome.choice, first.outcome.surplus, roundVotes(first.outcome.transferValue)] : [], [0, 3, 0.43]);
    assert.equal(roundVotes(first.transfers.find((t) => t.choice === 1)!.votes), 3);
    assert.ok(stvChart(s.count)[0]!.quotaAt < 1, 'the scale is the largest tally when it exceeds the quota');
  });

  test('majority judgment: stacked segments fill the bar, the tones go from best to worst', () => {
    assert.deepEqual(meritSegments([1, 0, 3]), [
      { grade: 1, count: 1, start: 0, width: 0.25 },
      { grade: 2, count: 0, start: 0.25, width: 0 },
      { grade: 3, count: 3, start: 0.25, width: 0.75 },
    ]);
    assert.deepEqual(meritSegments([0, 0]).map((s) => s.width), [0, 0]);
    assert.deepEqual([1, 2, 3, 4, 5].map((gr) => gradeTone(gr, 5)), [0, 2, 3, 5, 6]);
    assert.equal(gradeTone(1, 1), 0);
  });

  test('ballots the method refuses give the reason, not a made-up count', () => {
    const c = countNh({ choices: named('A', 'B'), method: { kind: 'stv', seats: 1 }, ballots: [[1, 2, 0]] });
    assert.equal(c.kind, 'refused');
    const m = countNh({ choices: named('A', 'B'), method: { kind: 'majority-judgment', grades: named('good', 'bad'), blank: false }, ballots: [[1]] });
    assert.equal(m.kind, 'refused');
    assert.match(m.kind === 'refused' ? m.reason : '', /ballot 1 has 1 numbers, but there are 2 choices/);
  });
});

describe('the components', () => {
  before(() => i18n.setLanguage('en', ['results', 'elections']));

  test('STV in English: quota, every round with its tie-break in words, chart and table', async () => {
    await i18n.setLanguage('en', ['results']);
    const html = render({ question: { en: 'Delegates' }, choices: named('Ahmad', 'Bibi', 'Cyrus', 'Dunya'), method: { kind: 'stv', seats: 2 }, ballots: STV_BALLOTS });
    const text = textOfHtml(html);
    assert.match(text, /Quota: 3 votes/);
    assert.match(text, /Ahmad reaches the quota \(3\) with 3 votes and is elected\. It has exactly the quota/);
    assert.match(text, /Dunya and Cyrus have the fewest votes \(1\): the tie is broken by the order of the ballot paper, and Dunya, listed later, is eliminated\./);
    assert.match(text, /Received by transfer: Cyrus \+1\./);
    assert.match(text, /Cyrus and Bibi have the fewest votes \(2\)/);
    assert.match(text, /2 votes have no further choice and leave the count\./);
    assert.match(text, /No more candidates remain than seats to fill; elected: Bibi\./);
    assert.equal(html.match(/data-testid="stv-round"/g)?.length, 4);
    // the chart: one bar per candidate still counted in each round (4 + 3 + 2 + 1), each an image with its words
    assert.equal(html.match(/<svg class="nh-bar"[^>]*role="img"/g)?.length, 10);
    assert.match(html, /aria-label="Cyrus: 2 votes \(quota 3\)"/);
    // the table: a header per round, the winners listed
    assert.equal(html.match(/<th scope="col">Round \d<\/th>/g)?.length, 4);
    assert.match(html, /<caption[^>]*>Votes of each candidate in each round/);
    assert.match(textOfHtml(html.match(/<ol[^>]*data-testid="stv-winners".*?<\/ol>/)![0]), /Ahmad\s*Bibi/);
    assert.doesNotMatch(html, /style=/, 'no style attribute: the CSP forbids them');
  });

  test('Schulze in English: the duels in a scrolling table and in sentences, the strongest chains', async () => {
    await i18n.setLanguage('en', ['results']);
    const html = render({ question: { en: 'Which future?' }, choices: named('Federal', 'Parliamentary', 'Council'), method: { kind: 'schulze', blank: false }, ballots: CYCLE });
    const text = textOfHtml(html);
    assert.match(html, /<div class="table-scroll" tabindex="0" role="region" aria-labelledby="q1-duels">/);
    assert.match(text, /Federal beats Parliamentary: 6 ballots rank Federal higher, 3 rank Parliamentary higher\./);
    assert.match(text, /Council beats Federal: 5 ballots rank Council higher, 4 rank Federal higher\./);
    assert.match(text, /Federal comes above Council: the weakest duel on the strongest chain from Federal to Council \(Federal → Parliamentary → Council\) is won 6 to 3; on the strongest chain back \(Council → Federal\), only 5 to 4\./);
    assert.match(textOfHtml(html.match(/<ol[^>]*data-testid="nh-ranking".*?<\/ol>/)![0]), /^Federal Parliamentary Council$/);
    assert.equal(html.match(/<th scope="row">/g)?.length, 6, 'two matrices of three rows');
    assert.doesNotMatch(html, /style=/);
  });

  test('majority judgment in English: merit profiles as stacked bars with words, majority grades, ranking', async () => {
    await i18n.setLanguage('en', ['results']);
    const ballots = [[1, 2], [1, 3], [2, 3], [3, 1], [0, 0], [4, 1]];
    const html = render({ question: { en: 'Grade the plans' }, choices: named('Plan A', 'Plan B'), method: { kind: 'majority-judgment', grades: named('Good', 'Fair', 'Poor'), blank: true }, ballots });
    const text = textOfHtml(html);
    assert.match(text, /4 ballots counted\. 1 blank ballot\. 1 ballot set aside as invalid\./);
    assert.match(html, /role="img" aria-label="Grades of Plan A: Good: 2 ballots; Fair: 1 ballots; Poor: 1 ballots"/);
    assert.match(text, /Plan A Majority grade: Good Grades better than Good: 0; worse: 2\./);
    assert.match(text, /Plan B Majority grade: Fair Grades better than Fair: 1; worse: 2\./);
    assert.equal(html.match(/class="nh-tone-\d"/g)?.length, 3 + 3 + 3, 'the legend, then every grade some ballot gave');
    assert.doesNotMatch(html, /style=/);
  });

  test('in Pashto: every text translated, numbers in Persian digits, names as the reader has them', async () => {
    await i18n.setLanguage('ps-AF', ['results']);
    try {
      const results: NhQuestionResult[] = [
        { question: { 'ps-AF': 'استازي' }, choices: named('A', 'B', 'C', 'D'), method: { kind: 'stv', seats: 2 }, ballots: STV_BALLOTS },
        { question: { 'ps-AF': 'راتلونکی' }, choices: named('A', 'B', 'C'), method: { kind: 'schulze', blank: false }, ballots: CYCLE },
        { question: { 'ps-AF': 'درجې' }, choices: named('A', 'B'), method: { kind: 'majority-judgment', grades: named('G1', 'G2', 'G3'), blank: false }, ballots: [[1, 2], [2, 3], [3, 1]] },
      ];
      for (const r of results) {
        const text = textOfHtml(render(r));
        assert.doesNotMatch(text, /nh\.\w/, 'no key shown bare');
        assert.doesNotMatch(text.replace(/[A-D]-ps|G\d-ps/g, ''), /[A-Za-z0-9]/, `only the names are in Latin letters: ${text}`);
        assert.match(text, /[۰-۹]/);
      }
      const stv = textOfHtml(render(results[0]!));
      assert.match(stv, /«D-ps» او «C-ps» تر ټولو لږې رایې لري \(۱\)/);
      assert.match(stv, /د ټاکل کېدو کوټه: ۳ رایې/);
    } finally {
      await i18n.setLanguage('en', ['results']);
    }
  });
});
