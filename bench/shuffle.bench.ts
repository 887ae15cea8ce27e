// Benchmark: verifiable shuffles (spec 4.17), jirga against belenios-tool, side by
// side in one run on the same ciphertexts. Prints a markdown table with ratios (not a
// test: nothing here passes or fails).
//
//   node --import tsx bench/shuffle.bench.ts [--n 1000] [--dir DIR] [--reuse] [--bigint]
//   --n       ciphertexts to shuffle: N ballots of an election with one non-homomorphic
//             question (group RFC-3526-2048), made by belenios-tool
//   --dir     where the election is made (a temporary directory by default);
//   --reuse   with --dir: start from the ballots a previous run left there (making
//             10,000 ballots with belenios-tool takes about half an hour on 2 idle
//             cores, and each belenios-tool step re-checks them all: expect 1 to 2
//             hours in all at --n 10000)
//   --bigint  also time jirga with native BigInt only (the browser's path), besides
//             OpenSSL (the CLI's and the server's)
//
// How each figure is obtained:
// - belenios-tool has no command that only shuffles or only checks shuffles: both
//   re-check every ballot first (it rebuilds the encrypted tally from them). So its
//   shuffle + proof = time(`election shuffle`) - time(`election compute-encrypted-tally`),
//   and its shuffle verification = time(`election verify` with the shuffle) -
//   time(`election verify` before it). Both raw times are printed too.
// - jirga: shuffleCiphertexts and verifyShuffle in this process, one thread, on the
//   encrypted tally's ciphertexts read from the same archive; verification of
//   belenios-tool's shuffle and of ours.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ArchiveWriter, decodeEvent, parseArchive, setupOfArchive } from '../src/protocol/archive.ts';
import { decodeText, writeJson, writeOwned, writeShuffle, zEncryptedTally, zOwned, zShuffle, zSizedEncryptedTally, type Shuffle } from '../src/protocol/codec.ts';
import { loadElection, type ElectionContext } from '../src/protocol/election.ts';
import { bigintEngine, modExpEngine, setModExpEngine } from '../src/protocol/exp/engine.ts';
import { sha256Hex } from '../src/protocol/hash.ts';
import { nhCiphertexts, shuffleElection, verifyShuffle } from '../src/protocol/shuffle.ts';
import { opensslEngine, registerOpensslEngine } from '../src/node/openssl-engine.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '1000' }, dir: { type: 'string' }, reuse: { type: 'boolean' }, bigint: { type: 'boolean' } },
});
const N = Number(values.n);
if (!Number.isSafeInteger(N) || N < 1) throw new Error('--n must be a positive integer');
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'jirga-shuffle-bench-'));
mkdirSync(dir, { recursive: true });
const ENV = { ...process.env, BELENIOS_USE_URANDOM: '1' };

function sh(args: string[], input?: string): string {
  const r = spawnSync('belenios-tool', args, { cwd: dir, input, encoding: 'utf8', maxBuffer: 1 << 30, env: ENV });
  if (r.status !== 0) throw new Error(`belenios-tool ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** CPU time of this process and of the children it waited for (/proc/self/stat:
 * cutime and cstime, in clock ticks of 10 ms), in ms. The machine may be busy:
 * CPU time is what each side costs; wall time is printed too. */
function cpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + (Number(fields[13]) + Number(fields[14])) * 10;
}

interface Time {
  wall: number;
  cpu: number;
}

function timed<T>(f: () => T): [T, Time] {
  const w = performance.now();
  const c = cpuMs();
  const v = f();
  return [v, { wall: performance.now() - w, cpu: cpuMs() - c }];
}

const minus = (a: Time, b: Time): Time => ({ wall: a.wall - b.wall, cpu: a.cpu - b.cpu });
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const archivePath = () => join(dir, readdirSync(dir).find((f) => f.endsWith('.bel'))!);
const BASE = 'ballots-closed.bel.keep'; // the archive once voting ended, kept for --reuse

const RANKINGS = [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]];

/** One ballot per credential, by belenios-tool, as many processes at once as cores. */
async function makeBallots(credentials: string[]): Promise<string[]> {
  const ballots = new Array<string>(credentials.length);
  let next = 0;
  const worker = async () => {
    while (next < credentials.length) {
      const i = next++;
      const rank = RANKINGS[i % RANKINGS.length]!;
      const credFile = join(dir, `cred-${i}.txt`);
      const voteFile = join(dir, `vote-${i}.json`);
      writeFileSync(credFile, credentials[i]! + '\n');
      writeFileSync(voteFile, JSON.stringify([rank]) + '\n');
      ballots[i] = await new Promise<string>((resolve, reject) => {
        const child = spawn('belenios-tool', ['election', 'generate-ballot', '--dir', dir, '--privcred', credFile, '--ballot', voteFile], { env: ENV });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`generate-ballot exited with ${code}`))));
      });
      if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1} ballots\n`);
    }
  };
  await Promise.all(Array.from({ length: cpus().length }, worker));
  return ballots;
}

async function prepare(): Promise<void> {
  if (values.reuse && existsSync(join(dir, BASE))) {
    copyFileSync(join(dir, BASE), archivePath());
    return;
  }
  const uuid = sh(['setup', 'generate-token']).trim();
  const group = ['--group', 'RFC-3526-2048'];
  writeFileSync(
    join(dir, 'template.json'),
    JSON.stringify({
      description: 'Shuffle benchmark',
      name: 'Shuffle benchmark',
      questions: [{ type: 'NonHomomorphic', value: { answers: ['A', 'B', 'C'], question: 'Rank' } }],
    }),
  );
  sh(['setup', 'generate-credentials', '--dir', dir, '--uuid', uuid, ...group, '--count', String(N)]);
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.pubcreds')) copyFileSync(join(dir, f), join(dir, 'public_creds.json'));
    if (f.endsWith('.privcreds')) copyFileSync(join(dir, f), join(dir, 'private_creds.txt'));
  }
  sh(['setup', 'generate-trustee-key', ...group]);
  const pubkey = readdirSync(dir).find((f) => f.endsWith('.pubkey'))!;
  copyFileSync(join(dir, pubkey), join(dir, 'public_keys.jsons'));
  sh(['setup', 'make-trustees', '--dir', dir]);
  sh(['setup', 'make-election', '--dir', dir, '--uuid', uuid, ...group, '--template', 'template.json']);
  sh(['archive', 'init', '--dir', dir]);
  for (const f of ['election.json', 'trustees.json', 'public_creds.json']) rmSync(join(dir, f), { force: true });
  const credentials = readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ').pop()!);
  process.stderr.write(`making ${N} ballots with belenios-tool (${cpus().length} at a time)...\n`);
  const ballots = await makeBallots(credentials);
  // all ballots and EndBallots appended at once (one `archive add-event` per ballot
  // re-reads the whole archive each time)
  const writer = ArchiveWriter.resume(parseArchive(readFileSync(archivePath())));
  for (const b of ballots) writer.addEvent('Ballot', writer.addData(b));
  writer.addEvent('EndBallots');
  appendFileSync(archivePath(), writer.toBytes());
  copyFileSync(archivePath(), join(dir, BASE));
}

function readTally(): { ctx: ElectionContext; input: ReturnType<typeof nhCiphertexts>; shuffles: Shuffle[] } {
  const parsed = parseArchive(readFileSync(archivePath()));
  const byHash = new Map(parsed.records.map((r) => [r.hash, r.text]));
  const events = parsed.records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, 'event'));
  const ctx = loadElection(setupOfArchive(parsed).election);
  const sized = decodeText(zSizedEncryptedTally, byHash.get(events.find((e) => e.type === 'EncryptedTally')!.payload!)!, 'sized tally');
  const tally = decodeText(zEncryptedTally, byHash.get(sized.encrypted_tally)!, 'encrypted tally');
  const shuffles = events
    .filter((e) => e.type === 'Shuffle')
    .map((e) => decodeText(zShuffle, byHash.get(decodeText(zOwned, byHash.get(e.payload!)!, 'owned').payload)!, 'shuffle'));
  return { ctx, input: nhCiphertexts(ctx.election.questions, tally), shuffles };
}

await prepare();

console.log(`# Verifiable shuffle of ${N} ciphertexts (RFC-3526-2048): belenios-tool vs jirga`);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ` +
    `belenios-tool ${sh(['--version']).trim()}; election in ${dir}\n`,
);

// belenios-tool
const [tallyOut, bTally] = timed(() => sh(['election', 'compute-encrypted-tally', '--dir', dir]));
sh(['archive', 'add-event', '--dir', dir, '--type=EncryptedTally'], tallyOut);
const [, bVerify0] = timed(() => sh(['election', 'verify', '--dir', dir]));
const [shuffleOut, bShuffleCmd] = timed(() => sh(['election', 'shuffle', '--dir', dir, '--trustee-id', '1']));
sh(['archive', 'add-event', '--dir', dir, '--type=Shuffle'], shuffleOut);
const [, bVerify1] = timed(() => sh(['election', 'verify', '--dir', dir]));
const bShuffle = minus(bShuffleCmd, bTally);
const bCheck = minus(bVerify1, bVerify0);

// jirga
const { ctx, input, shuffles } = readTally();
interface JirgaRun {
  engine: string;
  shuffle: Time;
  verifyOurs: Time;
  verifyTheirs: Time;
}
const runs: JirgaRun[] = [];
let ours: Shuffle | undefined;
for (const engine of values.bigint ? [opensslEngine, bigintEngine] : [opensslEngine]) {
  if (engine === opensslEngine) registerOpensslEngine();
  else setModExpEngine(bigintEngine);
  const [shuffle, tShuffle] = timed(() => shuffleElection(ctx, input));
  const [v1, tOurs] = timed(() => verifyShuffle(ctx, input, shuffle));
  const [v2, tTheirs] = timed(() => verifyShuffle(ctx, input, shuffles[0]!));
  if (!v1.ok || !v2.ok) throw new Error(`a shuffle failed to verify: ${JSON.stringify(v1.ok ? v2 : v1)}`);
  runs.push({ engine: modExpEngine().name, shuffle: tShuffle, verifyOurs: tOurs, verifyTheirs: tTheirs });
  ours ??= shuffle;
}

// and belenios-tool accepts ours (on a copy of the archive before its own shuffle)
const check = join(mkdtempSync(join(tmpdir(), 'jirga-shuffle-check-')), 'election.bel');
const parsed = parseArchive(readFileSync(archivePath()));
const beforeShuffle = parsed.records.findIndex((r) => r.kind === 'event' && decodeEvent(r.text, 'e').type === 'Shuffle');
const cut = parsed.records[beforeShuffle - 2]!.offset; // the shuffle's two data records come first
writeFileSync(check, readFileSync(archivePath()).subarray(0, cut));
const text = writeJson(writeShuffle(ours!));
const owned = writeJson(writeOwned({ owner: 1, payload: sha256Hex(text) }));
const checkDir = join(check, '..');
const add = spawnSync('belenios-tool', ['archive', 'add-event', '--dir', checkDir, '--type=Shuffle'], { input: `${text}\n${owned}\n`, encoding: 'utf8', env: ENV });
const accepted = add.status === 0 && spawnSync('belenios-tool', ['election', 'verify', '--dir', checkDir], { encoding: 'utf8', env: ENV }).status === 0;

const first = runs[0]!;
const both = (t: Time) => `${sec(t.cpu)} (${sec(t.wall)})`;
const ratio = (b: Time, j: Time) => `**${(b.cpu / j.cpu).toFixed(2)}×**`;
console.log('CPU time, one thread each (wall time in brackets); ratios of CPU times.\n');
console.log('| measure | belenios-tool | jirga (' + first.engine + ') | ratio (belenios / jirga) |');
console.log('| --- | --- | --- | --- |');
console.log(`| shuffle + proof, ${N} ciphertexts | ${both(bShuffle)} | ${both(first.shuffle)} | ${ratio(bShuffle, first.shuffle)} |`);
console.log(`| shuffle verification (belenios-tool's shuffle) | ${both(bCheck)} | ${both(first.verifyTheirs)} | ${ratio(bCheck, first.verifyTheirs)} |`);
console.log(`| shuffle verification (jirga's shuffle) | | ${both(first.verifyOurs)} | |`);
for (const r of runs.slice(1)) {
  console.log(`| shuffle + proof, jirga with ${r.engine} | | ${both(r.shuffle)} | ${(bShuffle.cpu / r.shuffle.cpu).toFixed(2)}× |`);
  console.log(`| shuffle verification, jirga with ${r.engine} | | ${both(r.verifyTheirs)} | ${(bCheck.cpu / r.verifyTheirs.cpu).toFixed(2)}× |`);
}
console.log('');
console.log(
  `belenios-tool raw: compute-encrypted-tally ${both(bTally)}, election shuffle ${both(bShuffleCmd)}, ` +
    `verify before the shuffle ${both(bVerify0)}, after ${both(bVerify1)} (its figures above are the differences).`,
);
console.log(`jirga's shuffle accepted by belenios-tool election verify: ${accepted ? 'yes' : 'NO'}`);
