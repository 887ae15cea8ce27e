// Benchmark: does `jirga verify` stay flat in memory as the archive grows? For each
// archive (made by `jirga simulate`, one directory each), in one run: the wall time and
// peak memory (maximum resident set size, from /usr/bin/time -v) of `jirga verify` and of
// `belenios-tool election verify` on the same file. Prints figures (not a test).
//
//   node --import tsx bench/verify-scale.bench.ts --ballots 1000,10000 [--dir DIR] [--workers 2]
//   (an archive already in DIR/N/ is reused; otherwise `jirga simulate --workers` makes it)
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { ballots: { type: 'string', default: '1000,10000' }, dir: { type: 'string', default: '/tmp/jirga-verify-scale' }, workers: { type: 'string' } } });
const sizes = values.ballots.split(',').map(Number);
const ROOT = join(import.meta.dirname, '..');
const JIRGA = join(ROOT, 'bin', 'jirga.mjs');
const workers = values.workers ?? String(cpus().length);

interface Measured {
  code: number;
  seconds: number;
  peakMiB: number;
  last: string;
}

/** Runs a command under /usr/bin/time -v: exit code, wall time, peak RSS, last line of output. */
function measured(cmd: string, args: string[]): Measured {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, BELENIOS_USE_URANDOM: '1' } });
  const field = (name: string) => new RegExp(`${name}: (.+)`).exec(r.stderr)?.[1]?.trim() ?? '';
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').map(Number);
  const seconds = wall.reduce((a, x) => a * 60 + x, 0);
  const out = (r.stdout + r.stderr.split('\tCommand being timed')[0]).trim().split('\n');
  return { code: r.status ?? -1, seconds, peakMiB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024, last: out[out.length - 1] ?? '' };
}

function archiveFor(n: number): string {
  const dir = join(values.dir, String(n));
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).find((f) => f.endsWith('.bel'));
  if (existing) return join(dir, existing);
  const file = join(dir, `election-${n}.bel`);
  const made = measured('node', [JIRGA, 'simulate', '--out', file, '--voters', String(n), '--workers', workers]);
  if (made.code !== 0 || !existsSync(file)) throw new Error(`jirga simulate failed: ${made.last}`);
  console.log(`made ${file} with jirga simulate --workers ${workers}: ${made.seconds.toFixed(0)} s, peak ${made.peakMiB.toFixed(0)} MiB`);
  return file;
}

console.log(`# jirga verify at scale: time and peak memory beside belenios-tool, one run`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}\n`);
const rows: string[] = [];
const peaks: number[] = [];
for (const n of sizes) {
  const file = archiveFor(n);
  const mib = statSync(file).size / 2 ** 20;
  const ours = measured('node', [JIRGA, 'verify', '--quiet', '--workers', workers, file]);
  const theirs = measured('belenios-tool', ['election', 'verify', '--dir', join(file, '..')]);
  if (ours.code !== 0) console.log(`jirga verify exit ${ours.code}: ${ours.last}`);
  if (theirs.code !== 0) console.log(`belenios-tool exit ${theirs.code}: ${theirs.last}`);
  peaks.push(ours.peakMiB);
  rows.push(
    `| ${n.toLocaleString('en')} | ${mib.toFixed(0)} MiB | ${ours.seconds.toFixed(1)} s | ${ours.peakMiB.toFixed(0)} MiB | ${theirs.seconds.toFixed(1)} s | ${theirs.peakMiB.toFixed(0)} MiB | ${(theirs.seconds / ours.seconds).toFixed(2)}× |`,
  );
}
console.log('| ballots | archive | jirga verify | jirga peak RSS | belenios-tool verify | belenios-tool peak RSS | speed (belenios / jirga) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
if (peaks.length > 1) console.log(`\njirga peak memory, largest / smallest archive: ${(peaks[peaks.length - 1]! / peaks[0]!).toFixed(2)}× for ${(sizes[sizes.length - 1]! / sizes[0]!).toFixed(0)}× the ballots`);
