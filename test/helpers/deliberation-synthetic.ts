// A synthetic conversation for the deliberation benchmark and tests (deterministic).
import { seededRandom as rng } from '../../src/deliberation/seeded.ts';
import type { AnalysisInput, PackedVotes } from '../../src/deliberation/types.ts';

/**
 * Participants in 3 opinion camps (50/30/20 %), each with a stance per statement (the
 * first 20 statements common ground); a participant votes on a random `density` share
 * of the statements, following the camp's stance with probability 0.75, else pass (0.1)
 * or the opposite.
 */
export function synthetic(nP: number, nS: number, density: number, seed = 2026): AnalysisInput {
  const rand = rng(seed);
  const camps = 3;
  const stance = Array.from({ length: camps }, () => Int8Array.from({ length: nS }, () => (rand() < 0.5 ? 1 : -1)));
  for (let s = 0; s < Math.min(20, nS); s++) for (const c of stance) c[s] = 1; // common ground
  const expected = Math.ceil(nP * nS * density * 1.05) + 1000;
  const votes: PackedVotes = { participant: new Int32Array(expected), statement: new Int32Array(expected), vote: new Int8Array(expected) };
  let n = 0;
  const perParticipant = Math.max(1, Math.round(nS * density));
  for (let p = 0; p < nP; p++) {
    const u = rand();
    const camp = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    const seen = new Set<number>();
    const k = Math.max(1, Math.round(perParticipant * (0.5 + rand())));
    while (seen.size < Math.min(k, nS)) seen.add(Math.floor(rand() * nS));
    for (const s of seen) {
      if (n === expected) break;
      const r = rand();
      votes.participant[n] = p;
      votes.statement[n] = s;
      votes.vote[n] = r < 0.75 ? stance[camp]![s]! : r < 0.85 ? 0 : -stance[camp]![s]!;
      n++;
    }
  }
  return {
    participants: Array.from({ length: nP }, (_, i) => i),
    statements: Array.from({ length: nS }, (_, i) => ({ id: i, moderatedOut: false })),
    votes: { participant: votes.participant.subarray(0, n), statement: votes.statement.subarray(0, n), vote: votes.vote.subarray(0, n) },
  };
}
