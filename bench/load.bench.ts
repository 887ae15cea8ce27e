// Load: ballots accepted per second by a Jirga server on Postgres, with p50/p99
// latency, clients in parallel. The server runs as its own process (as in
// production); this process prepares the ballots first, then only sends them.
//   node --import tsx bench/load.bench.ts [--ballots 1000] [--concurrency 32] [--db postgres|pglite] [--servers 1,2,3] [--server DIR]
// (--profile DIR: the servers write V8 CPU profiles of every thread there, at exit)
// (--server: run the `jirga serve` of another checkout, e.g. the previous commit exported
// with `git archive`, to compare before and after on the same machine)
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT } from '../test/helpers/api-flow.ts';
import { freshPostgresUrl, ORGANISER_PASSWORD } from '../test/helpers/server.ts';
import { ROOT } from '../test/helpers/tools.ts';

const { values } = parseArgs({ options: { ballots: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '32' }, db: { type: 'string', default: 'postgres' }, servers: { type: 'string', default: '1' }, server: { type: 'string' }, profile: { type: 'string' } } });
const N = Number(values.ballots);
const C = Number(values.concurrency);
// --servers 1,2,3: one run per count, each on a fresh database, side by side (several `jirga serve`
// processes on one Postgres, the clients spread over them as a load balancer would)
const counts = values.servers.split(',').map(Number);
if (counts.some((k) => !Number.isInteger(k) || k < 1) || (values.db !== 'postgres' && counts.some((k) => k > 1))) throw new Error('--servers: counts of 1 or more (more than 1 only on Postgres)');

/** CPU seconds (user + system, every thread) of a process, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0;
  }
}

/** CPU seconds of the Postgres backends serving `database` (their process titles name it):
 * the work of this benchmark's connections, not the other users of the same Postgres, and
 * not the shared background processes (WAL writer, checkpointer). */
function postgresCpuSeconds(database: string): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split(' ').includes(database)) total += cpuSeconds(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return total;
}

interface Run {
  /** Requests sent again after the connection was closed under them. */
  resent: number;
  /** CPU seconds during the casting: the server processes, Postgres, this process (the clients). */
  cpu: { servers: number; postgres: number; clients: number };
  elapsed: number;
  servers: number;
  accepted: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  prepareS: number;
}

async function startServers(k: number, databaseUrl: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jirga-load-'));
  const started = Array.from({ length: k }, () => {
    const port = 21000 + Math.floor(Math.random() * 10000);
    const child = spawn(process.execPath, [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), join(values.server ?? ROOT, 'bin', 'jirga.mjs'), 'serve'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir, JIRGA_DEMO: '0', JIRGA_LOG: '0', JIRGA_ADMIN_PASSWORD: ORGANISER_PASSWORD, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { child, base: `http://127.0.0.1:${port}` };
  });
  for (const { base } of started) {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 300) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return started;
}

async function runWith(k: number): Promise<Run> {
  const fresh = values.db === 'postgres' ? await freshPostgresUrl() : undefined;
  const servers = await startServers(k, fresh?.url);
  const dbName = fresh ? new URL(fresh.url).pathname.slice(1) : '';
  const election = await openElectionOverHttp(new Client(servers[0]!.base), { voters: N, draft: { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } }, password: ORGANISER_PASSWORD });
  const t0 = performance.now();
  const ballots = election.credentials.map((_, i) => ballotFor(election, i, [[1, 0, 0], [0, 1, 0, 0]]));
  const prepareS = (performance.now() - t0) / 1000;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let resent = 0;
  const cpu0 = { servers: servers.reduce((a, s) => a + cpuSeconds(s.child.pid!), 0), postgres: postgresCpuSeconds(dbName), clients: process.cpuUsage() };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async (_, c) => {
      // client c talks to server c mod k (a load balancer's round robin, per connection)
      const base = servers[c % k]!.base;
      while (next < ballots.length) {
        const b = ballots[next++]!;
        const t = performance.now();
        // a connection the server closed under the request (seen under heavy load) is tried
        // again, as a voter's client does: the server recognises a ballot it already has
        let status = 0;
        for (let attempt = 0; attempt < 3 && status === 0; attempt++) {
          try {
            const r = await fetch(`${base}/api/elections/${election.uuid}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
            await r.text();
            status = r.status;
          } catch {
            resent++;
          }
        }
        latencies.push(performance.now() - t);
        if (status !== 200) failures++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const clientUsage = process.cpuUsage(cpu0.clients);
  const cpu = {
    servers: servers.reduce((a, s) => a + cpuSeconds(s.child.pid!), 0) - cpu0.servers,
    postgres: postgresCpuSeconds(dbName) - cpu0.postgres,
    clients: (clientUsage.user + clientUsage.system) / 1e6,
  };
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  // wait for each server to exit (a profile is written at exit), at most 30 s
  await Promise.all(servers.map((s) => new Promise<void>((r) => {
    if (s.child.exitCode !== null) return r();
    const t = setTimeout(r, 30_000);
    s.child.once('exit', () => (clearTimeout(t), r()));
    s.child.kill('SIGTERM');
  })));
  await fresh?.drop();
  return { resent, cpu, elapsed, servers: k, accepted: N - failures, throughput: (N - failures) / elapsed, p50: pct(50), p99: pct(99), max: latencies[latencies.length - 1]!, prepareS };
}

console.log(`# Load: ${N} ballots, ${C} clients in parallel, database ${values.db}, server processes: ${counts.join(', ')}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; servers, database and clients on the same machine`);
const runs: Run[] = [];
for (const k of counts) {
  const r = await runWith(k);
  console.log(`${k} server(s): prepared ${N} ballots in ${r.prepareS.toFixed(1)} s (not counted); ${r.throughput.toFixed(1)} ballots/s`);
  runs.push(r);
}
console.log(`\n| server processes | ballots accepted | sent again | throughput | latency p50 | latency p99 | latency max |\n| --- | --- | --- | --- | --- | --- | --- |`);
for (const r of runs) {
  console.log(`| ${r.servers} | ${r.accepted} of ${N} | ${r.resent} | **${r.throughput.toFixed(1)} ballots/s** | ${r.p50.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${r.max.toFixed(0)} ms |`);
}
// cores busy per 100 ballots/s = CPU seconds per ballot × 100
console.log(`\nCPU per 100 ballots/s, in cores (CPU seconds during the casting / ballots accepted × 100; Postgres: the backends serving this run's database):`);
console.log(`\n| server processes | jirga serve (all) | Postgres | clients (this process) | wall time |\n| --- | --- | --- | --- | --- |`);
for (const r of runs) {
  const per = (s: number) => ((s / r.accepted) * 100).toFixed(2);
  console.log(`| ${r.servers} | ${per(r.cpu.servers)} | ${per(r.cpu.postgres)} | ${per(r.cpu.clients)} | ${r.elapsed.toFixed(1)} s |`);
}
