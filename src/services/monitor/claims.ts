// Who acts in the monitor, and claims as the service shows and stores them: the
// public see no names, a claim's body as stored, the fields an edit changed.
import { Forbidden } from '../../kernel/errors.ts';
import type { Account } from '../../kernel/account.ts';
import type { ClaimRow } from '../../store/monitor.ts';
import type { Claim, ClaimBody, ClaimInput, ClaimStatus } from '../../monitor/model.ts';

export const PUBLIC: readonly ClaimStatus[] = ['published', 'retracted'];
export const SAMPLE_NOTE = 'sample — not a real event';

export interface Actor {
  id: number;
  username: string;
  role: 'editor' | 'reviewer' | 'organiser';
}

export function actorOf(account: Account): Actor {
  if (account.role !== 'editor' && account.role !== 'reviewer' && account.role !== 'organiser') throw new Forbidden('this account has no role in the monitor');
  return { id: account.id, username: account.username, role: account.role };
}

export const canReview = (a: Actor) => a.role === 'reviewer' || a.role === 'organiser';
export function requireReviewer(a: Actor): void {
  if (!canReview(a)) throw new Forbidden('only a reviewer can do this');
}

export interface PublicHistoryEntry {
  at: string;
  action: string;
  by: string;
  /** the acting account's number (null: the server itself) */
  account: number | null;
  note: string | null;
  changes: string[];
}

/** Names of the fields that differ between two versions of a claim body. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

export function publicClaim(c: ClaimRow, showNames: boolean): Claim {
  const { proposedById: _, ...claim } = c;
  if (showNames) return claim;
  // the public sees roles, not the usernames of editors and reviewers
  return { ...claim, proposedBy: claim.proposedBy ? 'editor' : null, reviewedBy: claim.reviewedBy ? 'reviewer' : null, retractedBy: claim.retractedBy ? 'reviewer' : null };
}

export function bodyOf(input: ClaimInput): ClaimBody {
  return {
    text: input.text,
    date: input.date,
    sources: [...new Set(input.sources)],
    benchmarks: input.kind === 'statement' ? [...new Set(input.benchmarks)] : [],
    engagement: input.kind === 'engagement' ? { state: input.engagement.state, type: input.engagement.type, ...(input.engagement.sector ? { sector: input.engagement.sector } : {}) } : null,
    assessment: input.kind === 'assessment' ? { benchmark: input.assessment.benchmark, status: input.assessment.status, evidence: [...new Set(input.assessment.evidence)] } : null,
    relation: input.kind === 'relation' ? input.relation : null,
  };
}

export const storedBody = (c: Claim): ClaimBody => ({ text: c.text, date: c.date, sources: c.sources, benchmarks: c.benchmarks, engagement: c.engagement, assessment: c.assessment, relation: c.relation });
