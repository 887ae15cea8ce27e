// One measurement of bench/deliberation.bench.ts, in its own process so that its
// peak memory (maxRSS) is its own. Prints one JSON line.
//   node --import tsx bench/deliberation-case.ts polis DIR
//   node --import tsx bench/deliberation-case.ts synthetic PARTICIPANTS STATEMENTS DENSITY
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, analyzeMatrix } from '../src/deliberation/analyze.ts';
import { buildMatrix } from '../src/deliberation/matrix.ts';
import { analysisInputOfExport, parsePolisExport } from '../src/deliberation/polis-export.ts';
import type { AnalysisInput, PackedVotes } from '../src/deliberation/types.ts';
import { seededRandom as rng } from '../src/deliberation/seeded.ts';
import { synthetic } from '../test/helpers/deliberation-synthetic.ts';

const [kind, ...args] = process.argv.slice(2);


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
const matrix = buildMatrix(input);
const t1 = performance.now();
const full = analyzeMatrix(matrix);
const t2 = performance.now();

// One new vote, then a recompute as the server's math worker does it: the matrix is
// built again from every vote and the analysis starts from the previous state (the
// worker's database read and JSON are not counted here).
const packedVotes = (v: AnalysisInput['votes']): PackedVotes =>
  Array.isArray(v) ? { participant: Int32Array.from(v, (x) => x.participant), statement: Int32Array.from(v, (x) => x.statement), vote: Int8Array.from(v, (x) => x.vote) } : v;
let votesNow = packedVotes(input.votes);
const rand = rng(7);
const times: number[] = [];
let state = full.state;
let stableK = 0;
for (let i = 0; i < 15; i++) {
  const n = votesNow.vote.length;
  const next: PackedVotes = { participant: new Int32Array(n + 1), statement: new Int32Array(n + 1), vote: new Int8Array(n + 1) };
  next.participant.set(votesNow.participant);
  next.statement.set(votesNow.statement);
  next.vote.set(votesNow.vote);
  next.participant[n] = matrix.rowIds[Math.floor(rand() * matrix.rowIds.length)]!;
  next.statement[n] = matrix.colIds[Math.floor(rand() * matrix.colIds.length)]!;
  next.vote[n] = rand() < 0.5 ? 1 : -1;
  votesNow = next;
  const t = performance.now();
  const r = analyze({ ...input, votes: votesNow }, state);
  times.push(performance.now() - t);
  if (r.result.k === full.result.k) stableK++;
  state = r.state;
}
times.sort((a, b) => a - b);
const votes = Array.isArray(input.votes) ? input.votes.length : input.votes.vote.length;
console.log(
  JSON.stringify({
    label,
    participants: input.participants.length,
    statements: input.statements.length,
    votes,
    k: full.result.k,
    clustered: full.result.nClustered,
    parseMs: Math.round(parseMs),
    matrixMs: Math.round(t1 - t0),
    analyzeMs: Math.round(t2 - t1),
    fullMs: Math.round(t2 - t0),
    incrementalMedianMs: Math.round(times[Math.floor(times.length / 2)]!),
    incrementalMaxMs: Math.round(times[times.length - 1]!),
    kStableOverUpdates: `${stableK}/${times.length}`,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeMiB: Math.round(rssBefore / 1048576),
  }),
);
