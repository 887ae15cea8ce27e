// Every check of the verifier has a tampered archive that makes it — and only it —
// fail, named with its exact message (test/helpers/tamper-cases.ts builds them from
// elections run by belenios-tool). Run in process, so mutation testing of
// src/protocol/verify.ts runs it too; test/interop/tamper-agreement.test.ts runs the
// same cases through `jirga verify` beside `belenios-tool election verify`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkBallot, type BallotCheck } from '../../src/protocol/ballot.ts';
import { loadElection } from '../../src/protocol/election.ts';
import { verifyArchive, type BallotChecker, type VerificationReport } from '../../src/protocol/verify.ts';
import { fixture, HONEST_BOARDS, TAMPER_CASES } from '../helpers/tamper-cases.ts';

// Ballot proofs are the slow part and are tested on their own (proofs.test.ts);
// here the same ballot text is checked once per election and the answer reused.
const memo = new Map<string, BallotCheck>();
const memoChecker: BallotChecker = async (electionRaw, ballots) => {
  let ctx: ReturnType<typeof loadElection> | undefined;
  return ballots.map((b) => {
    const key = `${electionRaw}\n${b}`;
    let r = memo.get(key);
    if (!r) {
      ctx ??= loadElection(electionRaw);
      r = checkBallot(ctx, b);
      memo.set(key, r);
    }
    return r;
  });
};

const verify = (bytes: Uint8Array): Promise<VerificationReport> => verifyArchive(bytes, { checkBallots: memoChecker });

const table = (r: VerificationReport) => r.checks.map((c) => `  [${c.status}] ${c.name}: ${c.detail}`).join('\n');

describe('the elections the tamper cases start from verify', () => {
  for (const h of HONEST_BOARDS) {
    test(`${h.fixture} election, ${h.name}`, async () => {
      const r = await verify(h.make(fixture(h.fixture)));
      assert.equal(r.status, 'valid', table(r));
      for (const c of r.checks) assert.equal(c.status, 'ok', `${c.name}: ${c.detail}`);
    });
  }
});

describe('each tampered archive fails exactly the check that guards it', () => {
  for (const t of TAMPER_CASES) {
    test(`${t.check}: ${t.name}`, async () => {
      const r = await verify(t.make(fixture(t.fixture)));
      const checked = r.checks.find((c) => c.name === t.check);
      assert.ok(checked, `no "${t.check}" check ran:\n${table(r)}`);
      assert.equal(checked.status, t.status, table(r));
      assert.match(checked.detail, t.detail, table(r));
      assert.equal(r.status, t.status === 'failed' ? 'invalid' : 'unusable');
      assert.equal(r.conclusion, `${t.check}: ${checked.detail}`, 'the conclusion names this check first');
      const others = r.checks.filter((c) => c !== checked && (c.status === 'failed' || c.status === 'unusable')).map((c) => c.name);
      assert.deepEqual(others, t.alsoFails ?? [], `other checks failed:\n${table(r)}`);
    });
  }

  test('every check the verifier makes on a tallied election has a tamper case', async () => {
    const r = await verify(fixture('threshold').bytes);
    // "setup data" is decoded by the event chain check first: a malformed one is
    // reported there (see the missing-payload case), so it has no case of its own.
    const names = r.checks.map((c) => c.name).filter((n) => n !== 'setup data');
    const covered = new Set(TAMPER_CASES.map((t) => t.check));
    assert.deepEqual(names.filter((n) => !covered.has(n)), []);
  });
});
