// What `jirga mirror --serve` holds in memory for the copy it serves (issue 18: nothing may
// grow with the ballots), for each archive given, side by side in one run:
//   - "disk": indexCopy as the mirror runs it (src/cli/mirror-index.ts): the index in files;
//   - "memory": the index the mirror kept before (main at 5b0248d): per record its kind,
//     hash and place, per event its record, per ballot its tracker, cursor and whether it
//     counts, and a Map from tracker to ballot, built here in the same reading.
// Each is built in a child process of its own (so one does not inherit the other's heap):
// time to build, peak RSS while building, and the heap still held once built (after a full
// GC; the JS heap and the buffers), per ballot; then, on the disk index, 2,000 look-ups of trackers taken at random
// (p50/p99), 200 ballot-box pages of 1,000 at random cursors, and the whole box read.
//   node --expose-gc --import tsx bench/mirror-index.bench.ts FILE.bel [FILE.bel ...]
import { execFileSync } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { recordsOfFile, type FileRead } from '../src/cli/mirror-files.ts';
import { boxPage, closeCopy, indexCopy } from '../src/cli/mirror-serve.ts';
import { decodeEvent } from '../src/protocol/archive.ts';
import { ballotTracker } from '../src/protocol/ballot.ts';

const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const gc = () => (globalThis as { gc?: () => void }).gc!();

/** The index the mirror kept in memory before, built from one reading of the file (what indexCopy did at 5b0248d). */
async function memoryIndex(path: string) {
  const file = await open(path, 'r');
  const read: FileRead = { size: 0 };
  const records: { kind: 'data' | 'event'; hash: string; start: number; length: number }[] = [];
  const events: number[] = [];
  const trackers: string[] = [];
  const boxSeqs: number[] = [];
  const latest = new Map<string, number>();
  let previous: { text: string; seq: number } | undefined;
  for await (const r of recordsOfFile(file, createHash('sha256'), read)) {
    const seq = records.length;
    records.push({ kind: r.kind, hash: r.hash, start: r.offset + 512, length: Buffer.byteLength(r.text, 'utf8') });
    if (r.kind === 'data') {
      previous = { text: r.text, seq };
      continue;
    }
    events.push(seq);
    if (decodeEvent(r.text, 'event').type === 'Ballot' && previous && previous.seq === seq - 1) {
      const credential = String((JSON.parse(previous.text) as { credential: unknown }).credential);
      latest.set(createHash('sha256').update(credential).digest('base64'), trackers.length);
      trackers.push(ballotTracker(previous.text));
      boxSeqs.push(previous.seq);
    }
    previous = undefined;
  }
  const last = new Set(latest.values());
  latest.clear();
  const box = trackers.map((tracker, i) => ({ tracker, counted: last.has(i) }));
  const byTracker = new Map(box.map((b, i) => [b.tracker, i] as const));
  return { file, records, events, box, boxSeqs, byTracker };
}

async function child(kind: 'disk' | 'memory', path: string): Promise<void> {
  const st = await stat(path);
  const whole = createHash('sha256');
  const f = await open(path, 'r');
  for await (const chunk of f.createReadStream()) whole.update(chunk as Buffer);
  const kept = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: whole.digest('hex') };
  await f.close();
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 200));
    gc();
    gc();
  };
  await settle();
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const heapBefore = used();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const start = performance.now();
  const held = kind === 'disk' ? await indexCopy(path, kept) : await memoryIndex(path);
  const buildMs = performance.now() - start;
  clearInterval(sampler);
  (globalThis as { held?: unknown }).held = held; // still held while measured
  await settle();
  const heapHeld = used() - heapBefore;
  const ballots = 'index' in held ? held.index.ballots : held.box.length;
  const out: Record<string, number> = { ballots, buildMs, heapHeld, peakRss: peak, rssBefore };
  if ('index' in held) {
    const lookups: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const { entries } = await held.index.boxEntries(randomInt(ballots), 1);
      const t = performance.now();
      const found = await held.index.lookup(entries[0]!.tracker);
      lookups.push(performance.now() - t);
      if (found?.tracker !== entries[0]!.tracker) throw new Error('a tracker of the box was not found');
    }
    const { seqs } = await held.index.boxEntries(0, ballots > 200_000 ? 0 : ballots);
    const pages: number[] = [];
    for (let i = 0; i < 200; i++) {
      const after = seqs.length ? seqs[randomInt(seqs.length)]! : undefined;
      const t = performance.now();
      await boxPage(held, 'x', after, 1000);
      pages.push(performance.now() - t);
    }
    let t = performance.now();
    for (let at = 0; at < ballots; at += 1000) await held.index.boxEntries(at, 1000);
    Object.assign(out, { lookupP50: pct(lookups, 50), lookupP99: pct(lookups, 99), pageP50: pct(pages, 50), pageP99: pct(pages, 99), wholeBoxMs: performance.now() - t });
    await closeCopy(held);
  }
  console.log(JSON.stringify(out));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as 'disk' | 'memory', process.argv[4]!);
} else {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node --expose-gc --import tsx bench/mirror-index.bench.ts FILE.bel [FILE.bel ...]');
    process.exit(2);
  }
  console.log(`# mirror --serve index: ${cpus().length} × ${cpus()[0]?.model}, ${mib(totalmem())} MiB, Node ${process.version}`);
  console.log('| archive | ballots | index | build | peak RSS while building | heap held once built | per ballot | look-up p50 / p99 | box page p50 / p99 | whole box |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const file of files) {
    for (const kind of ['memory', 'disk'] as const) {
      const line = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', kind, file], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!;
      const r = JSON.parse(line) as Record<string, number>;
      const ms = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(2)} ms`);
      console.log(`| ${file.split('/').pop()} | ${r.ballots} | ${kind} | ${(r.buildMs! / 1000).toFixed(1)} s | ${mib(r.peakRss!)} MiB | ${mib(r.heapHeld!)} MiB | ${(r.heapHeld! / r.ballots! / 1024).toFixed(3)} KiB | ${ms(r.lookupP50)} / ${ms(r.lookupP99)} | ${ms(r.pageP50)} / ${ms(r.pageP99)} | ${r.wholeBoxMs === undefined ? '–' : `${(r.wholeBoxMs / 1000).toFixed(3)} s`} |`);
    }
  }
}
