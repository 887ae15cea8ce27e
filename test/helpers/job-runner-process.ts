// A server's job queue in a process of its own, for tests that kill it mid-job (SIGKILL):
// it opens the database (argv[2]: a postgres:// address or a PGlite directory), works the
// queue argv[3] with a handler that never returns, sends the job argv[4], and prints
// "took KEY" when its handler has it. Beats and dead-job checks as the test gives them (argv[5], JSON).
import { openDatabase } from '../../src/store/db.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';

const [where, queue, key, beat] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase(where.startsWith('postgres') ? { url: where } : { dataDir: where });
const q = await openJobQueue(db, JSON.parse(beat) as Record<string, number>);
await q.define({ name: queue, expireSeconds: 600, retryLimit: 5, retryDelaySeconds: 1 });
await q.work(queue, (k) => (console.log(`took ${k}`), new Promise<void>(() => {})), 500);
await q.send(queue, key);
