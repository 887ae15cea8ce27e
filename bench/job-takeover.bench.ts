// How long a job whose server was killed stays with the dead server, with the queue's
// default settings (src/store/job-queue.ts: a beat every 10 s, dead after 60 s; the close
// queue's retry delay, 15 s, doubled by pg-boss's backoff with jitter: 15–30 s for a first
// retry). A server in a process of its own (test/helpers/job-runner-process.ts) takes a job
// and is killed with SIGKILL; another server, started at once on the same database, works
// the queue: the time from the kill to the job done by the survivor is printed, beside what
// it was before the heartbeats (the job's expiry: 15 minutes for a close). Postgres (the
// machine's, a fresh database) or PGlite (the survivor is the same server restarted).
//   node --import tsx bench/job-takeover.bench.ts [--kind postgres|pglite] [--runs N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { BEAT_SECONDS, DEAD_AFTER_SECONDS, openJobQueue } from '../src/store/job-queue.ts';
import { freshPostgresUrl } from '../test/helpers/server.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const kind = option('--kind', 'postgres');
const runs = Number(option('--runs', '2'));
const QUEUE = 'takeover-bench';
const RETRY_DELAY_SECONDS = 15; // the close queue's (src/services/elections/closer.ts)
const EXPIRE_SECONDS = 15 * 60; // the close queue's expiry, the only way back before

console.log(`job takeover after SIGKILL, ${kind}, defaults: beat ${BEAT_SECONDS} s, dead after ${DEAD_AFTER_SECONDS} s, retry delay ${RETRY_DELAY_SECONDS} s (first retry 15–30 s), expiry ${EXPIRE_SECONDS} s`);
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const place = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'jirga-takeover-')) : await freshPostgresUrl();
  const where = typeof place === 'string' ? place : place.url;
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'test', 'helpers', 'job-runner-process.ts'), where, QUEUE, `job-${run}`, JSON.stringify({ expireSeconds: EXPIRE_SECONDS, retryDelaySeconds: RETRY_DELAY_SECONDS })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  while (!out.includes(`took job-${run}`)) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await exited;
  const killed = Date.now();
  const db = await openDatabase(typeof place === 'string' ? { dataDir: place } : { url: place.url });
  const queue = await openJobQueue(db);
  await queue.define({ name: QUEUE, expireSeconds: EXPIRE_SECONDS, retryLimit: 1000, retryDelaySeconds: RETRY_DELAY_SECONDS });
  let done = 0;
  await queue.work(QUEUE, async () => void (done = Date.now()), 1000);
  while (!done) await new Promise((r) => setTimeout(r, 100));
  const seconds = (done - killed) / 1000;
  times.push(seconds);
  console.log(`run ${run + 1}: the killed server's job done by the survivor ${seconds.toFixed(1)} s after the kill (before the heartbeats: at expiry, ${EXPIRE_SECONDS} s)`);
  await queue.stop();
  await db.close();
  if (typeof place === 'string') rmSync(place, { recursive: true, force: true });
  else await place.drop();
}
console.log(`takeover ${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} s over ${runs} runs; ${(EXPIRE_SECONDS / Math.max(...times)).toFixed(1)}× sooner than the expiry at worst`);
process.exit(0);
