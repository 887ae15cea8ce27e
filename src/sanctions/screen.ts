// Name screening: an index over every name of the listed entities (Latin, Arabic
// script, aliases), blocked on the tokens' folded spellings, Double Metaphone codes,
// consonant skeletons and Arabic forms, so that a query is compared only with names
// that share a token with it. Each result says why it matched. Pure.
import { compareNames, idfWeigh, joinTokens, tokenSimilarity, type NameComparison, type TokenMatch, type Weigh } from './match.ts';
import { analyseName, nameVariants, titleClass, type AnalysedName, type Token } from './names.ts';
import type { BirthDate, Entity, Name } from './model.ts';
import { PAIR_CODES, whyText, type Reason } from './reasons.ts';

/** The product's decision threshold on the score (see docs/sanctions.md for how it was chosen). */
export const DEFAULT_THRESHOLD = 0.82;
/** matched query tokens must weigh at least this much (two very common names are not enough) */
export const MIN_MATCHED_WEIGHT = 1.05;
export const DEFAULT_LIMIT = 10;
/** what a date of birth and a listed title can add to a name's score */
const BOUND_SLACK = 0.08;

/** How many listed entries carry a one-part name (see NameIndex.sameName). */
export interface SameName {
  /** the name as the query gives it (lower case, or the normalised Arabic word) */
  name: string;
  people: number;
  organisations: number;
  /** the spellings of the lists that are this name, the most used first */
  spellings: string[];
}

/** two tokens at least this alike are the same name (for sameName) */
const SAME_NAME_SIM = 0.85;

export interface ScreenQuery {
  name: string;
  /** a year ("1977") or a date ("1977-05-01") */
  birthDate?: string;
}

export interface ScreenOptions {
  threshold?: number;
  /** results shown below the threshold (all matches are always shown) */
  limit?: number;
}

export interface ScreenHit {
  entityId: string;
  refs: string[];
  caption: string;
  score: number;
  match: boolean;
  why: string;
  /** why, as codes with parameters (the screens word them in the reader's language) */
  reasons: Reason[];
  /** the name of the entity that matched best */
  matchedName: Name;
  comparison: NameComparison;
}

interface IndexedName {
  entity: number;
  name: Name;
  /** the form of the name that is indexed (see nameVariants) */
  variant: string;
  analysed: AnalysedName;
  joins: Token[];
  factor: number;
}

const KIND_FACTOR: Record<Name['kind'], number> = { primary: 1, alias: 1, 'original-script': 1, former: 0.97, 'weak-alias': 0.9, mentioned: 0.95 };
/** added to the score when the query's title (Mullah, Maulavi, Haji...) is the listed one */
export const TITLE_BONUS = 0.03;

function tokenKeys(t: Token): string[] {
  const keys = [`f:${t.fold}`, ...t.phon.filter((p) => p.length > 0).map((p) => `p:${p}`)];
  if (t.skel.length >= 3) keys.push(`s:${t.skel}`);
  if (t.arabic !== undefined) keys.push(`a:${t.arabic}`);
  return keys;
}

function queryKeys(t: Token): string[] {
  const keys = tokenKeys(t);
  if (t.fold.length >= 3) keys.push(`f:abd${t.fold}`, `f:${t.fold}din`);
  if (t.fold.startsWith('abd') && t.fold.length >= 6) keys.push(`f:${t.fold.slice(3)}`);
  if (t.fold.endsWith('din') && t.fold.length >= 6) keys.push(`f:${t.fold.slice(0, -3)}`);
  return keys;
}

function yearsOf(d: BirthDate): [number, number] {
  return [Number(d.from.slice(0, 4)), Number(d.to.slice(0, 4))];
}

/** A year of birth given with the query raises the score if it fits a listed date of birth, lowers it if far from all. */
function birthDateFit(e: Entity, birth: string | undefined, score: number): { score: number; dob: Reason } {
  if (!birth) return { score, dob: { code: 'birth-not-given', params: {} } };
  const year = Number(birth);
  const dates = e.records.flatMap((r) => r.birthDates);
  if (dates.length === 0) return { score, dob: { code: 'birth-not-listed', params: { year: birth } } };
  const gap = Math.min(...dates.map((d) => Math.max(0, yearsOf(d)[0] - year, year - yearsOf(d)[1])));
  const listed = [...new Set(dates.map((d) => d.text))];
  if (gap <= 1) return { score: Math.min(1, score + 0.05), dob: { code: 'birth-fits', params: { year: birth, listed } } };
  if (gap <= 3) return { score, dob: { code: 'birth-near', params: { year: birth, gap, listed } } };
  return { score: score * 0.8, dob: { code: 'birth-far', params: { year: birth, gap, listed } } };
}

export class NameIndex {
  readonly entities: Entity[];
  readonly names: IndexedName[] = [];
  readonly weigh: Weigh;
  private readonly postings = new Map<string, number[]>();
  private readonly interned = new Map<string, Token>();
  /** the title families of each entity's listed titles (Mullah, Maulavi...) */
  private readonly titles: Array<Set<string>>;

  constructor(entities: Entity[]) {
    this.entities = entities;
    const docs: Token[][] = [];
    entities.forEach((e, ei) => {
      const doc: Token[] = [];
      const seen = new Set<string>();
      for (const name of e.names) {
        for (const variant of nameVariants(name.full)) {
          if (seen.has(variant)) continue;
          seen.add(variant);
          const a = analyseName(variant);
          if (a.tokens.length === 0) continue;
          a.tokens = a.tokens.map((t) => this.intern(t));
          const joins = a.tokens.slice(0, -1).map((t, i) => this.intern(joinTokens(t, a.tokens[i + 1]!)));
          const id = this.names.length;
          this.names.push({ entity: ei, name, variant, analysed: a, joins, factor: KIND_FACTOR[name.kind] });
          doc.push(...a.tokens);
          const keys = new Set<string>();
          for (const t of [...a.tokens, ...joins]) for (const k of tokenKeys(t)) keys.add(k);
          for (const k of keys) {
            let list = this.postings.get(k);
            if (!list) this.postings.set(k, (list = []));
            list.push(id);
          }
        }
      }
      docs.push(doc);
    });
    this.weigh = idfWeigh(docs);
    this.titles = entities.map((e) => new Set(e.records.flatMap((r) => r.titles).map(titleClass).filter((t): t is string => t !== null)));
  }

  private intern(t: Token): Token {
    const key = t.arabic !== undefined ? `a:${t.arabic}` : `t:${t.text}`;
    const known = this.interned.get(key);
    if (known) return known;
    this.interned.set(key, t);
    return t;
  }

  /** Ranked entities for a name: every match, and the best others up to `limit`. A name
   * written with notes ("X son of Y", "born in 1963", both scripts) counts as its best form. */
  search(query: ScreenQuery, options: ScreenOptions = {}): ScreenHit[] {
    const forms = nameVariants(query.name);
    if (forms.length <= 1) return this.searchOne(forms[0] === undefined || forms[0] === query.name ? query : { ...query, name: forms[0] }, options);
    const best = new Map<string, ScreenHit>();
    for (const name of forms) {
      for (const h of this.searchOne({ ...query, name }, options)) {
        const prev = best.get(h.entityId);
        if (!prev || h.score > prev.score) {
          const reasons: Reason[] = name === query.name ? h.reasons : [{ code: 'as-form', params: { form: name } }, ...h.reasons];
          best.set(h.entityId, { ...h, reasons, why: whyText(reasons) });
        }
      }
    }
    const out = [...best.values()].sort((x, y) => y.score - x.score || Number(y.match) - Number(x.match) || x.entityId.localeCompare(y.entityId));
    const limit = options.limit ?? DEFAULT_LIMIT;
    return out.slice(0, Math.max(limit, out.filter((h) => h.match).length));
  }

  /**
   * For a query of one name (titles set aside: "Haqani", "Mullah Omar"): how many listed
   * people and organisations carry that name among their names, whatever the spelling,
   * and how the lists spell it (most used first). Undefined for a name of several parts.
   */
  sameName(name: string): SameName | undefined {
    const q = analyseName(nameVariants(name)[0] ?? name);
    if (q.tokens.length !== 1) return undefined;
    const t = q.tokens[0]!;
    const carriers = new Set<number>();
    const spellings = new Map<string, Set<number>>();
    const ids = new Set(queryKeys(t).flatMap((k) => this.postings.get(k) ?? []));
    for (const id of ids) {
      const n = this.names[id]!;
      for (const tok of n.analysed.tokens) {
        const m = tokenSimilarity(t, tok);
        // the same name, not a short form of a longer one (Siraj is not Sirajuddin)
        if (m.how === 'part' || m.sim < SAME_NAME_SIM) continue;
        carriers.add(n.entity);
        const seen = spellings.get(tok.text) ?? new Set<number>();
        spellings.set(tok.text, seen.add(n.entity));
      }
    }
    const people = [...carriers].filter((e) => this.entities[e]!.schema === 'Person').length;
    return {
      name: t.text,
      people,
      organisations: carriers.size - people,
      spellings: [...spellings].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([s]) => s),
    };
  }

  private searchOne(query: ScreenQuery, options: ScreenOptions): ScreenHit[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const limit = options.limit ?? DEFAULT_LIMIT;
    const q = analyseName(query.name);
    const qt = q.tokens;
    if (qt.length === 0) return [];
    const qJoins = qt.slice(0, -1).map((t, i) => joinTokens(t, qt[i + 1]!));
    const qw = qt.map((t) => this.weigh(t));
    const ordered = this.candidates(qt, qJoins, qw, limit);
    const best = this.bestNamePerEntity(q, qJoins, ordered, threshold, limit);
    const birth = query.birthDate ? /^(\d{4})/.exec(query.birthDate)?.[1] : undefined;
    const queryTitles = q.honorifics.map((h) => [h, titleClass(h)] as const);
    const queryWeight = qw.reduce((a, b) => a + b, 0);
    const scored: Array<Omit<ScreenHit, 'why' | 'reasons'> & { explain: () => Reason[] }> = [];
    for (const [ei, b] of best) {
      // an entry none of whose name parts agrees with the query's is not near it (a shared sound key only)
      if (b.c.pairs.length === 0) continue;
      const e = this.entities[ei]!;
      const { score: dated, dob } = birthDateFit(e, birth, b.score);
      let score = dated;
      const c = b.c;
      const titles = this.titles[ei]!;
      const sameTitle = queryTitles.find(([, cls]) => cls !== null && titles.has(cls))?.[0];
      if (sameTitle) score = Math.min(1, score + TITLE_BONUS);
      const enoughTokens = c.matchedQuery >= Math.min(2, c.queryTokens) && c.matchedName >= Math.min(2, c.nameTokens);
      const enoughWeight = c.matchedWeight >= Math.min(MIN_MATCHED_WEIGHT, queryWeight - 1e-9);
      const match = score >= threshold && enoughTokens && enoughWeight;
      scored.push({ entityId: e.id, refs: e.refs, caption: e.caption, score: Math.round(score * 1000) / 1000, match, matchedName: b.n.name, comparison: c, explain: () => this.explain(q, b.n, c, dob, match, score, threshold, enoughTokens, enoughWeight, sameTitle) });
    }
    scored.sort((x, y) => y.score - x.score || Number(y.match) - Number(x.match) || x.entityId.localeCompare(y.entityId));
    const matches = scored.filter((h) => h.match).length;
    // the reasons are written for the results shown only
    return scored.slice(0, Math.max(limit, matches)).map(({ explain, ...h }) => {
      const reasons = explain();
      return { ...h, reasons, why: whyText(reasons) };
    });
  }

  /**
   * The names that share a key with the query (with at least two of its tokens, unless
   * that leaves fewer than `limit`), best first by an upper bound of their score: query
   * tokens that share no key with a name cannot match it, so the caller can stop once
   * nothing left can enter the results.
   */
  private candidates(qt: readonly Token[], qJoins: readonly Token[], qw: readonly number[], limit: number): { id: number; ub: number }[] {
    // names sharing a key with each query token (bit i: query token i)
    const hits = new Map<number, number>();
    const mark = (keys: string[], bits: number) => {
      for (const k of keys) for (const id of this.postings.get(k) ?? []) hits.set(id, (hits.get(id) ?? 0) | bits);
    };
    qt.forEach((t, i) => mark(queryKeys(t), 1 << Math.min(i, 30)));
    qJoins.forEach((t, i) => mark(tokenKeys(t), (1 << Math.min(i, 30)) | (1 << Math.min(i + 1, 30))));
    const need = Math.min(2, qt.length);
    const popcount = (x: number) => {
      let c = 0;
      for (; x; x &= x - 1) c++;
      return c;
    };
    let candidates = [...hits].filter(([, bits]) => popcount(bits) >= need);
    if (candidates.length < limit) candidates = [...hits];
    const total = qw.reduce((a, b) => a + b, 0);
    const bound = (bits: number) => {
      let got = 0;
      for (let i = 0; i < qt.length; i++) if (bits & (1 << Math.min(i, 30))) got += qw[i]!;
      return 0.75 * (got / total) + 0.25 + BOUND_SLACK;
    };
    return candidates.map(([id, bits]) => ({ id, ub: bound(bits) })).sort((a, b) => b.ub - a.ub);
  }

  /** Each entity's best-scoring name among the candidates, compared in bound order until nothing left can count. */
  private bestNamePerEntity(q: AnalysedName, qJoins: Token[], ordered: readonly { id: number; ub: number }[], threshold: number, limit: number): Map<number, { score: number; c: NameComparison; n: IndexedName }> {
    const qt = q.tokens;
    // token similarities, memoised per query token and index token
    const memo: Array<Map<Token, TokenMatch>> = qt.map(() => new Map());
    const memoJoin: Array<Map<Token, TokenMatch>> = qJoins.map(() => new Map());
    const sim = (i: number, t: Token, joined: boolean): TokenMatch => {
      const m = joined ? memoJoin[i]! : memo[i]!;
      let r = m.get(t);
      if (!r) {
        r = tokenSimilarity(joined ? qJoins[i]! : qt[i]!, t);
        m.set(t, r);
      }
      return r;
    };
    const best = new Map<number, { score: number; c: NameComparison; n: IndexedName }>();
    for (let k = 0; k < ordered.length; k++) {
      const { id, ub } = ordered[k]!;
      // once no name left can reach the threshold, the list is only filled up to `limit`
      // (so the non-matches shown are the best by bound, not necessarily by score)
      if (ub < threshold && best.size >= limit) break;
      const n = this.names[id]!;
      // another name of an entity already scored higher than this one can reach
      const had = best.get(n.entity);
      if (had && ub - BOUND_SLACK <= had.score) continue;
      const c = compareNames(q, n.analysed, this.weigh, { nameJoins: n.joins, queryJoins: qJoins, sim });
      const score = c.score * n.factor;
      const prev = best.get(n.entity);
      if (!prev || score > prev.score + 1e-12 || (Math.abs(score - prev.score) <= 1e-12 && n.name.kind === 'primary')) best.set(n.entity, { score, c, n });
    }
    return best;
  }

  private explain(q: AnalysedName, n: IndexedName, c: NameComparison, dob: Reason, match: boolean, score: number, threshold: number, enoughTokens: boolean, enoughWeight: boolean, sameTitle: string | undefined): Reason[] {
    const reasons: Reason[] = [{ code: 'name-parts', params: { matched: c.matchedQuery, of: c.queryTokens, kind: n.name.kind, name: n.variant, reference: n.name.reference } }];
    for (const p of c.pairs) reasons.push({ code: PAIR_CODES[p.how], params: { query: p.q.map((i) => q.tokens[i]!.text).join(' '), listed: p.n.map((j) => n.analysed.tokens[j]!.text).join(' ') } });
    const unmatchedQ = q.tokens.filter((_, i) => !c.pairs.some((p) => p.q.includes(i))).map((t) => t.text);
    if (unmatchedQ.length) reasons.push({ code: 'not-in-name', params: { tokens: unmatchedQ } });
    const extra = n.analysed.tokens.filter((_, j) => !c.pairs.some((p) => p.n.includes(j))).map((t) => t.text);
    if (extra.length) reasons.push({ code: 'name-also-has', params: { tokens: extra } });
    if (q.honorifics.length) reasons.push({ code: 'title-set-aside', params: { titles: q.honorifics, ...(sameTitle ? { listed: sameTitle, bonus: TITLE_BONUS } : {}) } });
    if (n.analysed.honorifics.length) reasons.push({ code: 'listed-title-set-aside', params: { titles: n.analysed.honorifics } });
    if (q.reordered) reasons.push({ code: 'reordered', params: {} });
    if (c.orderDiffers) reasons.push({ code: 'order-differs', params: {} });
    reasons.push(dob);
    if (!match && score >= threshold) reasons.push({ code: 'not-a-match', params: { because: !enoughTokens ? 'few-parts' : !enoughWeight ? 'common-names' : 'other' } });
    return reasons;
  }
}
