// The voting flow on a 2G-like link and the sealing of a ballot on a slow, JIT-less CPU
// (issue 17), in Chromium through the Chrome DevTools Protocol:
//  (a) the whole flow — open /e/UUID/vote, type a credential, choose, seal, cast, until the
//      receipt shows — on a 2G-like link (50 kbit/s down, 20 kbit/s up, 500 ms round
//      trip): a first visit in a new browser context, then a second visit in the same
//      context (the app cached: by HTTP, or by a service worker when the app has one);
//  (b) sealing alone, no network throttling, the CPU slowed 1× and 4×
//      (Emulation.setCPUThrottlingRate), in Chromium as is and in a Chromium started with
//      --js-flags=--jitless (Tor Browser's "Safer" level turns the JIT off the same way):
//      in the booth (click "prepare" until the tracker shows; the rate is also sent to
//      the booth's dedicated worker, see onWorkers: Chromium 156 refuses it there, so the
//      worker runs unthrottled), and the booth worker's own file run on the page's main
//      thread, where the throttle works (sealOnMainThread), with a calibration loop that
//      shows the slowdown the throttle really gave.
//   npm run build && node --import tsx bench/booth-2g.bench.ts [--runs 5] [--only flow|seal] [--link cdp|proxy] [--verbose]
// (--link: the 2G-like link by Chromium's emulation only, or by a TCP proxy only
// (bench/link-proxy.ts); both by default. Chromium's emulation does not reach what a
// service worker fetches: with a service worker, the proxy's figures are the ones to read.)
// (--verbose: every request of the 2G runs on stderr, with its times and sizes)
import { readdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { seedDemo } from '../src/services/elections/demo.ts';
import { frozenElection } from '../src/services/elections/elections.ts';
import { isHomomorphic } from '../src/protocol/codec.ts';
import { randomPlaintext } from '../src/protocol/simulate.ts';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchBrowser, WEB_ROOT } from '../test/helpers/browser.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { tempDir } from '../test/helpers/tools.ts';
import { startLinkProxy } from './link-proxy.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 5);
const ONLY = arg('only');
const TIMEOUT = 300_000;
const VERBOSE = process.argv.includes('--verbose');
/** the 2G-like link: Chromium's network emulation (cdp), a TCP proxy (proxy), or both */
const LINKS = arg('link') === 'cdp' ? ['cdp'] : arg('link') === 'proxy' ? ['proxy'] : ['cdp', 'proxy'];

/** 2G-like, as in the issue: 50 kbit/s down, 20 kbit/s up (bytes per second for CDP), 500 ms round trip. */
const LINK_2G = { offline: false, latency: 500, downloadThroughput: 50_000 / 8, uploadThroughput: 20_000 / 8 };

const load0 = loadavg().map((x) => x.toFixed(1)).join(' ');
const server = await startTestServer('pglite', { webRoot: WEB_ROOT });
const open = (await seedDemo(server.ctx, tempDir('jirga-2g-'))).find((d) => d.state === 'open')!;
// bytes on the wire, counted by the server's sockets (headers included; the worker's script
// too, which the page's own CDP session does not see)
const sockets = new Set<Socket>();
const closed = { out: 0, in: 0 };
server.app.server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  socket.on('close', () => {
    closed.out += socket.bytesWritten;
    closed.in += socket.bytesRead;
    sockets.delete(socket);
  });
});
const traffic = () => [...sockets].reduce((t, s) => ({ out: t.out + s.bytesWritten, in: t.in + s.bytesRead }), { ...closed });
let nextCredential = 0;
const credential = () => open.credentials[nextCredential++ % open.credentials.length]!; // later ones re-vote: allowed

/**
 * The booth worker's own code (web/dist/assets/booth.worker-*.js, the very file the booth
 * starts) run on the page's main thread, which Emulation.setCPUThrottlingRate does slow:
 * its `self.onmessage` lands on window, its `self.postMessage` is caught. As the booth
 * does, a credential check first (it builds g's table), then the timed ballot request.
 * Returns milliseconds.
 */
const BOOTH_WORKER = `/assets/${readdirSync(`${WEB_ROOT}/assets`).find((n) => /^booth\.worker-.*\.js$/.test(n))!}`;
const electionCtx = await frozenElection(server.ctx.db, open.uuid);
async function sealOnMainThread(page: Page): Promise<{ check: number; seal: number }> {
  const plaintext = electionCtx.election.questions.filter(isHomomorphic).map((q) => randomPlaintext(q));
  const result = await page.evaluate(
    async ({ url, electionRaw, credential, plaintext, uuid }) => {
      const answers: { ok: boolean; message?: string; tracker?: string }[] = [];
      const w = window as unknown as { postMessage: (m: unknown) => void; onmessage: (e: { data: unknown }) => void };
      w.postMessage = (m) => answers.push(m as (typeof answers)[number]);
      await import(url);
      const digests = await (await fetch(`/api/elections/${uuid}/credential-digests.json`)).text();
      const t0 = performance.now();
      w.onmessage({ data: { kind: 'check', electionRaw, candidates: [credential], digests } });
      const t1 = performance.now();
      w.onmessage({ data: { kind: 'ballot', electionRaw, credential, plaintext } });
      return { check: t1 - t0, seal: performance.now() - t1, answers };
    },
    { url: BOOTH_WORKER, electionRaw: electionCtx.raw, credential: credential(), plaintext, uuid: open.uuid },
  );
  const [check, ballot] = result.answers;
  if (!check?.ok || !ballot?.ok || !ballot.tracker) throw new Error(`the booth's code on the page failed: ${JSON.stringify(result.answers)}`);
  return { check: result.check / 1000, seal: result.seal / 1000 };
}

/** Seconds for a fixed BigInt loop on the page's main thread (50,000 products of 2048-bit
 * numbers reduced mod a 2048-bit prime): what the throttle really did, on this machine. */
async function calibrationLoop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const p = (1n << 2048n) - 1942289n; // any odd 2048-bit modulus will do
    let a = 3n ** 1291n;
    const t = performance.now();
    for (let i = 0; i < 50_000; i++) a = (a * a) % p;
    return (performance.now() - t + Number(a & 0n)) / 1000;
  });
}

/**
 * The page's workers, each through a session of its own. A dedicated worker runs on a
 * thread of its own and is a CDP target of its own: what is sent to the page's session
 * does not reach it. The page's session is asked to attach to its workers, paused before
 * their first line, in the non-flattened mode (messages wrapped in
 * Target.sendMessageToTarget: the only one a Playwright CDPSession can speak); `setUp`
 * sends each its commands, then it runs. Errors of those commands are collected in
 * `notes`, events are passed to `onEvent`.
 */
async function onWorkers(cdp: CDPSession, setUp: [method: string, params: object][], notes: string[], onEvent: (method: string, params: Record<string, unknown>) => void = () => {}): Promise<void> {
  let id = 0;
  const names = new Map<number, string>();
  cdp.on('Target.attachedToTarget', (event) => {
    const { sessionId, targetInfo } = event;
    notes.push(`${targetInfo.type} ${targetInfo.url.replace(/^.*\//, '').replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js')}`);
    const send = (method: string, params: object) => {
      names.set(++id, method);
      return cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => {});
    };
    void (async () => {
      for (const [method, params] of setUp) await send(method, params);
      await send('Runtime.runIfWaitingForDebugger', {});
    })();
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; error?: { message: string }; method?: string; params?: Record<string, unknown> };
    if (message.error) notes.push(`${names.get(message.id!)}: ${message.error.message}`);
    if (message.method) onEvent(message.method, message.params!);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}

interface Flow {
  load: number;
  check: number;
  seal: number;
  cast: number;
  total: number;
}

const seconds = (ms: number) => ms / 1000;

/** One voter through the booth; each step's time in seconds. */
async function vote(page: Page, base = server.base): Promise<Flow> {
  const t0 = Date.now();
  await page.goto(`${base}/e/${open.uuid}/vote`, { timeout: TIMEOUT });
  await page.waitForSelector('#credential', { timeout: TIMEOUT });
  const t1 = Date.now();
  await page.fill('#credential', credential());
  await page.click('article button[type=submit]');
  const questions = page.locator('fieldset');
  await questions.first().waitFor({ timeout: TIMEOUT });
  const t2 = Date.now();
  for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
  const t3 = Date.now();
  await page.click('article button[type=submit]');
  await page.locator('[data-testid=tracker]').waitFor({ timeout: TIMEOUT });
  const t4 = Date.now();
  await page.click('article button.primary');
  await page.locator('[data-testid=cast-done]').waitFor({ timeout: TIMEOUT });
  await page.locator('[data-testid=receipt-line]').waitFor({ timeout: TIMEOUT });
  const t5 = Date.now();
  return { load: seconds(t1 - t0), check: seconds(t2 - t1), seal: seconds(t4 - t3), cast: seconds(t5 - t4), total: seconds(t5 - t0) };
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 } });
}

/** A page on the 2G-like link: Chromium's emulation, or (`proxied`) no emulation, the link being the proxy's. */
async function page2G(context: BrowserContext, proxied: boolean, counts: { fromServiceWorker: number }): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (!proxied) await cdp.send('Network.emulateNetworkConditions', LINK_2G);
  cdp.on('Network.responseReceived', (e) => e.response.fromServiceWorker && counts.fromServiceWorker++);
  if (VERBOSE) {
    // each request: when it started and ended (from the page's first request), bytes on the wire, where from
    const started = new Map<string, { url: string; at: number; up: number }>();
    const from = new Map<string, string>();
    let t0 = 0;
    cdp.on('Network.requestWillBeSent', (e) => {
      t0 ||= e.timestamp;
      started.set(e.requestId, { url: `${e.request.method} ${e.request.url.replace(/^https?:\/\/[^/]+/, '')}`, at: e.timestamp, up: e.request.postData?.length ?? 0 });
    });
    cdp.on('Network.responseReceived', (e) => from.set(e.requestId, e.response.fromServiceWorker ? 'service worker' : e.response.fromDiskCache ? 'disk cache' : `${e.response.status}`));
    cdp.on('Network.loadingFinished', (e) => {
      const s = started.get(e.requestId);
      if (s) console.error(`  ${(s.at - t0).toFixed(2)}–${(e.timestamp - t0).toFixed(2)} s ${s.url.slice(0, 90)} ↓${e.encodedDataLength} B${s.up ? ` ↑${s.up} B` : ''} ${from.get(e.requestId) ?? ''}`);
    });
    // the worker's script is fetched on the page's throttled link (its data arrives at the
    // link's pace) but reported to the worker's own target only: watched there
    await onWorkers(cdp, [['Network.enable', {}]], [], (method, params) => {
      if (method === 'Network.responseReceived') console.error(`  worker's script: first bytes at ${((params['timestamp'] as number) - t0).toFixed(2)} s`);
      if (method === 'Network.loadingFinished') console.error(`  worker's script: loaded at ${((params['timestamp'] as number) - t0).toFixed(2)} s`);
    });
  }
  return page;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const cell = (xs: number[]) => (xs.length > 1 ? `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : f(xs[0]!));
const rows: string[] = [];

// ---- (a) the voting flow on the 2G-like link: Chromium's emulation, then the proxy's link
if (ONLY !== 'seal') {
  const browser = await launchBrowser();
  rows.push(
    '| 2G-like link (50/20 kbit/s, 500 ms RTT) | load | credential check | seal | cast | total | bytes down / up | answers from a service worker |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const link of LINKS) {
    const proxy = link === 'proxy' ? await startLinkProxy({ host: '127.0.0.1', port: Number(new URL(server.base).port) }, { rttMs: LINK_2G.latency, downBytesPerSecond: LINK_2G.downloadThroughput, upBytesPerSecond: LINK_2G.uploadThroughput }) : undefined;
    type Visit = { flow: Flow; out: number; in: number; fromServiceWorker: number };
    const first: Visit[] = [];
    const cached: Visit[] = [];
    const visit = async (context: BrowserContext, visits: Visit[], settle = false) => {
      const before = traffic();
      const counts = { fromServiceWorker: 0 };
      const page = await page2G(context, !!proxy, counts);
      const flow = await vote(page, proxy?.base);
      // "once visited": the app's service worker (if it has one) finishes keeping its files
      // before the voter leaves — on a real phone, hours before a shutdown
      if (settle) {
        const t = Date.now();
        const installed = await page.evaluate(() => Promise.race([navigator.serviceWorker?.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 180_000))])).catch(() => false);
        console.error(`  service worker ${installed ? `active ${((Date.now() - t) / 1000).toFixed(1)} s after the cast` : 'not active'}`);
      }
      await page.close();
      const after = traffic();
      visits.push({ flow, out: after.out - before.out, in: after.in - before.in, ...counts });
    };
    for (let r = 0; r < RUNS; r++) {
      const context = await newContext(browser);
      await visit(context, first, true);
      await visit(context, cached);
      await context.close();
      console.error(`flow (${link}) run ${r + 1}: first ${JSON.stringify(first.at(-1))}; cached ${JSON.stringify(cached.at(-1))}`);
    }
    await proxy?.close();
    const how = link === 'proxy' ? 'a proxy' : "Chromium's emulation";
    for (const [name, visits] of [[`first visit (${how})`, first], [`second visit, same context, app cached (${how})`, cached]] as const) {
      const col = (k: keyof Flow) => cell(visits.map((x) => x.flow[k]));
      const kib = (k: 'out' | 'in') => (median(visits.map((x) => x[k])) / 1024).toFixed(1);
      rows.push(`| ${name} | ${col('load')} s | ${col('check')} s | ${col('seal')} s | ${col('cast')} s | **${col('total')} s** | ${kib('out')} / ${kib('in')} KiB | ${median(visits.map((x) => x.fromServiceWorker))} |`);
    }
  }
  await browser.close();
  rows.push('');
}

// ---- (b) sealing alone, CPU slowed, with and without JIT
if (ONLY !== 'flow') {
  const workerNotes = new Set<string>();
  const checkRows: string[] = [];
  rows.push(
    '| sealing one ballot | in the booth (worker), CPU 1× | in the booth (worker), CPU 4× asked | same code on the main thread, CPU 1× | same code on the main thread, CPU 4× |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const [name, args] of [['Chromium', []], ['Chromium --js-flags=--jitless', ['--js-flags=--jitless']]] as const) {
    const browser = await launchBrowser([...args]);
    const times: Record<string, number[]> = { worker1: [], worker4: [], main1: [], main4: [] };
    const checks: Record<string, number[]> = { main1: [], main4: [] };
    const loops: Record<string, number[]> = { main1: [], main4: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const key of ['worker1', 'worker4', 'main1', 'main4'] as const) {
        const context = await newContext(browser);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        const rate = key.endsWith('4') ? 4 : 1;
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        if (key.startsWith('worker')) {
          const attached: string[] = [];
          await onWorkers(cdp, [['Emulation.setCPUThrottlingRate', { rate }]], attached);
          const flow = await vote(page);
          times[key]!.push(flow.seal);
          for (const a of attached) workerNotes.add(a.replace(/-[A-Za-z0-9_-]{8}\.js/, '.js'));
          console.error(`${name} ${key} run ${r + 1}: ${JSON.stringify(flow)}`);
        } else {
          await page.goto(`${server.base}/e/${open.uuid}/vote`);
          await page.waitForSelector('#credential');
          const t = await sealOnMainThread(page);
          times[key]!.push(t.seal);
          checks[key]!.push(t.check);
          loops[key]!.push(await calibrationLoop(page));
          console.error(`${name} ${key} run ${r + 1}: ${JSON.stringify(t)}`);
        }
        await context.close();
      }
    }
    await browser.close();
    rows.push(`| ${name} | ${cell(times['worker1']!)} s | ${cell(times['worker4']!)} s | ${cell(times['main1']!)} s | **${cell(times['main4']!)} s** |`);
    checkRows.push(`| ${name} | ${cell(checks['main1']!)} s | ${cell(checks['main4']!)} s | ${(median(loops['main4']!) / median(loops['main1']!)).toFixed(1)}× |`);
  }
  rows.push('', '| checking the credential (same code on the main thread) | CPU 1× | CPU 4× | slowdown the throttle gave a BigInt loop |', '| --- | --- | --- | --- |', ...checkRows);
  rows.push('', `The booth's worker, throttled through its own target: ${[...workerNotes].join('; ')}`);
}
await server.stop();
const probe = await launchBrowser();
const version = probe.version();
await probe.close();
console.log(`\n${new Date().toISOString().slice(0, 10)}, Chromium ${version}, ${cpus().length} CPUs, load average at the start ${load0} and the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${RUNS} runs each: median (min–max)\n`);
console.log(rows.join('\n'));
process.exit(0);
