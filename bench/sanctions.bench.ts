// Screening speed: 10,000 names against the bundled lists (UN 1988 extract, UK
// Afghanistan regime, OFAC subset), in one process, after loading the lists once;
// then the same through the CLI (`jirga sanctions screen --queries FILE --json`).
//   node --import tsx bench/sanctions.bench.ts [--n 10000] [--no-cli]
// The names (fixed seed): a third variants of listed names (spelling, order, titles,
// "LAST, First"), a third Afghan-style names built from common given and family
// names, a sixth the lists' Arabic-script names with Persian letters, a sixth
// Arabic-script names built from common words. No reference screening tool runs here
// (OpenSanctions' matcher needs Python and Elasticsearch), so the side-by-side
// comparison is with the method a hurried analyst would use: the whole name, lower-cased
// and stripped of punctuation, compared by Jaro-Winkler with every name on the lists
// (a hit at 0.90 or more). Both run on the same names in this one process; the bench
// prints the speed ratio and, on the hand-checked test sets, recall and false positives.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildDataset, jaroWinkler, search } from '../src/sanctions/index.ts';
import { bundledDir, readSourceFiles } from '../src/node/sanctions-files.ts';
import { DEV_SET, HOLDOUT_SET, evaluate, readFixture } from '../test/sanctions/evaluate.ts';
import { ROOT, tempDir } from '../test/helpers/tools.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--n', 10_000);

// a small deterministic generator (mulberry32)
let seed = 0x5eed;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const GIVEN = ['Mohammad', 'Muhammad', 'Ahmad', 'Abdul Rahman', 'Abdul Ghani', 'Abdullah', 'Gul', 'Noor', 'Khan', 'Jan', 'Sher', 'Habibullah', 'Hamid', 'Nasir', 'Ismail', 'Yusuf', 'Rahim', 'Karim', 'Zahir', 'Faiz', 'Samad', 'Qasim', 'Omar', 'Wali', 'Aziz', 'Farid', 'Bashir', 'Hekmat', 'Rafi', 'Saifullah', 'Zabihullah', 'Najib', 'Shafiq', 'Esmat', 'Jawad', 'Fawad', 'Masood', 'Tariq', 'Javed', 'Rashid', 'Ajmal', 'Asadullah', 'Naqibullah', 'Mirwais', 'Daud', 'Ghulam Sakhi', 'Ghulam Nabi', 'Said', 'Latif', 'Hakim'];
const FAMILY = ['Ahmadzai', 'Popalzai', 'Barakzai', 'Noorzai', 'Achakzai', 'Alokozai', 'Ishaqzai', 'Mohmand', 'Shinwari', 'Safi', 'Wardak', 'Zadran', 'Mangal', 'Tokhi', 'Hotak', 'Kakar', 'Stanikzai', 'Karimi', 'Rahimi', 'Hashimi', 'Sadat', 'Hazara', 'Tajik', 'Qaderi', 'Rasuli', 'Amiri', 'Nazari', 'Habibi', 'Sultani', 'Haidari', 'Jalali', 'Kabuli', 'Herawi', 'Kandahari', 'Panjshiri', 'Badakhshi', 'Helmandi', 'Faizi', 'Azizi', 'Niazi'];
const TITLES = ['Mullah ', 'Maulavi ', 'Haji ', 'Qari ', 'Dr. ', '', '', '', ''];
const AR_WORDS = ['محمد', 'احمد', 'عبدالرحمن', 'عبدالغنی', 'گل', 'نور', 'خان', 'جان', 'شیر', 'حبیب الله', 'حامد', 'نصیر', 'یوسف', 'کریم', 'عمر', 'ولی', 'عزیز', 'فرید', 'بشیر', 'احمدزی', 'پوپلزی', 'بارکزی', 'نورزی', 'اچکزی', 'شینواری', 'وردک', 'ځدران', 'توخی', 'هوتک', 'کاکړ'];
const SPELLINGS: Array<[RegExp, string]> = [
  [/Mohammad/g, 'Muhammad'],
  [/Muhammad/g, 'Mohammed'],
  [/Haqqani/gi, 'Haqani'],
  [/uddin/gi, 'oddin'],
  [/ullah/gi, 'ollah'],
  [/oo/g, 'u'],
  [/Abdul /g, 'Abd al-'],
  [/ee/g, 'i'],
  [/zai\b/gi, 'zay'],
];

const t0 = performance.now();
const ds = buildDataset(readSourceFiles(bundledDir()));
const loadMs = performance.now() - t0;
const listed = ds.entities.filter((e) => e.status === 'listed');
const latinNames = listed.flatMap((e) => e.names.filter((n) => n.script === 'latin' && n.kind !== 'weak-alias').map((n) => n.full));
const arabicNames = listed.flatMap((e) => e.names.filter((n) => n.script === 'arabic').map((n) => n.full));

function variant(name: string): string {
  let v = name;
  for (const [re, to] of SPELLINGS) if (random() < 0.3) v = v.replace(re, to);
  const words = v.split(/\s+/);
  if (random() < 0.25 && words.length > 1) v = `${words[words.length - 1]}, ${words.slice(0, -1).join(' ')}`;
  else if (random() < 0.2) v = [...words].reverse().join(' ');
  return pick(TITLES) + v;
}

const queries: string[] = [];
const kinds: Array<'variant' | 'synthetic' | 'arabic-listed' | 'arabic-synthetic'> = [];
while (queries.length < N) {
  const r = random();
  if (r < 1 / 3) {
    queries.push(variant(pick(latinNames)));
    kinds.push('variant');
  } else if (r < 2 / 3) {
    queries.push(`${pick(TITLES)}${pick(GIVEN)} ${random() < 0.5 ? `${pick(GIVEN)} ` : ''}${pick(FAMILY)}`);
    kinds.push('synthetic');
  } else if (r < 5 / 6) {
    queries.push(pick(arabicNames).replace(/ي/g, 'ی').replace(/ك/g, 'ک').replace(/ى/g, 'ی'));
    kinds.push('arabic-listed');
  } else {
    queries.push(`${pick(AR_WORDS)} ${pick(AR_WORDS)} ${pick(AR_WORDS)}`);
    kinds.push('arabic-synthetic');
  }
}

// warm-up (JIT), not counted
for (const q of queries.slice(0, 200)) search(ds, q);
const times = new Float64Array(queries.length);
const matchedBy: Record<string, [number, number, number]> = {};
const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
queries.forEach((q, i) => {
  const s = performance.now();
  const hits = search(ds, q);
  times[i] = performance.now() - s;
  const m = (matchedBy[kinds[i]!] ??= [0, 0, 0]);
  m[1]++;
  m[2] += times[i]!;
  if (hits.some((h) => h.match)) m[0]++;
});
const totalMs = performance.now() - start;
const sorted = [...times].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`lists: ${ds.lists.map((l) => `${l.list} ${l.records}`).join(', ')}; ${listed.length} listed entities, ${ds.index.names.length} indexed name forms`);
console.log(`load and build (import, resolve, index, relations): ${loadMs.toFixed(0)} ms`);
console.log(`${queries.length} names screened in ${totalMs.toFixed(0)} ms: ${((queries.length / totalMs) * 1000).toFixed(0)} names/s; per name mean ${(totalMs / queries.length).toFixed(3)} ms, median ${pct(50).toFixed(3)} ms, p95 ${pct(95).toFixed(3)} ms, p99 ${pct(99).toFixed(3)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`);
console.log(`heap grew ${((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1)} MiB during the run`);
// made-up names are not verified negatives (one may really be a listed name), so this is an alert rate, not a false-positive rate
for (const [k, [m, n, ms]] of Object.entries(matchedBy)) console.log(`  ${k.padEnd(17)} ${String(n).padStart(5)} names, ${String(m).padStart(5)} with a match (${((100 * m) / n).toFixed(1)}%), mean ${(ms / n).toFixed(3)} ms a name`);

// --- the baseline: whole-name Jaro-Winkler against every name form of every listed entity
const BASELINE_AT = 0.9;
const plain = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const baselineNames = ds.entities.flatMap((e) => (e.status === 'listed' ? e.names.map((n) => ({ entity: e, text: plain(n.full) })) : []));
function baseline(q: string): { entityId: string; refs: string[]; score: number } | null {
  const p = plain(q);
  let best: { entityId: string; refs: string[]; score: number } | null = null;
  for (const n of baselineNames) {
    const s = jaroWinkler(p, n.text);
    if (!best || s > best.score) best = { entityId: n.entity.id, refs: n.entity.refs, score: s };
  }
  return best;
}
for (const q of queries.slice(0, 200)) baseline(q);
const bStart = performance.now();
let bMatched = 0;
for (const q of queries) if ((baseline(q)?.score ?? 0) >= BASELINE_AT) bMatched++;
const bMs = performance.now() - bStart;
console.log(`\nside by side on the same ${queries.length} names (one process):`);
console.log(`  Jirga screening: ${totalMs.toFixed(0)} ms, ${Object.values(matchedBy).reduce((a, [m]) => a + m, 0)} names with a match`);
console.log(`  baseline (whole-name Jaro-Winkler >= ${BASELINE_AT}, ${baselineNames.length} name forms): ${bMs.toFixed(0)} ms, ${bMatched} names with a match`);
console.log(`  speed ratio Jirga / baseline: ${(totalMs / bMs).toFixed(2)} (below 1: Jirga is faster)`);
function baselineEval(path: string) {
  const f = readFixture(path);
  const hit = f.listed.filter((v) => {
    const b = baseline(v.query);
    return !!b && b.score >= BASELINE_AT && (b.refs.includes(v.expect) || b.entityId === v.expect);
  }).length;
  const fp = f.unlisted.filter((n) => (baseline(n.query)?.score ?? 0) >= BASELINE_AT).length;
  return { recall: hit / f.listed.length, hit, n: f.listed.length, fp, negatives: f.unlisted.length };
}
const pc = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const [label, path] of [['development set', DEV_SET], ['held-out set', HOLDOUT_SET]] as const) {
  const j = evaluate(ds, readFixture(path));
  const b = baselineEval(path);
  const jHit = j.outcomes.filter((o) => o.matched).length;
  console.log(`  ${label}: recall Jirga ${pc(j.recall)} (${jHit}/${j.outcomes.length}) vs baseline ${pc(b.recall)} (${b.hit}/${b.n}); false positives Jirga ${j.falsePositives.length}/${j.negatives} vs baseline ${b.fp}/${b.negatives}`);
}

if (!process.argv.includes('--no-cli')) {
  const dir = tempDir('jirga-sanctions-bench-');
  const file = join(dir, 'names.txt');
  writeFileSync(file, queries.join('\n') + '\n');
  const s = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'sanctions', 'screen', '--queries', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - s;
  if (r.status !== 0) {
    console.log(`CLI failed (${r.status}): ${r.stderr.slice(0, 500)}`);
    process.exitCode = 1;
  } else {
    const out = JSON.parse(r.stdout) as unknown[];
    console.log(`CLI: jirga sanctions screen --queries (${out.length} names) --json: ${ms.toFixed(0)} ms wall, process start and list loading included; ${(r.stdout.length / 2 ** 20).toFixed(1)} MiB of JSON`);
  }
}
