// Weighted estimates for deliberation results: participants who described
// themselves are raked to the convention's reference margins, and each
// statement's agreement (overall and per opinion group) is shown raw and
// weighted side by side — never the weighted figure alone. Pure.
import type { Vote, VoteInput } from '../deliberation/types.ts';
import { estimateShare, rake, wilson95, type KishSummary } from './rake.ts';

export interface ParticipantWeights {
  /** participant -> weight (mean 1 over the weighted participants) */
  weights: Map<number, number>;
  /** Dimensions raked on (those with a reference and answers). */
  dimensions: string[];
  /** Participants left out of weighting (no or partial self-description, or "prefer not to say"). */
  excluded: number;
  converged: boolean;
  maxError: number;
  kish: KishSummary | null;
  /** Plain-language caveats (categories nobody in the room belongs to, etc.). */
  caveats: string[];
}

/**
 * Rake self-described participants to reference margins. Only participants who
 * gave a reference category on every raked dimension are weighted. A reference
 * category nobody in the room has cannot be represented: its share is dropped
 * (the others rescaled) and the caveat says so.
 */
export function participantWeights(profiles: ReadonlyMap<number, Record<string, string>>, reference: Record<string, Record<string, number>>, options: { trim?: number } = {}): ParticipantWeights {
  const caveats: string[] = [];
  const dims = Object.keys(reference).filter((d) => [...profiles.values()].some((p) => p[d] !== undefined && p[d]! in reference[d]!));
  const usable = [...profiles].filter(([, p]) => dims.every((d) => p[d] !== undefined && p[d]! in reference[d]!));
  const excluded = profiles.size - usable.length;
  if (dims.length === 0 || usable.length === 0) return { weights: new Map(), dimensions: [], excluded: profiles.size, converged: false, maxError: NaN, kish: null, caveats: ['nobody described themselves on a dimension with reference shares: no weighting'] };
  const targets: Record<string, Record<string, number>> = {};
  for (const d of dims) {
    const present = new Set(usable.map(([, p]) => p[d]!));
    const kept = Object.entries(reference[d]!).filter(([c, s]) => present.has(c) && s > 0);
    const missing = Object.entries(reference[d]!).filter(([c, s]) => !present.has(c) && s > 0).map(([c]) => c);
    if (missing.length) caveats.push(`${d}: nobody in the room is ${missing.join(', ')}; their reference share cannot be represented and was left out`);
    const sum = kept.reduce((a, [, s]) => a + s, 0);
    targets[d] = Object.fromEntries(kept.map(([c, s]) => [c, s / sum]));
    // categories present in the data with a zero reference share get weight 0: say so
    const zero = [...present].filter((c) => !(c in targets[d]!));
    for (const c of zero) targets[d]![c] = 0;
    if (zero.length) caveats.push(`${d}: ${zero.join(', ')} has no reference share and gets no weight`);
  }
  const rows = usable.map(([, p]) => Object.fromEntries(dims.map((d) => [d, p[d]!])));
  const r = rake(rows, targets, options.trim === undefined ? {} : { trim: options.trim });
  if (!r.converged) caveats.push(`the weights could not meet every reference share (largest gap ${(r.maxError * 100).toFixed(2)} points)`);
  return { weights: new Map(usable.map(([id], i) => [id, r.weights[i]!])), dimensions: dims, excluded, converged: r.converged, maxError: r.maxError, kish: r.kish, caveats };
}

export interface AgreementEstimate {
  statement: number;
  /** Everyone who voted on the statement. */
  raw: { agree: number; votes: number; share: number; interval: [number, number] };
  /** Weighted participants who voted on it (null when none are weighted). */
  weighted: { share: number; interval: [number, number]; effectiveN: number; votes: number } | null;
}

function estimateFor(statement: number, cast: readonly { participant: number; vote: Vote }[], weights: ReadonlyMap<number, number>): AgreementEstimate {
  const agree = cast.filter((v) => v.vote === 1).length;
  const share = cast.length ? agree / cast.length : 0;
  const weightedVotes = cast.filter((v) => weights.has(v.participant));
  let weighted: AgreementEstimate['weighted'] = null;
  if (weightedVotes.length > 0) {
    const e = estimateShare(
      weightedVotes.map((v) => v.vote === 1),
      weightedVotes.map((v) => weights.get(v.participant)!),
    );
    weighted = { share: e.weighted.share, interval: e.weighted.interval, effectiveN: e.weighted.effectiveN, votes: weightedVotes.length };
  }
  return { statement, raw: { agree, votes: cast.length, share, interval: wilson95(share, cast.length) }, weighted };
}

/** Agreement per statement, overall and per opinion group, raw and weighted. */
export function agreementEstimates(votes: readonly VoteInput[], weights: ReadonlyMap<number, number>, membership: Record<string, number> = {}): { statements: AgreementEstimate[]; groups: { group: number; statements: AgreementEstimate[] }[] } {
  const byStatement = new Map<number, { participant: number; vote: Vote }[]>();
  for (const v of votes) {
    let list = byStatement.get(v.statement);
    if (!list) byStatement.set(v.statement, (list = []));
    list.push({ participant: v.participant, vote: v.vote });
  }
  const ids = [...byStatement.keys()].sort((a, b) => a - b);
  const groups = [...new Set(Object.values(membership))].sort((a, b) => a - b);
  return {
    statements: ids.map((s) => estimateFor(s, byStatement.get(s)!, weights)),
    groups: groups.map((g) => ({ group: g, statements: ids.map((s) => estimateFor(s, byStatement.get(s)!.filter((v) => membership[String(v.participant)] === g), weights)) })),
  };
}
