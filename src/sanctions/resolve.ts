// Entity resolution across lists: which UK row and which OFAC entry are the same
// person or organisation as a UN listing. Every decision is a sum of explained
// log-odds points (name, UN reference, listing date, date of birth, nationality,
// identity documents) turned into a probability; records merge one-to-one, best
// pairs first, when it reaches MERGE_AT. Pure.
import { compareNames, type Weigh } from './match.ts';
import { analyseName, nameVariants, type AnalysedName } from './names.ts';
import type { BirthDate, Evidence, ListRecord, MergeDecision } from './model.ts';

export const MERGE_AT = 0.9;
/** points before any evidence: most pairs of records are not the same entity */
export const PRIOR = -4;

/** Records resolved as one entity, with the decisions that merged them. */
export interface RecordCluster {
  records: ListRecord[];
  decisions: MergeDecision[];
}

interface Prepared {
  record: ListRecord;
  names: Array<{ full: string; analysed: AnalysedName }>;
}

function prepare(record: ListRecord): Prepared {
  const usable = record.names.filter((n) => n.kind !== 'weak-alias' && n.kind !== 'mentioned');
  // a single-word alias identifies nobody; a single-word listed name has to do
  const names = usable
    .flatMap((n) => nameVariants(n.full).map((v) => ({ full: v, kind: n.kind, analysed: analyseName(v) })))
    .filter((n) => n.analysed.tokens.length >= 2 || (n.kind === 'primary' && n.analysed.tokens.length > 0));
  return { record, names };
}

function years(d: BirthDate): [number, number] {
  return [Number(d.from.slice(0, 4)), Number(d.to.slice(0, 4))];
}

/** Compare the dates of birth of two sets: +3 same day, +1.5 overlapping years, 0 close, -4 far apart. */
export function birthDateEvidence(a: BirthDate[], b: BirthDate[]): Evidence | null {
  if (a.length === 0 || b.length === 0) return null;
  let best = -Infinity;
  let text = '';
  for (const x of a) {
    for (const y of b) {
      const exact = x.from === x.to && y.from === y.to && x.from === y.from && !x.approximate && !y.approximate;
      const [x0, x1] = years(x);
      const [y0, y1] = years(y);
      const gap = Math.max(0, y0 - x1, x0 - y1);
      const points = exact ? 3 : gap === 0 ? 1.5 : gap <= 2 ? 0 : -4;
      if (points > best) {
        best = points;
        text = exact ? `same date of birth ${x.from}` : gap === 0 ? `dates of birth overlap (${x.text} / ${y.text})` : gap <= 2 ? `dates of birth ${gap} year(s) apart (${x.text} / ${y.text}), within the usual uncertainty` : `dates of birth ${gap} years apart (${x.text} / ${y.text})`;
      }
    }
  }
  return { feature: 'birth-date', weight: best, text };
}

const countryKey = (c: string) => c.toLowerCase().replace(/[^a-z]/g, '');

function nationalityEvidence(a: string[], b: string[]): Evidence | null {
  if (a.length === 0 || b.length === 0) return null;
  const set = new Set(a.map(countryKey));
  const common = b.filter((c) => set.has(countryKey(c)));
  if (common.length > 0) return { feature: 'nationality', weight: 0.5, text: `same nationality (${common[0]})` };
  return { feature: 'nationality', weight: -1.5, text: `different nationalities (${a.join(', ')} / ${b.join(', ')})` };
}

function documentEvidence(a: ListRecord[], b: ListRecord): Evidence | null {
  const numbers = new Set(a.flatMap((r) => r.identifications.map((i) => i.number.replace(/[^A-Za-z0-9]/g, '').toUpperCase())).filter((n) => n.length >= 5));
  const same = b.identifications.find((i) => numbers.has(i.number.replace(/[^A-Za-z0-9]/g, '').toUpperCase()));
  return same ? { feature: 'identification', weight: 5, text: `same document number ${same.number}` } : null;
}

/** The best name comparison between two prepared records (symmetric: both names must be mostly covered). */
function nameEvidence(a: Prepared[], b: Prepared, weigh: Weigh): { evidence: Evidence; score: number } {
  let best = { score: 0, text: 'no comparable names' };
  for (const pa of a) {
    for (const na of pa.names) {
      for (const nb of b.names) {
        const c = compareNames(nb.analysed, na.analysed, weigh);
        const score = (c.queryCoverage + c.nameCoverage) / 2;
        if (score > best.score) best = { score, text: `'${nb.full}' ≈ '${na.full}' (${score.toFixed(2)})` };
      }
    }
  }
  const s = best.score;
  const weight = s >= 0.97 ? 5 : s >= 0.9 ? 4 : s >= 0.8 ? 2.5 : s >= 0.7 ? 1 : -4;
  return { evidence: { feature: 'name', weight, text: `names ${best.text}` }, score: s };
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Name-token keys of a record for blocking (folded spelling and sound), one per token. */
function blockingKeys(p: Prepared): Set<string> {
  const keys = new Set<string>();
  for (const n of p.names) for (const t of n.analysed.tokens) keys.add(`p:${t.phon[0]}`);
  return keys;
}

/** Whether `candidate` (one record) is the same entity as the records of `cluster`. */
export function compareToCluster(cluster: Prepared[], candidate: Prepared, weigh: Weigh): MergeDecision {
  const rec = candidate.record;
  const base = cluster[0]!.record;
  const evidence: Evidence[] = [];
  if (cluster.some((p) => p.record.schema !== rec.schema)) {
    return { a: base.reference, b: rec.reference, score: 0, merged: false, evidence: [{ feature: 'schema', weight: -Infinity, text: `${rec.schema} vs ${base.schema}` }] };
  }
  const unRef = rec.sanction.unReference;
  if (unRef) {
    const same = cluster.some((p) => p.record.reference === unRef || p.record.sanction.formerReferences?.includes(unRef));
    evidence.push(same ? { feature: 'un-reference', weight: 12, text: `the ${rec.list} entry gives UN reference ${unRef}` } : { feature: 'un-reference', weight: -8, text: `the ${rec.list} entry gives UN reference ${unRef}, not this one` });
  }
  const name = nameEvidence(cluster, candidate, weigh);
  evidence.push(name.evidence);
  if (rec.schema !== 'Person' && name.score >= 0.97) evidence.push({ feature: 'name', weight: 2, text: 'organisations are known by their name alone (no date of birth to compare)' });
  if (rec.list === 'GB' && rec.sanction.designationSource === 'UN' && rec.sanction.listedOn) {
    const un = cluster.find((p) => p.record.list === 'UN')?.record;
    if (un?.sanction.listedOn) {
      evidence.push(
        un.sanction.listedOn === rec.sanction.listedOn
          ? { feature: 'listing-date', weight: 4, text: `UK designation date ${rec.sanction.listedOn} = UN listing date of ${un.reference}` }
          : { feature: 'listing-date', weight: -1, text: `UK designation date ${rec.sanction.listedOn} ≠ UN listing date ${un.sanction.listedOn}` },
      );
    }
  }
  const dob = birthDateEvidence(
    cluster.flatMap((p) => p.record.birthDates),
    rec.birthDates,
  );
  if (dob) evidence.push(dob);
  const nat = nationalityEvidence(
    cluster.flatMap((p) => p.record.nationalities),
    rec.nationalities,
  );
  if (nat) evidence.push(nat);
  const doc = documentEvidence(
    cluster.map((p) => p.record),
    rec,
  );
  if (doc) evidence.push(doc);
  const points = PRIOR + evidence.reduce((s, e) => s + e.weight, 0);
  const score = logistic(points);
  return { a: base.reference, b: rec.reference, score, merged: score >= MERGE_AT, evidence };
}

/** Group the records of all lists into entities: UN listings first, then UK rows, then OFAC entries. */
export function resolveRecords(records: ListRecord[], weigh: Weigh): RecordCluster[] {
  const clusters: Array<{ prepared: Prepared[]; decisions: MergeDecision[] }> = [];
  const byList = (l: string) => records.filter((r) => r.list === l).map(prepare);
  for (const p of byList('UN')) clusters.push({ prepared: [p], decisions: [] });
  const attach = (incoming: Prepared[]) => {
    const pairs: Array<{ d: MergeDecision; c: number; p: Prepared }> = [];
    // blocking: compare only with clusters that share two name tokens (or the UN reference)
    const postings = new Map<string, Set<number>>();
    const byRef = new Map<string, number>();
    clusters.forEach((cluster, c) => {
      for (const p of cluster.prepared) {
        byRef.set(p.record.reference, c);
        for (const k of blockingKeys(p)) {
          let set = postings.get(k);
          if (!set) postings.set(k, (set = new Set()));
          set.add(c);
        }
      }
    });
    for (const p of incoming) {
      const hits = new Map<number, number>();
      for (const k of blockingKeys(p)) for (const c of postings.get(k) ?? []) hits.set(c, (hits.get(c) ?? 0) + 1);
      const need = Math.min(2, blockingKeys(p).size);
      const candidates = new Set([...hits].filter(([, n]) => n >= need).map(([c]) => c));
      const direct = p.record.sanction.unReference ? byRef.get(p.record.sanction.unReference) : undefined;
      if (direct !== undefined) candidates.add(direct);
      for (const c of candidates) {
        const cluster = clusters[c]!;
        if (cluster.prepared.some((q) => q.record.list === p.record.list)) continue;
        const d = compareToCluster(cluster.prepared, p, weigh);
        if (d.score > 0.05) pairs.push({ d, c, p });
      }
    }
    pairs.sort((x, y) => y.d.score - x.d.score || x.p.record.reference.localeCompare(y.p.record.reference));
    const placed = new Set<Prepared>();
    const taken = new Set<number>();
    for (const { d, c, p } of pairs) {
      if (!d.merged || placed.has(p) || taken.has(c)) continue;
      clusters[c]!.prepared.push(p);
      clusters[c]!.decisions.push(d);
      placed.add(p);
      taken.add(c);
    }
    for (const p of incoming) if (!placed.has(p)) clusters.push({ prepared: [p], decisions: [] });
    return pairs;
  };
  attach(byList('GB'));
  attach(byList('US'));
  return clusters.map((c) => ({ records: c.prepared.map((p) => p.record), decisions: c.decisions }));
}

/** All candidate decisions (merged or not) above a floor, for measuring the resolver. */
export function candidatePairs(records: ListRecord[], weigh: Weigh, from: 'GB' | 'US', to: Array<'UN' | 'GB'>): MergeDecision[] {
  const targets = records.filter((r) => (to as string[]).includes(r.list)).map(prepare);
  const out: MergeDecision[] = [];
  for (const r of records.filter((x) => x.list === from)) {
    const p = prepare(r);
    for (const t of targets) {
      const d = compareToCluster([t], p, weigh);
      if (d.score > 0.01) out.push(d);
    }
  }
  return out;
}
