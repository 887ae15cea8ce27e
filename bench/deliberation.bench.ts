// Deliberation math speed: full recompute and one-vote incremental update on every
// real Polis export in ../shared/data/polis and on synthetic conversations (up to
// 50,000 participants x 2,000 statements, 5% of cells voted), each in its own
// process so that its peak memory is its own.
//   node --import tsx bench/deliberation.bench.ts [--quick]
// There is no side-by-side ratio: the reference (Polis's Clojure math) cannot be
// built here (its dependencies come from Clojars, which this machine cannot reach).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { POLIS_FIXTURES, SHARED_POLIS } from '../test/helpers/polis-data.ts';
import { ROOT } from '../test/helpers/tools.ts';

const quick = process.argv.includes('--quick');
const cases: string[][] = [];
const POLIS_DATA = existsSync(SHARED_POLIS) ? SHARED_POLIS : POLIS_FIXTURES;
for (const d of readdirSync(POLIS_DATA).sort()) if (existsSync(join(POLIS_DATA, d, 'comments.csv'))) cases.push(['polis', join(POLIS_DATA, d)]);
cases.push(['synthetic', '5000', '500', '0.05']);
if (!quick) cases.push(['synthetic', '50000', '2000', '0.05']);

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log('conversation | participants | statements | votes | k | full recompute (ms) | peak memory (MiB) | one-vote update median / max (ms)');
console.log('---|---:|---:|---:|---:|---:|---:|---:');
for (const c of cases) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'deliberation-case.ts'), ...c], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log(`${c.join(' ')}: failed\n${r.stderr}`);
    process.exitCode = 1;
    continue;
  }
  const x = JSON.parse(r.stdout.trim().split('\n').pop()!);
  console.log(`${x.label} | ${x.participants} | ${x.statements} | ${x.votes} | ${x.k} | ${x.fullMs} (matrix ${x.matrixMs} + analysis ${x.analyzeMs}) | ${x.peakRssMiB} | ${x.incrementalMedianMs} / ${x.incrementalMaxMs}`);
}
