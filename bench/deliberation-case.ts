// One measurement of bench/deliberation.bench.ts, in its own process so that its
// peak memory (maxRSS) is its own. Prints one JSON line. LIVE_VOTES (20) one-vote
// updates through the live matrix, REBUILD_VOTES (5) the way before it.
//   node --import tsx bench/deliberation-case.ts polis DIR
//   node --import tsx bench/deliberation-case.ts synthetic PARTICIPANTS STATEMENTS DENSITY
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { analyze, analyzeMatrix } from '../src/deliberation/analyze.ts';
import { buildMatrix } from '../src/deliberation/matrix.ts';
import { analysisInputOfExport, parsePolisExport } from '../src/deliberation/polis-export.ts';
import { analyzeLive, LiveMatrix } from '../src/deliberation/live-matrix.ts';
import type { AnalysisInput, PackedVotes, Vote } from '../src/deliberation/types.ts';
import { seededRandom as rng } from '../src/deliberation/seeded.ts';
import { synthetic } from '../test/helpers/deliberation-synthetic.ts';

const [kind, ...args] = process.argv.slice(2);
const LIVE_VOTES = Number(process.env.LIVE_VOTES ?? 20);
const REBUILD_VOTES = Number(process.env.REBUILD_VOTES ?? 5);

let input: AnalysisInput;
let label: string;
let parseMs = 0;
if (kind === 'polis') {
  const dir = args[0]!;
  const t = performance.now();
  input = analysisInputOfExport(parsePolisExport({ comments: readFileSync(join(dir, 'comments.csv'), 'utf8'), participantsVotes: readFileSync(join(dir, 'participants-votes.csv'), 'utf8') }));
  parseMs = performance.now() - t;
  label = dir.split('/').filter(Boolean).pop()!;
} else {
  const [p, s, d] = args.map(Number) as [number, number, number];
  input = synthetic(p, s, d);
  label = `synthetic ${p} x ${s} @ ${d * 100}%`;
}
if (global.gc) global.gc();
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const cpuFull = process.cpuUsage();
const matrix = buildMatrix(input);
const t1 = performance.now();
const full = analyzeMatrix(matrix);
const t2 = performance.now();
const fullCpu = process.cpuUsage(cpuFull);

const packedVotes = (v: AnalysisInput['votes']): PackedVotes =>
  Array.isArray(v) ? { participant: Int32Array.from(v, (x) => x.participant), statement: Int32Array.from(v, (x) => x.statement), vote: Int8Array.from(v, (x) => x.vote) } : v;
const rand = rng(7);
const randomVote = () => ({
  participant: matrix.rowIds[Math.floor(rand() * matrix.rowIds.length)]!,
  statement: matrix.colIds[Math.floor(rand() * matrix.colIds.length)]!,
  vote: (rand() < 0.5 ? 1 : -1) as Vote,
});
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

// Before: one new vote, then a recompute as the server's math worker did it until the
// live matrix: the matrix built again from every vote, the analysis warm-started.
let votesNow = packedVotes(input.votes);
const rebuildTimes: number[] = [];
let state = full.state;
for (let i = 0; i < REBUILD_VOTES; i++) {
  const n = votesNow.vote.length;
  const next: PackedVotes = { participant: new Int32Array(n + 1), statement: new Int32Array(n + 1), vote: new Int8Array(n + 1) };
  next.participant.set(votesNow.participant);
  next.statement.set(votesNow.statement);
  next.vote.set(votesNow.vote);
  const v = randomVote();
  next.participant[n] = v.participant;
  next.statement[n] = v.statement;
  next.vote[n] = v.vote;
  votesNow = next;
  const t = performance.now();
  state = analyze({ ...input, votes: votesNow }, state).state;
  rebuildTimes.push(performance.now() - t);
}

// Now: the worker's live matrix. Its full build (what the worker does with no state,
// stale state, or after N updates), then one vote at a time: fold the vote in, analyse
// warm-started, and serialise result and state as the worker does (JSON for the database).
const t3 = performance.now();
const cpuLive = process.cpuUsage();
const live = LiveMatrix.build({ ...input, votes: votesNow });
const t4 = performance.now();
let out = analyzeLive(live, state);
JSON.stringify(out.result);
JSON.stringify(out.state);
const t5 = performance.now();
const liveFullCpu = process.cpuUsage(cpuLive);
const liveTimes: number[] = [];
const liveCpuTimes: number[] = [];
const analysisTimes: number[] = [];
const cpuMs = (since?: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const steps = new Map<string, number[]>();
let stableK = 0;
for (let i = 0; i < LIVE_VOTES; i++) {
  const v = randomVote();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  live.setVote(v.participant, v.statement, v.vote);
  let last = cpuMs(cpu0);
  let lastStep = 'fold';
  const step = (name: string) => {
    const now = cpuMs(cpu0);
    (steps.get(lastStep) ?? steps.set(lastStep, []).get(lastStep)!).push(now - last);
    last = now;
    lastStep = name;
  };
  out = analyzeLive(live, out.state, { progress: (_f, name) => step(name) });
  const ta = performance.now();
  JSON.stringify(out.result);
  JSON.stringify(out.state);
  step('end');
  const tj = performance.now();
  liveCpuTimes.push(cpuMs(cpu0));
  analysisTimes.push(ta - t);
  liveTimes.push(tj - t);
  if (out.result.k === full.result.k) stableK++;
}
const votes = Array.isArray(input.votes) ? input.votes.length : input.votes.vote.length;
const ms = (x: number) => Math.round(x);
console.log(
  JSON.stringify({
    label,
    participants: input.participants.length,
    statements: input.statements.length,
    votes,
    k: full.result.k,
    clustered: full.result.nClustered,
    parseMs: ms(parseMs),
    matrixMs: ms(t1 - t0),
    analyzeMs: ms(t2 - t1),
    fullMs: ms(t2 - t0),
    fullCpuMs: ms((fullCpu.user + fullCpu.system) / 1000),
    liveBuildMs: ms(t4 - t3),
    liveFullCpuMs: ms((liveFullCpu.user + liveFullCpu.system) / 1000),
    loadAverage: loadavg().map((x) => x.toFixed(1)).join(' '),
    liveFullMs: ms(t5 - t3),
    rebuildMedianMs: ms(percentile(rebuildTimes, 50)),
    rebuildMaxMs: ms(Math.max(...rebuildTimes)),
    rebuildVotes: rebuildTimes.length,
    liveVotes: liveTimes.length,
    liveP50Ms: ms(percentile(liveTimes, 50)),
    liveP99Ms: ms(percentile(liveTimes, 99)),
    liveAnalysisP50Ms: ms(percentile(analysisTimes, 50)),
    liveAnalysisP99Ms: ms(percentile(analysisTimes, 99)),
    liveCpuP50Ms: ms(percentile(liveCpuTimes, 50)),
    liveCpuP99Ms: ms(percentile(liveCpuTimes, 99)),
    liveStepsCpuMedianMs: Object.fromEntries([...steps].map(([k, xs]) => [k, Math.round(percentile(xs, 50) * 10) / 10])),
    liveStepsCpuMaxMs: Object.fromEntries([...steps].map(([k, xs]) => [k, Math.round(Math.max(...xs) * 10) / 10])),
    kStableOverUpdates: `${stableK}/${liveTimes.length}`,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeMiB: Math.round(rssBefore / 1048576),
  }),
);
