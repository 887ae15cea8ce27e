// Load: ballots accepted per second by a Jirga server on Postgres, with p50/p99
// latency, clients in parallel. The server runs as its own process (as in
// production); this process prepares the ballots first, then only sends them.
//   node --import tsx bench/load.bench.ts [--ballots 1000] [--concurrency 32] [--db postgres|pglite] [--server DIR]
// (--server: run the `jirga serve` of another checkout, e.g. the previous commit exported
// with `git archive`, to compare before and after on the same machine)
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT } from '../test/helpers/api-flow.ts';
import { freshPostgresUrl, ORGANISER_PASSWORD } from '../test/helpers/server.ts';
import { ROOT } from '../test/helpers/tools.ts';

const { values } = parseArgs({ options: { ballots: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '32' }, db: { type: 'string', default: 'postgres' }, server: { type: 'string' } } });
const N = Number(values.ballots);
const C = Number(values.concurrency);
const port = 21000 + Math.floor(Math.random() * 10000);
const fresh = values.db === 'postgres' ? await freshPostgresUrl() : undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'jirga-load-'));
const server = spawn(process.execPath, [join(values.server ?? ROOT, 'bin', 'jirga.mjs'), 'serve'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir, JIRGA_DEMO: '0', JIRGA_LOG: '0', JIRGA_ADMIN_PASSWORD: ORGANISER_PASSWORD, ...(fresh ? { DATABASE_URL: fresh.url } : {}) },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    /* starting */
  }
  if (i > 300) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 200));
}

const client = new Client(base);
const election = await openElectionOverHttp(client, { voters: N, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } }, password: ORGANISER_PASSWORD });
console.log(`# Load: ${N} ballots, ${C} clients in parallel, database ${values.db}${values.server ? `, server of ${values.server}` : ''}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; server and clients on the same machine`);
const t0 = performance.now();
const ballots = election.credentials.map((_, i) => ballotFor(election, i, [[1, 0, 0], [0, 1, 0, 0]]));
console.log(`prepared ${N} ballots in ${((performance.now() - t0) / 1000).toFixed(1)} s (not counted below)`);

const latencies: number[] = [];
let next = 0;
let failures = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: C }, async () => {
    while (next < ballots.length) {
      const b = ballots[next++]!;
      const t = performance.now();
      const r = await fetch(`${base}/api/elections/${election.uuid}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
      await r.text();
      latencies.push(performance.now() - t);
      if (r.status !== 200) failures++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
console.log(`\n| measure | value |\n| --- | --- |`);
console.log(`| ballots accepted | ${N - failures} of ${N} |`);
console.log(`| throughput | **${((N - failures) / elapsed).toFixed(1)} ballots/s** |`);
console.log(`| latency p50 | ${pct(50).toFixed(0)} ms |`);
console.log(`| latency p99 | ${pct(99).toFixed(0)} ms |`);
console.log(`| latency max | ${latencies[latencies.length - 1]!.toFixed(0)} ms |`);
server.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 1000));
await fresh?.drop();
