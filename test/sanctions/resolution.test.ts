// Entity resolution against a truth established without the resolver
// (test/fixtures/sanctions/resolution-truth.json): every UK row lands on its UN
// listing; OFAC entries merge with the UN listing of the same person, and only then.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { candidatePairs, MERGE_AT } from '../../src/sanctions/index.ts';
import { loadBundledSanctions } from '../../src/node/sanctions-files.ts';

interface Truth {
  uk: Record<string, string>;
  ofac: Record<string, { name: string; un: string | null; checked: string }>;
}
const truth = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sanctions', 'resolution-truth.json'), 'utf8')) as Truth;
const ds = loadBundledSanctions();
const unOf = (ref: string) => ds.byRef.get(ref)?.refs.find((r) => /^TA[ie]\./.test(r)) ?? null;

/** precision and recall of the merges of one list with the UN list */
export function resolutionFigures(expected: Record<string, string | null>, prefix: string) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [id, un] of Object.entries(expected)) {
    const got = unOf(`${prefix}${id}`);
    if (got && got === un) tp++;
    else if (got && got !== un) fp++;
    if (un && got !== un) fn++;
  }
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

describe('entity resolution across the UN, UK and US lists', () => {
  test('all 140 UK rows land on their UN listing (precision and recall 1 on the full set)', () => {
    assert.equal(Object.keys(truth.uk).length, 140);
    const f = resolutionFigures(truth.uk, 'GB:');
    assert.deepEqual({ tp: f.tp, fp: f.fp, fn: f.fn }, { tp: 140, fp: 0, fn: 0 });
    // no UK row stays on its own, no UN listing gets two UK rows
    for (const e of ds.entities.filter((x) => x.status === 'listed')) {
      const lists = e.records.map((r) => r.list);
      assert.equal(new Set(lists).size, lists.length, `${e.id} has two records of one list`);
      if (lists.includes('GB')) assert.ok(lists.includes('UN'), `${e.id}: a UK row without its UN listing`);
    }
  });

  test('checked by hand: a few UK rows and the evidence that merged them', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['GB:AFG0112', 'TAi.144', /'HAQQANI SIRAJUDDIN JALLALOUDINE' ≈ 'SIRAJUDDIN JALLALOUDINE HAQQANI'/],
      ['GB:AFG0036', 'TAi.040', /'HAQQANI JALALUDDIN' ≈ 'JALALUDDIN HAQQANI'/],
      ['GB:AFG0016', 'TAi.014', /'HIDAYATULLAH' ≈ 'HIDAYATULLAH'/],
      ['GB:AFG0003', 'TAe.012', /HAQQANI NETWORK/],
      ['GB:AFG0013', 'TAi.009', /'AKHUND ATTIQULLAH' ≈ 'ATTIQULLAH AKHUND'/],
    ];
    for (const [uk, un, name] of cases) {
      const e = ds.byRef.get(uk)!;
      assert.equal(e.id, un);
      const d = e.resolution.find((x) => x.b === uk)!;
      assert.ok(d.merged && d.score >= MERGE_AT);
      assert.match(d.evidence.map((x) => x.text).join(' | '), name);
      assert.ok(d.evidence.some((x) => x.feature === 'listing-date' && x.weight > 0), `${uk}: same designation date`);
    }
    // a single name alone would not do: HIDAYATULLAH is also a name inside TAi.071 and an alias of TAi.147
    assert.notEqual(ds.byRef.get('TAi.071')!.refs.includes('GB:AFG0016'), true);
  });

  test('OFAC entries merge where the person is the same, and only there', () => {
    const expected = Object.fromEntries(Object.entries(truth.ofac).map(([k, v]) => [k, v.un]));
    const f = resolutionFigures(expected, 'US:');
    assert.deepEqual({ tp: f.tp, fp: f.fp, fn: f.fn }, { tp: 11, fp: 0, fn: 0 });
    assert.deepEqual(ds.byRef.get('TAi.144')!.refs, ['TAi.144', 'GB:AFG0112', 'US:10743']);
    assert.deepEqual(ds.byRef.get('TAi.150')!.refs, ['TAi.150', 'GB:AFG0118', 'US:12561']);
    // Jalaluddin Haqqani is not in the 2022 OFAC subset
    assert.deepEqual(ds.byRef.get('TAi.040')!.refs, ['TAi.040', 'GB:AFG0036']);
    // the evidence for Khalil Haqqani: name, exact date of birth, nationality
    const d = ds.byRef.get('US:12561')!.resolution.find((x) => x.b === 'US:12561')!;
    assert.deepEqual(
      d.evidence.map((x) => x.feature),
      ['name', 'birth-date', 'nationality'],
    );
    assert.match(d.evidence[1]!.text, /same date of birth 1966-01-01/);
  });

  test('namesakes with another date of birth stay apart (Abdul Aziz Abbasin, born 1969; OFAC Abdul Aziz Haqqani, 1987-1989; Abdul Aziz, 1985)', () => {
    const records = ds.records;
    const pairs = candidatePairs(records, (t) => (t.soft ? 0.2 : 1), 'US', ['UN']);
    for (const us of ['US:18347', 'US:25597', 'US:19671']) {
      const d = pairs.filter((p) => p.b === us && p.a === 'TAi.155');
      for (const x of d) {
        assert.equal(x.merged, false, `${us} must not merge with TAi.155`);
        assert.ok(x.evidence.some((e) => e.feature === 'birth-date' && e.weight < 0), `${us}: the dates of birth speak against it`);
      }
      assert.deepEqual(ds.byRef.get(us)!.refs, [us]);
    }
  });
});
