// A server's job queue in a process of its own, for tests that kill it mid-job (SIGKILL):
// it opens the database (argv[2]: a postgres:// address or a PGlite directory), works the
// queue argv[3] with a handler that never returns, sends the job argv[4], and prints
// "took KEY" when its handler has it. Beats and dead-job checks as the test gives them, and
// the queue's expiry and retry delay (argv[5], JSON: { beatSeconds, deadAfterSeconds,
// superviseSeconds, expireSeconds, retryDelaySeconds }).
import { openDatabase } from '../../src/store/db.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';

const [where, queue, key, beat] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase(where.startsWith('postgres') ? { url: where } : { dataDir: where });
const { expireSeconds = 600, retryDelaySeconds = 1, ...beats } = JSON.parse(beat) as Record<string, number>;
const q = await openJobQueue(db, beats);
await q.define({ name: queue, expireSeconds, retryLimit: 5, retryDelaySeconds });
await q.work(queue, (k) => (console.log(`took ${k}`), new Promise<void>(() => {})), 500);
await q.send(queue, key);
