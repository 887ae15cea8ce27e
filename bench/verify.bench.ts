// Benchmark: jirga against belenios-tool, side by side in one run, on the same
// election. Prints figures and ratios (not a test: nothing here passes or fails).
//
//   npm run bench -- [--ballots 1000] [--runs 3] [--dir DIR] [--reuse]
//   (--reuse with --dir: keep the election a previous run left in DIR)
//   npm run bench -- --archive FILE.bel [--runs 3]
//   (verification only, of an existing archive, e.g. one made by `jirga simulate`;
//   --before DIR also times the jirga of another checkout, e.g. the previous commit
//   exported with `git archive`, in the same run)
//
// 1. belenios-tool runs a whole election of N ballots (its own credentials, key,
//    ballots, tally, decryption, result); each ballot is made by one
//    `belenios-tool election generate-ballot` process, as its demo does.
// 2. Ballot creation: belenios-tool (one process per ballot), jirga in-process
//    (createBallot, what the browser and server do) and jirga's CLI (one process per
//    ballot, like for like with belenios-tool).
// 3. Verification of the same archive: `belenios-tool election verify` and
//    `jirga verify` (all cores, and one worker), each run R times; medians.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseArchive, setupOfArchive } from '../src/protocol/archive.ts';
import { createBallot } from '../src/protocol/ballot.ts';
import { loadElection } from '../src/protocol/election.ts';
import { registerOpensslEngine } from '../src/node/openssl-engine.ts';
import { modExpEngine } from '../src/protocol/exp/engine.ts';

const { values } = parseArgs({ options: { ballots: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, dir: { type: 'string' }, reuse: { type: 'boolean' }, archive: { type: 'string' }, before: { type: 'string' } } });
const N = Number(values.ballots);
const RUNS = Number(values.runs);
const ROOT = join(import.meta.dirname, '..');
const JIRGA = ['node', join(ROOT, 'bin', 'jirga.mjs')];

function sh(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, BELENIOS_USE_URANDOM: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, performance.now() - t];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

if (values.archive) {
  verifyOnly(values.archive);
  process.exit(0);
}

/** Verification of an archive made elsewhere: belenios-tool needs it alone in a directory. */
function verifyOnly(file: string): void {
  const work = mkdtempSync(join(tmpdir(), 'jirga-bench-'));
  const archive = join(work, 'election.bel');
  copyFileSync(file, archive);
  const records = parseArchive(readFileSync(archive)).records.length;
  console.log(`# Verify an existing archive: belenios-tool vs jirga — ${RUNS} run(s) each, alternating`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; belenios-tool ${sh('belenios-tool', ['--version']).trim()}`);
  console.log(`archive: ${file} (${(readFileSync(archive).length / 2 ** 20).toFixed(1)} MiB, ${records} records)\n`);
  const b: number[] = [];
  const j: number[] = [];
  const j1: number[] = [];
  const before: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    if (values.before) before.push(timed(() => sh('node', [join(values.before!, 'bin', 'jirga.mjs'), 'verify', archive]))[1]);
    b.push(timed(() => sh('belenios-tool', ['election', 'verify', '--dir', work]))[1]);
    j.push(timed(() => sh(JIRGA[0]!, [JIRGA[1]!, 'verify', archive]))[1]);
    j1.push(timed(() => sh(JIRGA[0]!, [JIRGA[1]!, 'verify', archive, '--workers', '1']))[1]);
  }
  const [bv, jv, jv1] = [median(b), median(j), median(j1)];
  console.log('| measure | belenios-tool | jirga | ratio (belenios / jirga) |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| verify (median of ${RUNS}) | ${s(bv)} | ${s(jv)} (${cpus().length} workers) | **${(bv / jv).toFixed(2)}×** |`);
  console.log(`| verify, one worker | ${s(bv)} | ${s(jv1)} | ${(bv / jv1).toFixed(2)}× |`);
  if (values.before) console.log(`| verify with the jirga of ${values.before} | ${s(bv)} | ${s(median(before))} (${cpus().length} workers) | ${(bv / median(before)).toFixed(2)}× |`);
  if (values.before) console.log(`\nruns of ${values.before}: ${before.map(s).join(', ')}`);
  console.log(`\nruns: belenios ${b.map(s).join(', ')}; jirga ${j.map(s).join(', ')}; jirga one worker ${j1.map(s).join(', ')}`);
}

const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'jirga-bench-'));
mkdirSync(dir, { recursive: true });
console.log(`# Jirga vs belenios-tool — ${N} ballots, ${RUNS} run(s) each`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ${sh('belenios-tool', ['--version']).trim() ? 'belenios-tool ' + sh('belenios-tool', ['--version']).trim() : ''}`);
console.log(`work directory: ${dir}\n`);

// 1. The election, entirely by belenios-tool.
const votes = ['[[1,0],[0,1,0]]', '[[0,1],[0,0,1]]', '[[0,0],[1,0,0]]'];
const reuse = values.reuse === true && readdirSync(dir).some((f) => f.endsWith('.bel'));
let beleniosBallotMs = Number.NaN;
if (!reuse) beleniosBallotMs = makeReferenceElection();
const archive = join(dir, readdirSync(dir).find((f) => f.endsWith('.bel'))!);
const creds = readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')[1]!);
if (reuse) beleniosBallotMs = Number(readFileSync(join(dir, 'belenios-ballot-ms.txt'), 'utf8'));
console.log(`archive: ${archive} (${(readFileSync(archive).length / 2 ** 20).toFixed(1)} MiB, ${N} ballots, tallied${reuse ? ', reused' : ''})\n`);

/** Returns the total time belenios-tool spent making ballots. */
function makeReferenceElection(): number {
  const template = '{"description":"Benchmark","name":"Benchmark","questions":[{"answers":["Answer 1","Answer 2"],"min":0,"max":1,"question":"Question 1?"},{"answers":["Answer 1","Answer 2"],"blank":true,"min":1,"max":1,"question":"Question 2?"}]}';
  writeFileSync(join(dir, 'questions.json'), template);
  const uuid = sh('belenios-tool', ['setup', 'generate-token']).trim();
  const group = ['--group', 'BELENIOS-2048'];
  sh('belenios-tool', ['setup', 'generate-credentials', '--uuid', uuid, ...group, '--count', String(N)], { cwd: dir });
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.pubcreds')) sh('mv', [f, 'public_creds.json'], { cwd: dir });
    if (f.endsWith('.privcreds')) sh('mv', [f, 'private_creds.txt'], { cwd: dir });
  }
  sh('belenios-tool', ['setup', 'generate-trustee-key', ...group], { cwd: dir });
  sh('bash', ['-c', 'cat *.pubkey > public_keys.jsons'], { cwd: dir });
  sh('belenios-tool', ['setup', 'make-trustees'], { cwd: dir });
  sh('belenios-tool', ['setup', 'make-election', '--uuid', uuid, ...group, '--template', 'questions.json'], { cwd: dir });
  sh('belenios-tool', ['archive', 'init'], { cwd: dir });
  const creds = readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')[1]!);
  writeFileSync(join(dir, 'cred.txt'), '');
  let total = 0;
  const ballots: string[] = [];
  for (let i = 0; i < N; i++) {
    writeFileSync(join(dir, 'cred.txt'), creds[i]! + '\n');
    writeFileSync(join(dir, 'vote.json'), votes[i % 3]! + '\n');
    const [ballot, ms] = timed(() => sh('belenios-tool', ['election', 'generate-ballot', '--privcred', 'cred.txt', '--ballot', 'vote.json'], { cwd: dir }));
    total += ms;
    ballots.push(ballot.trim());
    sh('belenios-tool', ['archive', 'add-event', '--type=Ballot'], { cwd: dir, input: ballot });
  }
  sh('belenios-tool', ['archive', 'add-event', '--type=EndBallots'], { cwd: dir, input: '' });
  sh('belenios-tool', ['archive', 'add-event', '--type=EncryptedTally'], { cwd: dir, input: sh('belenios-tool', ['election', 'compute-encrypted-tally'], { cwd: dir }) });
  const privkey = readdirSync(dir).find((f) => f.endsWith('.privkey'))!;
  sh('belenios-tool', ['archive', 'add-event', '--type=PartialDecryption'], { cwd: dir, input: sh('belenios-tool', ['election', 'decrypt', '--privkey', privkey, '--trustee-id', '1'], { cwd: dir }) });
  sh('belenios-tool', ['archive', 'add-event', '--type=Result'], { cwd: dir, input: sh('belenios-tool', ['election', 'compute-result'], { cwd: dir }) });
  for (const f of ['election.json', 'trustees.json', 'public_creds.json', 'public_keys.jsons']) sh('rm', ['-f', f], { cwd: dir });
  writeFileSync(join(dir, 'belenios-ballot-ms.txt'), String(total));
  return total;
}

// 2. Ballot creation.
registerOpensslEngine();
const ctx = loadElection(setupOfArchive(parseArchive(readFileSync(archive))).election);
createBallot(ctx, creds[0]!, [[1, 0], [0, 1, 0]]); // tables for g and y
const SAMPLE = Math.min(N, 200);
const [, jirgaInProcessMs] = timed(() => {
  for (let i = 0; i < SAMPLE; i++) createBallot(ctx, creds[i]!, JSON.parse(votes[i % 3]!));
});
const CLI_SAMPLE = Math.min(N, 20);
const [, jirgaCliMs] = timed(() => {
  for (let i = 0; i < CLI_SAMPLE; i++) {
    writeFileSync(join(dir, 'cred.txt'), creds[i]! + '\n');
    sh(JIRGA[0]!, [JIRGA[1]!, 'election', 'generate-ballot', '--privcred', 'cred.txt', '--ballot', 'vote.json'], { cwd: dir });
  }
});
const perBelenios = beleniosBallotMs / N;
const perJirga = jirgaInProcessMs / SAMPLE;
const perJirgaCli = jirgaCliMs / CLI_SAMPLE;

// 3. Verification of the same archive.
const verifyOnce = (cmd: string[], extra: string[] = []) => timed(() => sh(cmd[0]!, [...cmd.slice(1), ...extra]))[1];
const beleniosVerify: number[] = [];
const jirgaVerify: number[] = [];
const jirgaVerify1: number[] = [];
for (let r = 0; r < RUNS; r++) {
  beleniosVerify.push(verifyOnce(['belenios-tool', 'election', 'verify', '--dir', dir]));
  jirgaVerify.push(verifyOnce([...JIRGA, 'verify', archive]));
  jirgaVerify1.push(verifyOnce([...JIRGA, 'verify', archive, '--workers', '1']));
}
const bv = median(beleniosVerify);
const jv = median(jirgaVerify);
const jv1 = median(jirgaVerify1);

console.log('| measure | belenios-tool | jirga | ratio (belenios / jirga) |');
console.log('| --- | --- | --- | --- |');
console.log(`| verify ${N}-ballot archive (median of ${RUNS}) | ${s(bv)} | ${s(jv)} (${cpus().length} workers) | **${(bv / jv).toFixed(2)}×** |`);
console.log(`| verify, one worker | ${s(bv)} | ${s(jv1)} | ${(bv / jv1).toFixed(2)}× |`);
console.log(`| create one ballot, one process each (mean) | ${perBelenios.toFixed(1)} ms | ${perJirgaCli.toFixed(1)} ms (CLI, ${CLI_SAMPLE} ballots) | ${(perBelenios / perJirgaCli).toFixed(2)}× |`);
console.log(`| create one ballot in process (mean of ${SAMPLE}) | — | ${perJirga.toFixed(1)} ms | ${(perBelenios / perJirga).toFixed(2)}× (vs belenios-tool per process) |`);
console.log(`\nexponentiation engine: ${modExpEngine().name}; runs: belenios ${beleniosVerify.map(s).join(', ')}; jirga ${jirgaVerify.map(s).join(', ')}; jirga one worker ${jirgaVerify1.map(s).join(', ')}`);
