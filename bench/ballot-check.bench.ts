// Per-ballot CPU of checkBallot (what the server's workers and `jirga verify` spend on
// each ballot), one thread, on ballots of the benchmark template (bench/verify.bench.ts);
// counts the OpenSSL and the table exponentiations per ballot. Profile it with
//   node --cpu-prof --import tsx bench/ballot-check.bench.ts [--ballots 200]
import { parseArgs } from 'node:util';
import { checkBallot } from '../src/protocol/ballot.ts';
import { parseArchive, setupOfArchive } from '../src/protocol/archive.ts';
import { loadElection } from '../src/protocol/election.ts';
import { FixedBase } from '../src/protocol/exp/fixed-base.ts';
import { modExpEngine, setModExpEngine } from '../src/protocol/exp/engine.ts';
import { simulateElection } from '../src/protocol/simulate.ts';
import { registerOpensslEngine } from '../src/node/openssl-engine.ts';

const { values } = parseArgs({ options: { ballots: { type: 'string', default: '200' } } });
const N = Number(values.ballots);
registerOpensslEngine();
const template = { description: 'Benchmark', name: 'Benchmark', questions: [{ answers: ['Answer 1', 'Answer 2'], min: 0, max: 1, question: 'Question 1?' }, { answers: ['Answer 1', 'Answer 2'], blank: true, min: 1, max: 1, question: 'Question 2?' }] };
const parsed = parseArchive(simulateElection({ voters: N, template, open: true }).archive);
const ctx = loadElection(setupOfArchive(parsed).election);
const ballots = parsed.records.filter((r) => r.kind === 'data' && r.text.startsWith('{"election_uuid"')).map((r) => r.text);

const engine = modExpEngine();
const counts = { engine: 0, table: 0 };
setModExpEngine({ ...engine, pow: (b, e, m) => (counts.engine++, engine.pow(b, e, m)) });
const tablePow = FixedBase.prototype.pow;
FixedBase.prototype.pow = function (e) {
  counts.table++;
  return tablePow.call(this, e);
};
for (const b of ballots.slice(0, 20)) checkBallot(ctx, b); // tables, OpenSSL context
counts.engine = counts.table = 0;
const cpu = process.cpuUsage();
const t = performance.now();
for (const b of ballots) if (!checkBallot(ctx, b).ok) throw new Error('a simulated ballot was refused');
const used = process.cpuUsage(cpu);
console.log(`${ballots.length} ballots, engine ${engine.name}: ${((used.user + used.system) / 1000 / ballots.length).toFixed(2)} ms CPU and ${((performance.now() - t) / ballots.length).toFixed(2)} ms wall per ballot; per ballot ${counts.engine / ballots.length} engine and ${counts.table / ballots.length} table exponentiations`);
