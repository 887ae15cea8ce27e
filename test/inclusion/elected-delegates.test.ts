// Delegates elected by STV checked against the convention's delegation rules (issue 19:
// "a delegate election shows its elected delegates against the delegation rules, with the
// numbers"): the elected candidates' descriptions go through the same checkRule as a
// delegation's delegates, from the count the verifier and the result page run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkElected, type Rule } from '../../src/inclusion/delegations.ts';
import { stv } from '../../src/protocol/methods/index.ts';

const candidates: Record<string, string>[] = [{ gender: 'man', ethnicity: 'pashtun' }, { gender: 'woman', ethnicity: 'hazara' }, { gender: 'man', ethnicity: 'tajik' }, { gender: 'woman' }];
const rules: Rule[] = [
  { kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 },
  { kind: 'all-present', dimension: 'ethnicity', categories: ['pashtun', 'tajik', 'hazara'] },
];

test('the delegates STV elects are checked against the rules, with the numbers', () => {
  // 7 voters, 2 seats: the count elects candidates 0 and 2 (two men)
  const ballots = [[1, 0, 2, 0], [1, 0, 2, 0], [1, 0, 2, 0], [2, 0, 1, 0], [0, 0, 1, 0], [0, 0, 1, 2], [0, 1, 0, 0]];
  const { winners } = stv(ballots, 2);
  assert.deepEqual(winners, [0, 2]);
  const check = checkElected(rules, candidates, winners);
  assert.deepEqual(check.elected, [candidates[0], candidates[2]]);
  assert.deepEqual(check.rules.map((r) => r.pass), [false, false]);
  assert.deepEqual(check.rules[0]!.detail, { count: 0, total: 2, share: 0 });
  assert.deepEqual(check.rules[1]!.detail, { missing: ['hazara'], present: ['pashtun', 'tajik'] });
});

test('an elected candidate without a description counts for neither side, and the total says so', () => {
  const check = checkElected(rules, candidates, [1, 3]);
  assert.deepEqual(check.rules[0]!.detail, { count: 2, total: 2, share: 1 });
  assert.equal(check.rules[0]!.pass, true);
  const partly = checkElected([{ kind: 'min-share', dimension: 'ethnicity', category: 'hazara', min: 0.5 }], candidates, [1, 3]);
  assert.deepEqual(partly.rules[0]!.detail, { count: 1, total: 1, share: 1 });
});

test('an elected index outside the candidates is an error, not a silent pass', () => {
  assert.throws(() => checkElected(rules, candidates, [4]), /candidate 5 was elected but the question describes only 4/);
});
