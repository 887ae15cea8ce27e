// Worker thread: one `jirga verify` run under the heap limit verify-thread.ts sets. It
// reads the file itself (and starts its own ballot checkers); the parent prints what it
// sends: each check as it is made, progress, then the outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { registerOpensslEngine } from '../node/openssl-engine.ts';
import { verifyOutcome } from './verify-command.ts';
import type { VerifyRun } from './verify-thread.ts';

registerOpensslEngine();

const { run, checks, progress } = workerData as { run: VerifyRun; checks: boolean; progress: boolean };
const port = parentPort!;
try {
  const outcome = await verifyOutcome(run, {
    ...(checks ? { onCheck: (c) => port.postMessage({ check: { ...c } }) } : {}),
    ...(progress ? { onProgress: (p) => port.postMessage({ progress: p }) } : {}),
  });
  port.postMessage({ outcome });
} catch (e) {
  port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
