// No conclusions from too few answers (src/inclusion/composition.ts): below the
// minimum of answers a dimension gets counts and shares but no ratio, index or
// warning; a group is called under-represented only when the answers are enough to
// expect at least minCell of it; a delegation (the whole group) has no minimum. And
// the demo conversation's simulated self-descriptions (src/services/conversations/demo.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compositionReport, compositionReportFromCounts, DEFAULT_MIN_ANSWERS } from '../../src/inclusion/composition.ts';
import { AFGHANISTAN_REFERENCE, referenceShares } from '../../src/inclusion/dimensions.ts';
import { demoSelfDescriptions } from '../../src/services/conversations/demo.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jirga, tempDir } from '../helpers/tools.ts';

const rows = (spec: Record<string, number>, dimension = 'gender') => Object.entries(spec).flatMap(([c, n]) => Array.from({ length: n }, () => ({ [dimension]: c })));
const GENDER = { gender: { woman: 0.5, man: 0.5 } };

describe('no verdict from too few answers', () => {
  test('the default minimum is 30 answers', () => assert.equal(DEFAULT_MIN_ANSWERS, 30));

  test('one respondent (the issue\'s demo): no ratio, no index, no warning; counts and shares still shown', () => {
    // 46 of 47 gave no answer; the one who did is Pashtun: "Hazara 0% against 9%" must not be said
    const r = compositionReportFromCounts({ ethnicity: { pashtun: 1, 'no-answer': 46 } }, 47, referenceShares({ ethnicity: AFGHANISTAN_REFERENCE.ethnicity! }), { minCell: 10 });
    const d = r.dimensions[0]!;
    assert.equal(d.tooFewAnswers, true);
    assert.equal(d.answered, 1);
    assert.equal(d.gallagher, null);
    assert.equal(d.loosemoreHanby, null);
    assert.deepEqual(d.warnings, []);
    for (const c of d.categories) assert.equal(c.ratio, null, c.category);
    assert.equal(d.categories.find((c) => c.category === 'hazara')!.share, 0, 'the share itself is a fact and stays');
    assert.equal(r.minAnswers, 30);
  });

  test('29 answers: withheld; 30: shown (the boundary is the minimum itself)', () => {
    const at = (women: number, men: number) => compositionReport(rows({ woman: women, man: men }), GENDER, { warnBelow: 0.8 }).dimensions[0]!;
    const below = at(10, 19);
    assert.equal(below.tooFewAnswers, true);
    assert.equal(below.gallagher, null);
    assert.deepEqual(below.warnings, []);
    const enough = at(10, 20);
    assert.equal(enough.tooFewAnswers, false);
    assert.ok(enough.gallagher! > 0);
    // women 10 of 30 against 50%: ratio 0.67 < 0.8, and 15 were expected (≥ 10): a warning
    assert.deepEqual(enough.warnings.map((w) => w.category), ['woman']);
  });

  test('a configured minimum replaces the default, and must be a whole number ≥ 1', () => {
    const d = compositionReport(rows({ woman: 20, man: 30 }), GENDER, { minAnswers: 60 }).dimensions[0]!;
    assert.equal(d.tooFewAnswers, true);
    assert.equal(compositionReport(rows({ woman: 2, man: 3 }), GENDER, { minAnswers: 5 }).dimensions[0]!.tooFewAnswers, false);
    assert.throws(() => compositionReport(rows({ woman: 2 }), GENDER, { minAnswers: 0 }), /at least 1/);
    assert.throws(() => compositionReport(rows({ woman: 2 }), GENDER, { minAnswers: 2.5 }), /whole number/);
  });

  test('a group is called under-represented only when at least minCell of it were expected', () => {
    // 100 answers: Turkmen (3%) expected 3 → nobody is not a verdict; Hazara (9%) expected 9 → none either;
    // Uzbek (20% here) expected 20, 10 seen → a warning
    const ref = { ethnicity: { pashtun: 0.5, tajik: 0.18, uzbek: 0.2, hazara: 0.09, turkmen: 0.03 } };
    const answers = rows({ pashtun: 60, tajik: 30, uzbek: 10, hazara: 0, turkmen: 0 }, 'ethnicity');
    const r = compositionReport(answers, ref, { minCell: 10 });
    const d = r.dimensions[0]!;
    assert.equal(d.tooFewAnswers, false);
    assert.deepEqual(d.warnings.map((w) => w.category), ['uzbek']);
    assert.ok(d.gallagher !== null);
    // with minCell 30, even Uzbek (20 expected) is not enough for a verdict
    assert.deepEqual(compositionReport(answers, ref, { minCell: 30 }).dimensions[0]!.warnings, []);
    assert.ok(d.categories.every((c) => c.suppressed === null), 'nothing hidden here: the warnings above are the rule, not suppression');
  });

  test('a delegation is the whole group, not a sample: no minimum of answers or of expected members', () => {
    // 10 women of 50 against 50%, smallest cell 30: 25 women expected, below 30
    const sampled = compositionReport(rows({ woman: 10, man: 40 }), GENDER, { minCell: 30, minAnswers: 100 }).dimensions[0]!;
    assert.equal(sampled.tooFewAnswers, true);
    assert.deepEqual(sampled.warnings, []);
    const whole = compositionReport(rows({ woman: 10, man: 40 }), GENDER, { minCell: 10, minAnswers: 100, sample: false }).dimensions[0]!;
    assert.equal(whole.tooFewAnswers, false);
    assert.ok(whole.gallagher !== null);
    assert.deepEqual(whole.warnings.map((w) => w.category), ['woman']);
    const fewExpected = compositionReport(rows({ woman: 10, man: 40 }), GENDER, { minCell: 30, sample: false }).dimensions[0]!;
    assert.deepEqual(fewExpected.warnings, [], 'a cell of 10 below minCell 30 is hidden: no warning names it');
  });
});

describe('jirga inclusion report', () => {
  test('too few answers: no index or warning; --min-answers (typed in any digits) sets the minimum', () => {
    const dir = tempDir('jirga-honesty-');
    const respondents = join(dir, 'r.csv');
    writeFileSync(respondents, 'id,gender\n' + Array.from({ length: 25 }, (_, i) => `${i},${i < 10 ? 'woman' : 'man'}`).join('\n') + '\n');
    const reference = join(dir, 'ref.json');
    writeFileSync(reference, JSON.stringify({ gender: { woman: 0.5, man: 0.5 } }));
    const report = (...more: string[]) => {
      const r = jirga(['inclusion', 'report', '--respondents', respondents, '--reference', reference, ...more]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as { minAnswers: number; dimensions: { gender: { tooFewAnswers: boolean; gallagher: number | null; warnings: unknown[] } } };
    };
    const dflt = report();
    assert.equal(dflt.minAnswers, 30);
    assert.equal(dflt.dimensions.gender.tooFewAnswers, true);
    assert.equal(dflt.dimensions.gender.gallagher, null);
    const lowered = report('--min-answers', '۲۰');
    assert.equal(lowered.minAnswers, 20);
    assert.equal(lowered.dimensions.gender.tooFewAnswers, false);
    assert.ok(lowered.dimensions.gender.gallagher! > 0);
  });
});

describe('the demo conversation\'s simulated participants describe themselves', () => {
  const profiles = demoSelfDescriptions(40);
  const count = (d: string) => {
    const c: Record<string, number> = {};
    for (const p of profiles) c[p[d] ?? ''] = (c[p[d] ?? ''] ?? 0) + 1;
    return c;
  };

  test('the same at every start, with a plausible spread', () => {
    assert.deepEqual(demoSelfDescriptions(40), profiles, 'deterministic');
    assert.deepEqual(count('gender'), { woman: 16, man: 18, 'prefer-not-to-say': 2, '': 4 });
    assert.equal(count('ethnicity').pashtun, 12);
    assert.equal(count('ethnicity').hazara, 5);
    assert.deepEqual(count('residence'), { inside: 22, abroad: 13, '': 5 });
    assert.ok(profiles.filter((p) => Object.keys(p).length === 0).length < 5, 'most describe themselves');
    // not dealt in blocks: the women are not all the first sixteen
    assert.notDeepEqual(profiles.slice(0, 16).map((p) => p.gender), Array.from({ length: 16 }, () => 'woman'));
  });

  test('its report: every question above the minimum, small groups hidden, no unfounded warning', () => {
    const ref = referenceShares(AFGHANISTAN_REFERENCE as never);
    const r = compositionReport(profiles, ref, { minCell: 10, categories: { residence: ['inside', 'abroad'] } });
    const gender = r.dimensions.find((d) => d.dimension === 'gender')!;
    const ethnicity = r.dimensions.find((d) => d.dimension === 'ethnicity')!;
    assert.equal(gender.tooFewAnswers, false);
    assert.equal(ethnicity.tooFewAnswers, false);
    assert.ok(gender.gallagher !== null && ethnicity.gallagher !== null);
    assert.equal(ethnicity.categories.find((c) => c.category === 'hazara')!.suppressed, 'small');
    assert.deepEqual(ethnicity.warnings, [], 'no group is expected 10 times among 34 answers except Pashtun and Tajik, who are near their shares');
  });
});
