// Screening figures on the hand-written test set (test/fixtures/sanctions/screening-variants.json):
// recall (the expected entity ranked first and flagged as a match), top-1 (ranked first,
// flagged or not) and the false-positive rate (names of people on none of the lists
// that get any match). Used by screening.test.ts; run it to print the figures:
//   node --import tsx test/sanctions/evaluate.ts [--holdout] [--threshold T] [--misses]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_THRESHOLD, search, type SanctionsDataset } from '../../src/sanctions/index.ts';
import { loadBundledSanctions } from '../../src/node/sanctions-files.ts';

export interface Variant {
  query: string;
  expect: string;
  category: string;
  note?: string;
}

export interface Fixture {
  listed: Variant[];
  unlisted: Array<{ query: string; note: string }>;
}

export const FIXTURES = join(fileURLToPath(import.meta.url), '..', '..', 'fixtures', 'sanctions');
/** the set the rules were last changed on */
export const DEV_SET = join(FIXTURES, 'screening-variants.json');
/** written after those changes, to measure on names the rules were not adjusted to */
export const HOLDOUT_SET = join(FIXTURES, 'screening-holdout.json');

export function readFixture(path = DEV_SET): Fixture {
  return JSON.parse(readFileSync(path, 'utf8')) as Fixture;
}

export interface Outcome {
  query: string;
  expect: string;
  category: string;
  first: string | null;
  firstScore: number;
  expectedRank: number | null;
  matched: boolean;
}

export interface Evaluation {
  threshold: number;
  outcomes: Outcome[];
  recall: number;
  top1: number;
  byCategory: Record<string, { n: number; recall: number; top1: number }>;
  falsePositives: Array<{ query: string; refs: string[]; score: number; why: string }>;
  falsePositiveRate: number;
  negatives: number;
}

export function evaluate(ds: SanctionsDataset, fixture: Fixture, threshold = DEFAULT_THRESHOLD): Evaluation {
  const outcomes: Outcome[] = fixture.listed.map((v) => {
    const hits = search(ds, v.query, { threshold, limit: 10 });
    const rank = hits.findIndex((h) => h.refs.includes(v.expect) || h.entityId === v.expect);
    const first = hits[0];
    return {
      query: v.query,
      expect: v.expect,
      category: v.category,
      first: first?.entityId ?? null,
      firstScore: first?.score ?? 0,
      expectedRank: rank < 0 ? null : rank + 1,
      matched: rank === 0 && hits[0]!.match,
    };
  });
  const byCategory: Evaluation['byCategory'] = {};
  for (const o of outcomes) {
    const c = (byCategory[o.category] ??= { n: 0, recall: 0, top1: 0 });
    c.n++;
    c.recall += o.matched ? 1 : 0;
    c.top1 += o.expectedRank === 1 ? 1 : 0;
  }
  for (const c of Object.values(byCategory)) {
    c.recall /= c.n;
    c.top1 /= c.n;
  }
  const falsePositives: Evaluation['falsePositives'] = [];
  for (const n of fixture.unlisted) {
    const hit = search(ds, n.query, { threshold, limit: 1 }).find((h) => h.match);
    if (hit) falsePositives.push({ query: n.query, refs: hit.refs, score: hit.score, why: hit.why });
  }
  return {
    threshold,
    outcomes,
    recall: outcomes.filter((o) => o.matched).length / outcomes.length,
    top1: outcomes.filter((o) => o.expectedRank === 1).length / outcomes.length,
    byCategory,
    falsePositives,
    falsePositiveRate: falsePositives.length / fixture.unlisted.length,
    negatives: fixture.unlisted.length,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ds = loadBundledSanctions();
  const fixture = readFixture(process.argv.includes('--holdout') ? HOLDOUT_SET : DEV_SET);
  const t = process.argv.indexOf('--threshold');
  const thresholds = t > 0 ? [Number(process.argv[t + 1])] : [0.7, 0.75, 0.8, DEFAULT_THRESHOLD, 0.85, 0.9, 0.95];
  console.log(`${process.argv.includes('--holdout') ? 'held-out' : 'development'} set: ${fixture.listed.length} variants of listed names, ${fixture.unlisted.length} names of people on no list`);
  console.log('threshold | recall (first and match) | top-1 | false-positive rate');
  console.log('---:|---:|---:|---:');
  for (const th of thresholds) {
    const e = evaluate(ds, fixture, th);
    console.log(`${th}${th === DEFAULT_THRESHOLD ? ' (default)' : ''} | ${pct(e.recall)} (${e.outcomes.filter((o) => o.matched).length}/${e.outcomes.length}) | ${pct(e.top1)} | ${pct(e.falsePositiveRate)} (${e.falsePositives.length}/${e.negatives})`);
  }
  const e = evaluate(ds, fixture, t > 0 ? Number(process.argv[t + 1]) : DEFAULT_THRESHOLD);
  console.log(`\nat ${e.threshold}, by kind of variant:`);
  for (const [c, v] of Object.entries(e.byCategory)) console.log(`  ${c.padEnd(12)} n=${String(v.n).padStart(3)}  recall ${pct(v.recall).padStart(6)}  top-1 ${pct(v.top1).padStart(6)}`);
  if (process.argv.includes('--misses')) {
    console.log('\nmisses:');
    for (const o of e.outcomes.filter((x) => !x.matched)) console.log(`  ${o.query} (${o.category}): expected ${o.expect} at rank ${o.expectedRank ?? '-'}; first ${o.first} ${o.firstScore}`);
    console.log('false positives:');
    for (const f of e.falsePositives) console.log(`  ${f.query}: ${f.refs.join(' ')} ${f.score} — ${f.why}`);
  }
}
