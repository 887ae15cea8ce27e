// Worker thread: runs the analysis of one conversation at a time (see math-runner.ts),
// so that the server's event loop keeps answering votes while the math runs.
//
// It keeps, per conversation it analysed last (least recently used dropped beyond a
// budget of votes), the vote matrix and the state of its last analysis: an update then
// folds in only the votes written since (`update`), which gives the same result as a
// full recompute (src/deliberation/live-matrix.ts). It answers `stale` when it holds
// nothing for the conversation or what it holds does not fit (then the runner sends
// everything, `full`).
import { parentPort } from 'node:worker_threads';
import { analyze } from '../../deliberation/analyze.ts';
import { analyzeLive, LiveMatrix, NeedsRebuild } from '../../deliberation/live-matrix.ts';
import type { AnalysisResult, WarmStart } from '../../deliberation/types.ts';
import { analysisInputOf, parseVotesText, type RawAnalysisInput } from './analysis-input.ts';

export type MathJob =
  | {
      id: number;
      kind: 'full';
      conversation: string;
      input: RawAnalysisInput;
      /** JSON text of the previous state, or null for a cold start. */
      previous: string | null;
      /** Keep the matrix for updates (at most this many votes kept over all conversations; 0: keep nothing). */
      keepVotes: number;
    }
  | {
      id: number;
      kind: 'update';
      conversation: string;
      /** The votes written since the last run ("participant,statement,vote;..."). */
      votesText: string;
      /** The conversation's vote count once they are in (a check that nothing was missed). */
      nVotes: number;
      keepVotes: number;
    };

export type MathReply =
  | { id: number; result: string; state: string; priority: string; nVotes: number; kept: boolean }
  | { id: number; stale: string }
  | { id: number; error: string };

interface Kept {
  live: LiveMatrix;
  state: WarmStart;
}

/** Least recently used first. */
const kept = new Map<string, Kept>();

function keep(conversation: string, k: Kept, budget: number): boolean {
  kept.delete(conversation);
  if (k.live.nCells > budget) return false;
  kept.set(conversation, k);
  let total = 0;
  for (const v of kept.values()) total += v.live.nCells;
  for (const [id, v] of kept) {
    if (total <= budget) break;
    kept.delete(id);
    total -= v.live.nCells;
  }
  return kept.has(conversation);
}

function outcome(id: number, result: AnalysisResult, state: WarmStart, isKept: boolean): MathReply {
  // serialised here, not on the server's event loop
  return { id, result: JSON.stringify(result), state: JSON.stringify(state), priority: JSON.stringify(result.priority ?? {}), nVotes: result.nVotes, kept: isKept };
}

function full(job: Extract<MathJob, { kind: 'full' }>): MathReply {
  kept.delete(job.conversation);
  const input = analysisInputOf(job.input);
  const previous = job.previous === null ? null : (JSON.parse(job.previous) as WarmStart);
  const ordered = input.participants.every((p, i) => i === 0 || p > input.participants[i - 1]!);
  if (job.keepVotes <= 0 || !ordered) {
    const { result, state } = analyze(input, previous);
    return outcome(job.id, result, state, false);
  }
  const live = LiveMatrix.build(input);
  const { result, state } = analyzeLive(live, previous);
  return outcome(job.id, result, state, keep(job.conversation, { live, state }, job.keepVotes));
}

function update(job: Extract<MathJob, { kind: 'update' }>): MathReply {
  const k = kept.get(job.conversation);
  if (!k) return { id: job.id, stale: 'no vote matrix kept for this conversation' };
  kept.delete(job.conversation); // back in only if the update succeeds
  const votes = parseVotesText(job.votesText);
  try {
    for (let i = 0; i < votes.vote.length; i++) k.live.setVote(votes.participant[i]!, votes.statement[i]!, votes.vote[i] as -1 | 0 | 1);
  } catch (e) {
    if (e instanceof NeedsRebuild) return { id: job.id, stale: e.message };
    throw e;
  }
  if (k.live.nCells !== job.nVotes) return { id: job.id, stale: `the kept matrix has ${k.live.nCells} votes, the conversation ${job.nVotes}` };
  const { result, state } = analyzeLive(k.live, k.state);
  k.state = state;
  return outcome(job.id, result, state, keep(job.conversation, k, job.keepVotes));
}

parentPort!.on('message', (job: MathJob) => {
  try {
    parentPort!.postMessage(job.kind === 'update' ? update(job) : full(job));
  } catch (e) {
    kept.delete(job.conversation);
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
