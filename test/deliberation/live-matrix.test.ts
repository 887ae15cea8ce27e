// The live matrix the math worker keeps between updates: after any sequence of votes
// folded in (new cells, changed votes, first votes of participants anywhere in id
// order), its analysis is the analysis of all the votes from the same previous state —
// the same groups, members, consensus, representativeness and numbers. The tolerance is
// zero: rows and cells stay in the order a full build gives, and the counts are integers,
// so the floating-point work is the same, operation for operation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/deliberation/analyze.ts';
import { analyzeLive, LiveMatrix, NeedsRebuild } from '../../src/deliberation/live-matrix.ts';
import { analysisInputOfExport, parsePolisExport } from '../../src/deliberation/polis-export.ts';
import { seededRandom } from '../../src/deliberation/seeded.ts';
import type { AnalysisInput, AnalysisResult, Vote, VoteInput, WarmStart } from '../../src/deliberation/types.ts';
import { synthetic } from '../helpers/deliberation-synthetic.ts';
import { polisFolder, VTAIWAN } from '../helpers/polis-data.ts';

function voteList(input: AnalysisInput): VoteInput[] {
  const v = input.votes;
  if (Array.isArray(v)) return [...v];
  return Array.from(v.vote, (x, i) => ({ participant: v.participant[i]!, statement: v.statement[i]!, vote: x as Vote }));
}

/** The input with these votes, its participants those who voted (by id, as the server lists them). */
function inputWith(base: AnalysisInput, votes: readonly VoteInput[]): AnalysisInput {
  const participants = [...new Set(votes.map((v) => v.participant))].sort((a, b) => a - b);
  return { participants, statements: base.statements, votes: [...votes] };
}

/**
 * Hold back part of the votes (all of some participants', so that they arrive as new
 * rows in the middle of the id order, and a share of everyone else's), fold them in
 * batches of the given sizes with a few changed votes, and compare each live analysis
 * with the full one from the same previous state.
 */
function compareChains(base: AnalysisInput, batches: number[], seed: number): { updates: number; ks: Set<number> } {
  const rand = seededRandom(seed);
  const all = voteList(base);
  const lateParticipants = new Set(base.participants.filter(() => rand() < 0.05));
  const early: VoteInput[] = [];
  const late: VoteInput[] = [];
  for (const v of all) (lateParticipants.has(v.participant) || rand() < 0.1 ? late : early).push(v);
  // shuffle the late votes
  for (let i = late.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [late[i], late[j]] = [late[j]!, late[i]!];
  }
  const live = LiveMatrix.build(inputWith(base, early));
  const now = [...early];
  let liveOut = analyzeLive(live, null);
  let fullOut = analyze(inputWith(base, now), null);
  assert.deepEqual(liveOut.result, fullOut.result, 'the first analysis');
  let state: WarmStart = liveOut.state;
  const ks = new Set<number>([liveOut.result.k]);
  let updates = 0;
  for (const size of batches) {
    const batch = late.splice(0, size);
    // a few changed votes on cells already voted
    for (let i = 0; i < Math.max(1, size / 10); i++) {
      const old = now[Math.floor(rand() * now.length)]!;
      batch.push({ ...old, vote: ([1, -1, 0] as Vote[]).filter((x) => x !== old.vote)[Math.floor(rand() * 2)]! });
    }
    for (const v of batch) {
      live.setVote(v.participant, v.statement, v.vote);
      now.push(v);
    }
    liveOut = analyzeLive(live, state);
    fullOut = analyze(inputWith(base, now), state);
    assertSameAnalysis(liveOut.result, fullOut.result, `after update ${updates + 1} (${batch.length} votes)`);
    assert.deepEqual(liveOut.state, fullOut.state, `the state kept after update ${updates + 1}`);
    assert.equal(live.nCells, fullOut.result.nVotes);
    state = liveOut.state;
    ks.add(liveOut.result.k);
    updates++;
  }
  return { updates, ks };
}

function assertSameAnalysis(live: AnalysisResult, full: AnalysisResult, when: string): void {
  // the parts a reader looks at first, for a readable failure; then everything
  assert.equal(live.k, full.k, `k ${when}`);
  assert.deepEqual(live.membership, full.membership, `group memberships ${when}`);
  assert.deepEqual(live.consensus, full.consensus, `consensus ${when}`);
  assert.deepEqual(live.repness, full.repness, `representative statements ${when}`);
  assert.deepEqual(live, full, `the whole analysis ${when}`);
}

describe('live matrix: incremental updates equal a full recompute', () => {
  test('synthetic 1,500 × 120: single votes, then larger batches, with new participants and changed votes', () => {
    const { updates, ks } = compareChains(synthetic(1500, 120, 0.15, 11), [1, 1, 1, 1, 1, 5, 20, 200, 1000, 3000], 5);
    assert.equal(updates, 10);
    assert.ok([...ks].some((k) => k >= 2), 'the conversation has opinion groups to compare');
  });

  test(`real Polis export (${VTAIWAN}): votes folded one at a time and in batches`, () => {
    const dir = polisFolder(VTAIWAN);
    const input = analysisInputOfExport(parsePolisExport({ comments: readFileSync(join(dir, 'comments.csv'), 'utf8'), participantsVotes: readFileSync(join(dir, 'participants-votes.csv'), 'utf8') }));
    const { ks } = compareChains(input, [1, 1, 1, 50, 400, 2000], 9);
    assert.ok([...ks].some((k) => k >= 2));
  });

  test('a moderated-out statement stays out; votes on it count as the participant’s votes only', () => {
    const base = synthetic(300, 30, 0.4, 3);
    const input = { ...base, statements: base.statements.map((s) => ({ ...s, moderatedOut: s.id === 4 })) };
    const live = LiveMatrix.build(input);
    const first = analyzeLive(live, null);
    live.setVote(7, 4, 1);
    live.setVote(8, 5, -1);
    const votes = [...voteList(input), { participant: 7, statement: 4, vote: 1 as Vote }, { participant: 8, statement: 5, vote: -1 as Vote }];
    assert.deepEqual(analyzeLive(live, first.state).result, analyze({ ...input, votes }, first.state).result);
  });

  test('what it cannot take is refused: an unknown statement (rebuild), participants out of id order, a bad vote', () => {
    const live = LiveMatrix.build(synthetic(50, 10, 0.5, 1));
    assert.throws(() => live.setVote(1, 99, 1), NeedsRebuild);
    assert.throws(() => live.setVote(1, 2, 2 as Vote), /a vote is 1, -1 or 0/);
    assert.throws(() => LiveMatrix.build({ participants: [2, 1], statements: [{ id: 0, moderatedOut: false }], votes: [] }), /increasing id order/);
  });

  test('rows that grow many times (pool grown and compacted) keep every cell in order', () => {
    // sparse rows that fill up: each moves several times, the holes outgrow the cells and the pool is compacted
    const base = synthetic(400, 40, 0.1, 4);
    const live = LiveMatrix.build(base);
    const first = analyzeLive(live, null);
    const rand = seededRandom(12);
    const votes = voteList(base);
    const cells: VoteInput[] = [];
    for (let p = 0; p < 400; p++) for (let s = 0; s < 40; s++) cells.push({ participant: p, statement: s, vote: ([1, -1, 0] as Vote[])[Math.floor(rand() * 3)]! });
    for (let i = cells.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [cells[i], cells[j]] = [cells[j]!, cells[i]!];
    }
    for (const v of cells) live.setVote(v.participant, v.statement, v.vote);
    assert.equal(live.nCells, 400 * 40);
    for (let r = 0; r < 400; r++) {
      const cols = Array.from(live.colIdx.subarray(live.rowStart[r]!, live.rowEnd[r]!));
      assert.deepEqual(cols, [...Array(40).keys()], `row ${r}: every column once, in order`);
    }
    assert.deepEqual(analyzeLive(live, first.state), analyze({ ...base, votes: [...votes, ...cells] }, first.state));
  });

  test('the same vote twice changes nothing; a vote changed back restores the counts', () => {
    const input = synthetic(200, 20, 0.5, 2);
    const live = LiveMatrix.build(input);
    const before = { agree: [...live.stats.agree], disagree: [...live.stats.disagree], total: [...live.stats.total], cells: live.nCells };
    const v = voteList(input)[10]!;
    live.setVote(v.participant, v.statement, v.vote);
    live.setVote(v.participant, v.statement, v.vote === 1 ? -1 : 1);
    live.setVote(v.participant, v.statement, v.vote);
    assert.deepEqual({ agree: [...live.stats.agree], disagree: [...live.stats.disagree], total: [...live.stats.total], cells: live.nCells }, before);
  });
});
