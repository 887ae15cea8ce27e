// Deliberation math speed: full recompute and one-vote update on every real Polis
// export in ../shared/data/polis and on synthetic conversations (up to 50,000
// participants x 2,000 statements, 5% of cells voted), each in its own process so
// that its peak memory is its own. The one-vote update is measured twice: as the
// worker did it before (matrix rebuilt from every vote, REBUILD_VOTES=5 votes) and
// through the live matrix the worker keeps now (LIVE_VOTES=20 votes: fold the vote in,
// analyse, serialise result and state), in wall time and in CPU time of the process
// (on a machine shared with other work, CPU time is the closer figure of the work done).
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
console.log('conversation | participants | statements | votes | k | full recompute (ms) | worker full build (ms) | peak memory (MiB) | one-vote update before: rebuild, median / max (ms) | one-vote update now: wall p50 / p99 (ms) | CPU p50 / p99 (ms)');
console.log('---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:');
for (const c of cases) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'deliberation-case.ts'), ...c], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log(`${c.join(' ')}: failed\n${r.stderr}`);
    process.exitCode = 1;
    continue;
  }
  const x = JSON.parse(r.stdout.trim().split('\n').pop()!);
  console.log(
    `${x.label} | ${x.participants} | ${x.statements} | ${x.votes} | ${x.k} | ${x.fullMs} (matrix ${x.matrixMs} + analysis ${x.analyzeMs}; CPU ${x.fullCpuMs}) | ${x.liveFullMs} (CPU ${x.liveFullCpuMs}) | ${x.peakRssMiB} | ${x.rebuildMedianMs} / ${x.rebuildMaxMs} | ${x.liveP50Ms} / ${x.liveP99Ms} | ${x.liveCpuP50Ms} / ${x.liveCpuP99Ms}`,
  );
  console.log(`  one-vote update, CPU per step (median, ms): ${JSON.stringify(x.liveStepsCpuMedianMs)}; (largest): ${JSON.stringify(x.liveStepsCpuMaxMs)}; load average during the case ${x.loadAverage}`);
}
