// What a burst of bad logins does to everyone else: /healthz latency (p50, p99, max) while
// 20 clients send wrong passwords at once, next to the same probes on an idle server, in one
// run (the ratio is the figure; absolute times depend on the machine).
//   node --import tsx bench/login-burst.bench.ts [bursts=10]
import { availableParallelism, cpus } from 'node:os';
import { request } from 'node:http';
import { startTestServer } from '../test/helpers/server.ts';

function call(base: string, method: string, path: string, from: string, body?: unknown): Promise<{ status: number; ms: number }> {
  const url = new URL(path, base);
  const data = body === undefined ? undefined : JSON.stringify(body);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, localAddress: from, agent: false, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - start }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(base: string, whileRunning: Promise<unknown> | undefined, count: number): Promise<number[]> {
  const out: number[] = [];
  let done = false;
  void whileRunning?.then(() => (done = true));
  while (whileRunning ? !done : out.length < count) {
    out.push((await call(base, 'GET', '/healthz', '127.0.0.1')).ms);
    await sleep(5);
  }
  return out;
}

const bursts = Number(process.argv[2] ?? 10);
const server = await startTestServer('pglite');
await call(server.base, 'GET', '/healthz', '127.0.0.1');
await call(server.base, 'POST', '/api/session', '127.0.9.1', { username: 'organiser', password: 'warm-up, wrong' });

const idle = await probe(server.base, undefined, 300);
const busy: number[] = [];
const statuses = new Map<number, number>();
for (let b = 0; b < bursts; b++) {
  // 20 distinct clients (127.0.b.i): only the global cap applies, not the per-client limit
  const burst = Promise.all(Array.from({ length: 20 }, (_, i) => call(server.base, 'POST', '/api/session', `127.0.${10 + b}.${i + 1}`, { username: i % 2 ? 'organiser' : `nobody-${i}`, password: 'wrong password' })));
  busy.push(...(await probe(server.base, burst, 0)));
  for (const a of await burst) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
}
await server.stop();

const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores; ${bursts} bursts of 20 concurrent bad logins`);
console.log('| /healthz | probes | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- |');
console.log(row('idle server', idle));
console.log(row('during the bursts', busy));
console.log(`\np99 during bursts / p99 idle: ${(pct(busy, 99) / pct(idle, 99)).toFixed(1)}; goal p99 < 100 ms: ${pct(busy, 99) < 100 ? 'met' : 'NOT met'}`);
console.log(`login answers: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
