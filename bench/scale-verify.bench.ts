// Benchmark: verifying a large election, side by side in one run — `jirga verify`,
// `belenios-tool election verify`, and the observer's verifier in Chromium (the web
// app's own worker) — on each archive given, small and large, so that the ratios
// (time per ballot, peak memory) can be read across sizes. Not a test.
//
//   node --import tsx bench/scale-verify.bench.ts --archive 1k.bel --archive 100k.bel [--no-belenios] [--no-browser]
//   ... --only jirga|belenios|browser --ballots N   (one of the three; N: the archive's ballots,
//   so that a long run can be split: belenios-tool and the browser each use one core and may
//   run side by side on two, `jirga verify` uses both and runs alone)
//   ... --checkers N   (the browser's verifier checks ballots in N workers; default: one per core)
//   ... --heap-every S   (the browser's JS memory, page and workers, measured after a GC every
//   S seconds, default 60, with the ballots checked by then: does it level off?)
//   ... --browser-minutes M   (stop the browser's verification after M minutes and report its
//   rate and memory over the ballots it checked: at 100,000 ballots it takes hours)
//
// Make the archives with `jirga simulate --voters N --workers 2 --out N.bel`.
// Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory, and a built
// web app (`npm run build`) for the browser part.
import { spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/helpers/browser.ts';

const { values } = parseArgs({
  options: { archive: { type: 'string', multiple: true }, 'no-belenios': { type: 'boolean' }, 'no-browser': { type: 'boolean' }, only: { type: 'string' }, ballots: { type: 'string' }, 'browser-minutes': { type: 'string' }, checkers: { type: 'string' }, 'heap-every': { type: 'string' } },
});
const only = values.only;
if (only !== undefined && !['jirga', 'belenios', 'browser'].includes(only)) throw new Error('--only takes jirga, belenios or browser');
if (only !== undefined && only !== 'jirga' && !values.ballots) throw new Error(`--only ${only} needs --ballots N (the archive's ballot count, printed by jirga verify)`);
const runs = (what: string) => (only === undefined ? !values[`no-${what}` as 'no-belenios'] : only === what);
const archives = values.archive ?? [];
if (!archives.length) throw new Error('give at least one --archive FILE.bel');
const ROOT = join(import.meta.dirname, '..');
const WEB = join(ROOT, 'web', 'dist');

interface Figure {
  seconds: number;
  peakMiB: number;
  verdict: string;
  output: string;
}

/** A command under GNU time: wall seconds, peak resident memory, its last line. */
function measured(cmd: string, args: string[], cwd?: string): Figure {
  const r = spawnSync('/usr/bin/time', ['-f', 'JIRGA-TIME %e %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, BELENIOS_USE_URANDOM: '1' } });
  const m = /JIRGA-TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`${cmd}: no figures (${r.stderr.slice(-300)})`);
  const lines = (r.stdout + r.stderr.replace(/JIRGA-TIME.*\n?/, '')).trim().split('\n');
  return { seconds: Number(m[1]), peakMiB: Number(m[2]) / 1024, verdict: `exit ${r.status}: ${lines[lines.length - 1]!.slice(0, 100)}`, output: r.stdout };
}

/** The ballot count jirga verify printed (the authority; for the table only). */
const ballotsIn = (f: Figure): number => Number(/(\d+) ballot\(s\)/.exec(f.output)?.[1] ?? NaN);

/** The web app's verifier worker in Chromium, fed the archive as it downloads from a local server. */
async function inBrowser(path: string): Promise<Figure> {
  const worker = readdirSync(join(WEB, 'assets')).find((f) => /^verify\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error('no verify worker in web/dist: run npm run build');
  const types: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    // cross-origin isolated, so that the page may measure its workers' memory (measureUserAgentSpecificMemory)
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-embedder-policy', 'require-corp');
    if (req.url === '/archive.bel') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(path).pipe(res);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>bench</title>');
    } else {
      const file = join(WEB, req.url!.split('?')[0]!);
      if (!file.startsWith(WEB) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  // the memory measured at once (after a full GC) rather than at the next GC
  const browser = await launchBrowser(['--enable-blink-features=ForceEagerMeasureMemory']);
  let peak = 0;
  const sampler = setInterval(() => {
    // the renderer that runs the page and its worker: Chromium's largest renderer process
    const ps = spawnSync('ps', ['-C', 'chromium', '-o', 'rss=,args='], { encoding: 'utf8' }).stdout;
    for (const line of ps.split('\n')) if (line.includes('--type=renderer')) peak = Math.max(peak, Number(line.trim().split(/\s+/)[0]) / 1024);
  }, 250);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    // tsx names functions with a helper (__name) that the page does not have
    await page.evaluate('globalThis.__name = (f) => f');
    const started = Date.now();
    const done = await page.evaluate(
      async ({ url, limitMs, size, heapEveryMs }) => {
        const w = new Worker(url, { type: 'module' });
        // the JS memory of the page and its workers after a GC, with the ballots checked by then
        const heap: { seconds: number; checked: number; bytes: number; verifier: number; checkers: number }[] = [];
        const t0 = performance.now();
        const measure = async () => {
          const m = await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number; breakdown: { bytes: number; types: string[]; attribution: { url: string; scope: string }[] }[] }> }).measureUserAgentSpecificMemory();
          const of = (re: RegExp) => m.breakdown.filter((b) => b.attribution.some((a) => re.test(a.url))).reduce((n, b) => n + b.bytes, 0);
          heap.push({ seconds: (performance.now() - t0) / 1000, checked, bytes: m.bytes, verifier: of(/verify\.worker/), checkers: of(/ballot-check\.worker/) });
        };
        let measuring = false;
        const heapTimer = crossOriginIsolated && heapEveryMs > 0 ? setInterval(() => { if (!measuring) { measuring = true; void measure().finally(() => (measuring = false)); } }, heapEveryMs) : undefined;
        // the page's flow control (web/src/features/elections/verifier.tsx): at most 8 MiB handed over and not yet taken
        let inFlight = 0;
        let wake: (() => void) | null = null;
        let checked = 0;
        const finished = new Promise<{ status: string; conclusion: string; checked: number }>((resolve) => {
          w.onmessage = (e: MessageEvent<{ type: string; status: string; conclusion: string; bytes: number; ballots: number }>) => {
            if (e.data.type === 'taken') {
              inFlight -= e.data.bytes;
              if (inFlight <= 8 * 2 ** 20) wake?.();
            } else if (e.data.type === 'progress') checked = e.data.ballots;
            else if (e.data.type === 'done') resolve({ ...e.data, checked });
          };
          w.onerror = (e) => resolve({ status: 'crashed', conclusion: String(e.message), checked });
          if (limitMs > 0) setTimeout(() => resolve({ status: 'stopped', conclusion: `stopped after ${limitMs / 60000} min`, checked }), limitMs);
        });
        let over = false;
        void finished.then(() => ((over = true), wake?.()));
        // one download per round: the worker asks for the archive again ({type:'again'}) when voters re-voted
        const send = async (round: number) => {
          const reader = (await fetch('/archive.bel')).body!.getReader();
          inFlight = 0;
          for (;;) {
            while (inFlight > 8 * 2 ** 20 && !over && round === current) await new Promise<void>((r) => (wake = r));
            if (over || round !== current) return void reader.cancel();
            const { done, value } = await reader.read();
            if (done) break;
            inFlight += value.length;
            w.postMessage({ type: 'chunk', round, bytes: value }, [value.buffer]);
          }
          if (!over) w.postMessage({ type: 'end', round });
        };
        let current = 0;
        w.addEventListener('message', (e: MessageEvent<{ type: string; round: number }>) => {
          if (e.data.type !== 'again') return;
          current = e.data.round;
          wake?.();
          void send(current);
        });
        // as the page does (verifier.tsx): the size first, so that the worker can keep a copy on this device for a second reading
        w.postMessage({ type: 'start', size });
        void send(0);
        const r = await finished;
        clearInterval(heapTimer);
        if (crossOriginIsolated) await measure().catch(() => undefined);
        w.terminate();
        return { ...r, heap, isolated: crossOriginIsolated };
      },
      { url: `/assets/${worker}${values.checkers ? `?checkers=${values.checkers}` : ''}`, limitMs: Number(values['browser-minutes'] ?? 0) * 60_000, size: statSync(path).size, heapEveryMs: Number(values['heap-every'] ?? 60) * 1000 },
    );
    // the series: whether the JS memory levels off as the ballots are checked
    console.log(done.isolated ? `  JS memory after a GC (measureUserAgentSpecificMemory), every ${values['heap-every'] ?? 60} s:` : '  (not cross-origin isolated: no JS memory series)');
    for (const h of done.heap) console.log(`    ${h.seconds.toFixed(0)} s, ${h.checked} ballots checked: all ${(h.bytes / 2 ** 20).toFixed(1)} MiB, the verifier's worker ${(h.verifier / 2 ** 20).toFixed(1)} MiB, the checkers ${(h.checkers / 2 ** 20).toFixed(1)} MiB`);
    if (done.status === 'stopped') {
      // a time limit: the figure is the rate over the ballots checked (and the memory while checking them)
      const seconds = (Date.now() - started) / 1000;
      return { seconds, peakMiB: peak, verdict: `stopped after ${done.checked} ballots checked (${((seconds * 1000) / done.checked).toFixed(2)} ms each)`, output: '' };
    }
    return { seconds: (Date.now() - started) / 1000, peakMiB: peak, verdict: `${done.status}: ${done.conclusion.slice(0, 100)}`, output: '' };
  } catch (e) {
    return { seconds: NaN, peakMiB: peak, verdict: `failed: ${String(e).slice(0, 120)}`, output: '' };
  } finally {
    clearInterval(sampler);
    await browser.close();
    server.close();
  }
}

console.log(`# Verifying large elections — jirga verify, belenios-tool, the browser's verifier`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}\n`);
const rows: string[] = [];
const row = (name: string, ballots: number, f: Figure) => {
  // printed as soon as it is measured: a long run that is stopped keeps what it took
  const line = `| ${name} | ${ballots} | ${f.seconds.toFixed(1)} s | ${((f.seconds * 1000) / ballots).toFixed(2)} ms | ${f.peakMiB.toFixed(0)} MiB | ${f.verdict} |`;
  console.log(`  ${line}`);
  rows.push(line);
};
for (const path of archives) {
  const size = statSync(path).size;
  let ballots = Number(values.ballots ?? NaN);
  let jirga: Figure | undefined;
  if (only === undefined || only === 'jirga') {
    jirga = measured('node', [join(ROOT, 'bin', 'jirga.mjs'), 'verify', '--quiet', path]);
    ballots = ballotsIn(jirga);
  }
  console.log(`${basename(path)}: ${(size / 2 ** 20).toFixed(0)} MiB, ${ballots} ballots`);
  if (jirga) row(`jirga verify ${basename(path)}`, ballots, jirga);
  if (runs('belenios')) {
    const dir = mkdtempSync(join(tmpdir(), 'jirga-scale-'));
    copyFileSync(path, join(dir, `${basename(path)}`));
    const theirs = measured('belenios-tool', ['election', 'verify', '--dir', dir]);
    rmSync(dir, { recursive: true, force: true });
    row(`belenios-tool election verify ${basename(path)}`, ballots, theirs);
    if (jirga) console.log(`  ${basename(path)}: belenios-tool / jirga time ${(theirs.seconds / jirga.seconds).toFixed(2)}×, memory ${(theirs.peakMiB / jirga.peakMiB).toFixed(2)}×`);
  }
  if (runs('browser')) row(`Chromium verifier ${basename(path)}`, ballots, await inBrowser(path));
}
console.log('\n| what | ballots | time | per ballot | peak memory | verdict |\n| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
