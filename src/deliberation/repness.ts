// What each group believes (representativeness), what everyone shares (majority
// and group-informed consensus), what divides the groups, and which statement to
// show next (routing priority). Formulas as Polis computes them (see
// docs/deliberation.md); counts always use the export sign (1 agree, -1 disagree).
import type { ConsensusStatement, DivisiveStatement, RepStatement } from './types.ts';

/** One-sided 90% z value: Polis's significance threshold. */
export const Z90 = 1.2816;

/** The votes on one statement (of everyone, or of one group). */
export interface VoteCounts {
  agree: number;
  disagree: number;
  /** All votes, passes included. */
  total: number;
}

/** Smoothed rate: (n + 1) / (total + 2). */
export const smoothed = (n: number, total: number): number => (n + 1) / (total + 2);

/** One-proportion test that the rate is above ½: 2·√(N+1)·((n+1)/(N+1) − ½). */
export function propTest(n: number, total: number): number {
  return 2 * Math.sqrt(total + 1) * ((n + 1) / (total + 1) - 0.5);
}

/** Two-proportion z test (each count +1), 0 when the pooled rate is 1. */
export function twoPropTest(n1: number, total1: number, n2: number, total2: number): number {
  const p1 = (n1 + 1) / (total1 + 1);
  const p2 = (n2 + 1) / (total2 + 1);
  const pooled = (n1 + n2 + 2) / (total1 + total2 + 2);
  if (pooled >= 1) return 0;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / (total1 + 1) + 1 / (total2 + 1)));
  return se === 0 ? 0 : (p1 - p2) / se;
}

export interface RepStats {
  statement: number;
  na: number;
  nd: number;
  ns: number;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
}

export function repStats(statement: number, g: VoteCounts, rest: VoteCounts): RepStats {
  const pa = smoothed(g.agree, g.total);
  const pd = smoothed(g.disagree, g.total);
  return {
    statement,
    na: g.agree,
    nd: g.disagree,
    ns: g.total,
    pa,
    pd,
    pat: propTest(g.agree, g.total),
    pdt: propTest(g.disagree, g.total),
    ra: pa / smoothed(rest.agree, rest.total),
    rd: pd / smoothed(rest.disagree, rest.total),
    rat: twoPropTest(g.agree, g.total, rest.agree, rest.total),
    rdt: twoPropTest(g.disagree, g.total, rest.disagree, rest.total),
  };
}

function finalize(s: RepStats, direction: 'agree' | 'disagree'): RepStatement {
  const agree = direction === 'agree';
  return {
    statement: s.statement,
    direction,
    repness: agree ? s.ra : s.rd,
    repnessTest: agree ? s.rat : s.rdt,
    pSuccess: agree ? s.pa : s.pd,
    pTest: agree ? s.pat : s.pdt,
    agree: s.na,
    disagree: s.nd,
    pass: s.ns - s.na - s.nd,
    total: s.ns,
  };
}

const metric = (r: RepStatement) => r.repness * r.repnessTest * r.pSuccess * r.pTest;

/**
 * Up to `limit` representative statements of one group, as Polis selects them:
 * significant ones (both z scores above 1.2816 in one direction) ranked by
 * repness × repness-test × p-success × p-test, the group's best-agree statement
 * first, agrees before disagrees; if none is significant, the best-agree one, or
 * failing that the one with the largest z score.
 */
export function selectRepresentative(stats: readonly RepStats[], limit = 5): RepStatement[] {
  const passing: RepStatement[] = [];
  let best: RepStats | null = null;
  for (const s of stats) {
    const agreeSig = s.rat > Z90 && s.pat > Z90;
    const disagreeSig = s.rdt > Z90 && s.pdt > Z90;
    if (agreeSig || disagreeSig) passing.push(finalize(s, s.rat > s.rdt ? 'agree' : 'disagree'));
    if (s.na + s.nd === 0) continue;
    if (best === null) {
      if (s.pat > Z90 || (s.ra > 1 && s.pa > 0.5)) best = s;
    } else if (best.ra > 1) {
      if (s.ra * s.rat * s.pa * s.pat > best.ra * best.rat * best.pa * best.pat) best = s;
    } else if (s.pa * s.pat > best.pa * best.pat) best = s;
  }
  if (passing.length === 0) {
    if (best) return [{ ...finalize(best, 'agree'), bestAgree: true }];
    let top: RepStats | null = null;
    for (const s of stats) if (!top || Math.max(s.rat, s.rdt) > Math.max(top.rat, top.rdt)) top = s;
    return top ? [finalize(top, top.rat > top.rdt ? 'agree' : 'disagree')] : [];
  }
  passing.sort((a, b) => metric(b) - metric(a) || a.statement - b.statement);
  let list = passing;
  if (best) {
    const b = best;
    list = [{ ...finalize(b, 'agree'), bestAgree: true }, ...passing.filter((r) => r.statement !== b.statement)];
  }
  list = list.slice(0, limit);
  return [...list.filter((r) => r.direction === 'agree'), ...list.filter((r) => r.direction === 'disagree')];
}

/** Majority consensus over everyone: rate above ½ and significant, top `limit` by p × test, in each direction. */
export function majorityConsensus(counts: readonly (VoteCounts & { statement: number })[], limit = 5): { agree: ConsensusStatement[]; disagree: ConsensusStatement[] } {
  const side = (pick: 'agree' | 'disagree') =>
    counts
      .map((c) => {
        const n = pick === 'agree' ? c.agree : c.disagree;
        return { statement: c.statement, p: smoothed(n, c.total), test: propTest(n, c.total), agree: c.agree, disagree: c.disagree, pass: c.total - c.agree - c.disagree, total: c.total };
      })
      .filter((c) => c.p > 0.5 && c.test > Z90)
      .sort((a, b) => b.p * b.test - a.p * a.test || a.statement - b.statement)
      .slice(0, limit);
  return { agree: side('agree'), disagree: side('disagree') };
}

/** Group-informed consensus: Π over groups of (agrees + 1)/(votes + 2). */
export function groupInformedConsensus(perGroup: readonly VoteCounts[]): number {
  let p = 1;
  for (const g of perGroup) p *= smoothed(g.agree, g.total);
  return p;
}

/**
 * Divisive statements (not a Polis list; see docs/deliberation.md): a majority of
 * one group significantly agrees while a majority of another significantly
 * disagrees; ranked by the spread of smoothed agree rates between groups.
 */
export function divisive(statements: readonly { statement: number; groups: readonly VoteCounts[] }[], limit = 5): DivisiveStatement[] {
  const out: DivisiveStatement[] = [];
  for (const s of statements) {
    if (s.groups.length < 2) continue;
    let hi = -1;
    let lo = -1;
    let agreeing = false;
    let disagreeing = false;
    s.groups.forEach((g, i) => {
      const pa = smoothed(g.agree, g.total);
      if (hi < 0 || pa > smoothed(s.groups[hi]!.agree, s.groups[hi]!.total)) hi = i;
      if (lo < 0 || pa < smoothed(s.groups[lo]!.agree, s.groups[lo]!.total)) lo = i;
      if (pa > 0.5 && propTest(g.agree, g.total) > Z90) agreeing = true;
      if (smoothed(g.disagree, g.total) > 0.5 && propTest(g.disagree, g.total) > Z90) disagreeing = true;
    });
    if (!agreeing || !disagreeing) continue;
    const spread = smoothed(s.groups[hi]!.agree, s.groups[hi]!.total) - smoothed(s.groups[lo]!.agree, s.groups[lo]!.total);
    out.push({ statement: s.statement, spread, mostAgree: hi, leastAgree: lo });
  }
  return out.sort((a, b) => b.spread - a.spread || a.statement - b.statement).slice(0, limit);
}

/** Polis's routing priority: ((1 − p)(E + 1)a · (1 + 8·2^(−S/5)))², meta statements 49. */
export function routingPriority(c: VoteCounts, extremity: number, meta: boolean): number {
  if (meta) return 49;
  const passes = c.total - c.agree - c.disagree;
  const p = (passes + 1) / (c.total + 2);
  const a = (c.agree + 1) / (c.total + 2);
  const importance = (1 - p) * (extremity + 1) * a;
  return (importance * (1 + 8 * 2 ** (-c.total / 5))) ** 2;
}
