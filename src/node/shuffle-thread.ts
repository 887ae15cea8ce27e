// The server's shuffle at closing in a worker thread of its own: ≈ 19 ms of CPU per
// ranked or graded ballot (minutes for a large election), which must not stop the
// server's event loop (its other requests, its job queue's heartbeat) while it runs.
import { Worker } from 'node:worker_threads';

export function shuffleInWorker(electionRaw: string, tallyText: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./shuffle-worker.mjs', import.meta.url), { workerData: { electionRaw, tallyText } });
    let answered = false;
    worker.once('message', (m: { text?: string; error?: string }) => {
      answered = true;
      if (m.text !== undefined) resolve(m.text);
      else reject(new Error(`the server's shuffle failed: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      answered = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the server's shuffle stopped (worker exit ${code})`));
    });
  });
}
