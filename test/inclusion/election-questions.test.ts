// Self-description on the encrypted ballot: the extra homomorphic questions make
// a valid Belenios election (belenios-tool verifies it), and the decrypted totals
// give the composition of voters, no individual's answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { templateOf } from '../../src/api/election-draft.ts';
import { compositionReportFromCounts } from '../../src/inclusion/composition.ts';
import { AFGHANISTAN_REFERENCE, referenceShares, type Dimension } from '../../src/inclusion/dimensions.ts';
import { categoriesOf, compositionFromResult, selfDescriptionQuestions } from '../../src/inclusion/questions.ts';
import { simulateElection } from '../../src/protocol/simulate.ts';
import { beleniosVerify } from '../helpers/tools.ts';

describe('self-description questions in an election', () => {
  test('belenios-tool verifies the election, and the totals give the composition', () => {
    const dims: Dimension[] = ['gender', 'ethnicity', 'province', 'residence', 'country', 'age'];
    const draft = {
      name: { en: 'Governance model', 'fa-AF': 'نظام حکومتداری', 'ps-AF': 'د حکومتولۍ نظام' },
      description: {},
      questions: [
        { question: { en: 'Which model?' }, answers: [{ en: 'Federal republic' }, { en: 'Unitary republic' }], min: 1, max: 1, blank: false },
        ...selfDescriptionQuestions(dims),
      ],
      opensAt: null,
      closesAt: null,
      trustees: { count: 1, threshold: null },
    };
    for (const q of draft.questions.slice(1)) {
      assert.equal(q.max, 1);
      assert.equal(q.blank, true);
      for (const a of q.answers) assert.ok(a.en && a['fa-AF'] && a['ps-AF'], 'every answer in three languages');
    }
    const sim = simulateElection({ voters: 8, template: templateOf(draft) });
    const r = beleniosVerify(sim.archive);
    assert.equal(r.code, 0, `belenios-tool election verify: ${r.stderr}${r.stdout}`);
    assert.deepEqual(sim.result, sim.expected);
    const counts = compositionFromResult(dims, 1, sim.result!);
    for (const d of dims) {
      const sum = Object.values(counts[d]!).reduce((a, b) => a + b, 0);
      assert.equal(sum, 8, `${d}: every ballot counted once (an answer or blank)`);
      assert.deepEqual(Object.keys(counts[d]!).sort(), ['no-answer', ...categoriesOf(d)].sort());
    }
    const report = compositionReportFromCounts(counts, 8, referenceShares(AFGHANISTAN_REFERENCE as never));
    assert.equal(report.dimensions[0]!.dimension, 'gender');
    // eight voters: every non-zero group is below 10, so nothing small is published
    for (const d of report.dimensions) for (const c of d.categories) if (c.reference !== null && c.count !== null) assert.ok(c.count === 0 || c.count >= 10);
  });
});
