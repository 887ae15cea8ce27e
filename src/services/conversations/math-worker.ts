// Worker thread: runs the analysis of one conversation at a time (see math-runner.ts),
// so that the server's event loop keeps answering votes while the math runs.
import { parentPort } from 'node:worker_threads';
import { analyze } from '../../deliberation/analyze.ts';
import type { WarmStart } from '../../deliberation/types.ts';
import { analysisInputOf, type RawAnalysisInput } from './analysis-input.ts';

export interface MathJob {
  id: number;
  input: RawAnalysisInput;
  /** JSON text of the previous state, or null for a cold start. */
  previous: string | null;
}

parentPort!.on('message', (job: MathJob) => {
  try {
    const { result, state } = analyze(analysisInputOf(job.input), job.previous === null ? null : (JSON.parse(job.previous) as WarmStart));
    // serialised here, not on the server's event loop
    parentPort!.postMessage({ id: job.id, result: JSON.stringify(result), state: JSON.stringify(state), priority: JSON.stringify(result.priority ?? {}), nVotes: result.nVotes });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
