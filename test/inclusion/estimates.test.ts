// Weighted estimates for deliberation results, beside the raw ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agreementEstimates, participantWeights } from '../../src/inclusion/estimates.ts';
import type { VoteInput } from '../../src/deliberation/types.ts';

describe('weighted agreement', () => {
  test('women under-represented 1:3 get weight 2, men 2/3; agreement is reweighted, raw kept beside it', () => {
    const profiles = new Map<number, Record<string, string>>();
    for (let p = 0; p < 40; p++) profiles.set(p, { gender: p < 10 ? 'woman' : 'man' });
    profiles.set(40, { gender: 'prefer-not-to-say' });
    const w = participantWeights(profiles, { gender: { woman: 0.5, man: 0.5 } });
    assert.ok(w.converged);
    assert.equal(w.excluded, 1);
    assert.ok(Math.abs(w.weights.get(0)! - 2) < 1e-9 && Math.abs(w.weights.get(20)! - 2 / 3) < 1e-9);
    // statement 0: every woman agrees, no man does
    const votes: VoteInput[] = [];
    for (let p = 0; p <= 40; p++) votes.push({ participant: p, statement: 0, vote: p < 10 ? 1 : -1 });
    const e = agreementEstimates(votes, w.weights, { '0': 0, '20': 1 });
    const s = e.statements[0]!;
    assert.equal(s.raw.agree, 10);
    assert.equal(s.raw.votes, 41);
    assert.ok(Math.abs(s.weighted!.share - 0.5) < 1e-9, `weighted ${s.weighted!.share}`);
    assert.equal(s.weighted!.votes, 40, 'the participant who preferred not to say is not weighted');
    assert.ok(s.weighted!.effectiveN < 40);
    assert.ok(s.weighted!.interval[0] < 0.5 && s.weighted!.interval[1] > 0.5);
    assert.deepEqual(e.groups.map((g) => g.group), [0, 1]);
    assert.equal(e.groups[0]!.statements[0]!.raw.votes, 1);
  });

  test('a reference group nobody in the room belongs to is left out, with a caveat', () => {
    const profiles = new Map<number, Record<string, string>>([
      [1, { ethnicity: 'pashtun' }],
      [2, { ethnicity: 'tajik' }],
    ]);
    const w = participantWeights(profiles, { ethnicity: { pashtun: 0.5, tajik: 0.3, hazara: 0.2 } });
    assert.ok(w.converged);
    assert.ok(w.caveats.some((c) => /nobody in the room is hazara/.test(c)));
    assert.ok(Math.abs(w.weights.get(1)! - 2 * (0.5 / 0.8)) < 1e-9);
    const none = participantWeights(new Map([[1, { gender: 'woman' }]]), { ethnicity: { pashtun: 1 } });
    assert.equal(none.weights.size, 0);
    assert.match(none.caveats[0]!, /no weighting/);
  });
});
