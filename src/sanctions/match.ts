// Comparing two analysed names token by token, with the reason for every pair:
// identical, same after folding (haqani≈haqqani), sound-alike (Double Metaphone),
// a typo (Jaro–Winkler), across scripts (consonant skeletons of an Arabic-script
// name and a Latin one), two tokens written as one (Hayat Ullah / Hayatullah,
// Abdul Rahman / Abdurrahman), or a short form (Siraj / Sirajuddin, Ghani / Abdul
// Ghani). Token order does not matter. Pure.
import { foldToken, skeleton, type AnalysedName, type Token } from './names.ts';
import { jaroWinkler } from './similarity.ts';
import { doubleMetaphone } from 'double-metaphone';

export type PairHow = 'identical' | 'folded' | 'phonetic' | 'typo' | 'script' | 'joined' | 'part';

export interface TokenMatch {
  sim: number;
  how: PairHow;
}

const NONE: TokenMatch = { sim: 0, how: 'typo' };
const COMPOUND_ENDS = ['ula', 'din', 'rahman', 'rahim', 'hak'];

function lengthRatio(a: string, b: string): number {
  return Math.min(a.length, b.length) / Math.max(a.length, b.length, 1);
}

/** How alike two tokens are (0 when they are not the same name). */
/** An Arabic-script word without its long-vowel letters (ا و ی), a final ی kept: the
 * consonants, as both spellings of استانکزی / ستانکزی share them. */
function arabicConsonants(w: string): string {
  const final = w.endsWith('ی') ? 'ی' : '';
  return w.replace(/[اوی]/g, '') + final;
}

function compoundEnd(fold: string): string {
  return COMPOUND_ENDS.find((e) => fold.length > e.length + 1 && fold.endsWith(e)) ?? '';
}

/** How alike two tokens are (0 when they are not the same name). The first is the query's. */
export function tokenSimilarity(a: Token, b: Token): TokenMatch {
  if (a.text === b.text) return { sim: 1, how: 'identical' };
  if (a.arabic !== undefined && b.arabic !== undefined) {
    // both in Arabic script: compare the letters, not a guessed transliteration
    if (a.arabic === b.arabic) return { sim: 1, how: 'identical' };
    const [sa, la] = a.arabic.length <= b.arabic.length ? [a.arabic, b.arabic] : [b.arabic, a.arabic];
    if (la === sa + 'ی') return NONE; // محمد / محمدی: a family name made from a name
    if (a.arabic.endsWith('زی') !== b.arabic.endsWith('زی')) return NONE;
    if (sa.length >= 5 && a.arabic.charCodeAt(0) === b.arabic.charCodeAt(0) && lengthRatio(a.arabic, b.arabic) >= 0.75) {
      const jw = jaroWinkler(a.arabic, b.arabic);
      if (jw >= 0.9) return { sim: jw * 0.95, how: 'typo' };
    }
    // the same consonants, with a long vowel or a prothetic alif more or less (استانکزی / ستانکزی)
    const ca = arabicConsonants(a.arabic);
    if (ca.length >= 4 && ca === arabicConsonants(b.arabic)) return { sim: 0.92, how: 'folded' };
    return NONE;
  }
  if (a.fold === b.fold) return { sim: 1, how: a.arabic !== undefined || b.arabic !== undefined ? 'script' : 'folded' };
  // Karimi is not Karim, Noorzai not Noori, Hamidullah not Hamid: names made from names are other names
  if (a.fold.endsWith('zai') !== b.fold.endsWith('zai')) return NONE;
  const endA = compoundEnd(a.fold);
  const endB = compoundEnd(b.fold);
  if (a.arabic === undefined && b.arabic !== undefined) {
    // a Latin query against an Arabic-script name: every listed name in Arabic script has
    // Latin forms too, and guessing vowels the other way round invents matches (Hamid / احمدی)
    return NONE;
  }
  if (a.arabic !== undefined) {
    if (endA !== endB) return NONE;
    // a word whose spelling Jirga knows (محمد, احمد, عمر): its Latin form, not its consonants
    if (a.known) return jaroWinkler(a.fold, b.fold) >= 0.92 ? { sim: 0.9, how: 'script' } : NONE;
    // Arabic script writes no short vowels: compare consonant skeletons
    if (a.skel === b.skel && a.skel.length >= 3) return { sim: 0.92, how: 'script' };
    if (a.skel.length < 4 || b.skel.length < 4 || a.skel.charCodeAt(0) !== b.skel.charCodeAt(0)) return NONE;
    if (jaroWinkler(a.skel, b.skel) >= 0.9 && jaroWinkler(a.fold, b.fold) >= 0.75) return { sim: 0.85, how: 'script' };
    return NONE;
  }
  // short forms: Ghani for Abdul Ghani, Siraj for Sirajuddin
  const [short, long] = a.fold.length <= b.fold.length ? [a.fold, b.fold] : [b.fold, a.fold];
  if (short.length >= 3 && (long === 'abd' + short || long === short + 'din')) return { sim: 0.8, how: 'part' };
  // Ghulam Nabi is a name of its own, not Nabi
  if (short.length >= 3 && long === 'ghulam' + short) return { sim: 0.5, how: 'part' };
  if (short.length >= 3 && long === short + 'i') return NONE;
  // two compounds with the same second half (Abdullah / Obaidullah): compare the first halves
  if (endA !== '' && endA === endB && jaroWinkler(a.fold.slice(0, -endA.length), b.fold.slice(0, -endB.length)) < 0.85) return NONE;
  const ratio = lengthRatio(a.fold, b.fold);
  if (ratio < 0.7) return NONE;
  const soundAlike = a.phon.some((p) => b.phon.includes(p));
  // different first letters and sounds: not worth a Jaro–Winkler (it could not reach 0.92)
  if (!soundAlike && a.fold.charCodeAt(0) !== b.fold.charCodeAt(0) && a.fold.charCodeAt(1) !== b.fold.charCodeAt(1)) return NONE;
  const jw = jaroWinkler(a.fold, b.fold);
  if (jw >= 0.8 && soundAlike) return { sim: Math.max(0.9, jw * 0.95), how: 'phonetic' };
  // a typo that does not sound alike: only in longer names (Zahid and Zahir, Manaf and Manan are different names)
  if (jw >= 0.92 && Math.min(a.fold.length, b.fold.length) >= 6) return { sim: jw * 0.95, how: 'typo' };
  return NONE;
}

/** Two adjacent tokens read as one word ("Hayat Ullah" -> "Hayatullah"). */
export function joinTokens(a: Token, b: Token): Token {
  const arabic = a.arabic !== undefined && b.arabic !== undefined;
  // Arabic-script words are joined in their transliteration ("sraj" + "din")
  const fold = foldToken(arabic || a.arabic !== undefined || b.arabic !== undefined ? a.fold + b.fold : a.text + b.text);
  const [p, s] = doubleMetaphone(fold);
  const t: Token = { text: a.text + b.text, fold, skel: skeleton(fold), phon: p === s || !s ? [p] : [p, s], soft: false };
  if (arabic) t.arabic = a.arabic! + b.arabic!;
  return t;
}

export interface AlignedPair {
  /** token indexes in the query (one, or two read as one word) */
  q: number[];
  /** token indexes in the name */
  n: number[];
  sim: number;
  how: PairHow;
}

export interface NameComparison {
  score: number;
  queryCoverage: number;
  nameCoverage: number;
  pairs: AlignedPair[];
  /** weight of the query's matched tokens */
  matchedWeight: number;
  /** matched query tokens that are not soft (titles, generic words); matched name tokens */
  matchedQuery: number;
  matchedName: number;
  /** query tokens that are not soft; all name tokens */
  queryTokens: number;
  nameTokens: number;
  orderDiffers: boolean;
}

export type Weigh = (t: Token) => number;

export const SOFT_WEIGHT = 0.2;
export const defaultWeigh: Weigh = (t) => (t.soft ? SOFT_WEIGHT : 1);

/** Precomputed parts of a comparison, so that an index can share them across names. */
export interface CompareContext {
  /** the name's adjacent tokens read as one word (joins[j] = tokens j and j+1) */
  nameJoins?: Token[];
  /** the query's adjacent tokens read as one word */
  queryJoins?: Token[];
  /** similarity of query token i (or, with joined, query join i) to a name token, memoised */
  sim?: (i: number, t: Token, joined: boolean) => TokenMatch;
}

/** Best one-to-one alignment of the tokens of two names, greedily by similarity. */
export function compareNames(q: AnalysedName, n: AnalysedName, weigh: Weigh = defaultWeigh, ctx: CompareContext = {}): NameComparison {
  const qt = q.tokens;
  const nt = n.tokens;
  const queryJoins = ctx.queryJoins ?? qt.slice(0, -1).map((t, i) => joinTokens(t, qt[i + 1]!));
  const sim = ctx.sim ?? ((i: number, t: Token, joined: boolean) => tokenSimilarity(joined ? queryJoins[i]! : qt[i]!, t));
  const pairs = greedyAlignment(alignmentCandidates(qt, nt, sim, ctx.nameJoins));
  let qTotal = 0;
  let nTotal = 0;
  for (const t of qt) qTotal += weigh(t);
  for (const t of nt) nTotal += weigh(t);
  let qGot = 0;
  let nGot = 0;
  let matchedQuery = 0;
  let matchedName = 0;
  for (const p of pairs) {
    for (const i of p.q) {
      qGot += weigh(qt[i]!) * p.sim;
      if (!qt[i]!.soft) matchedQuery++;
    }
    for (const j of p.n) {
      nGot += weigh(nt[j]!) * p.sim;
      matchedName++;
    }
  }
  const queryCoverage = qTotal > 0 ? qGot / qTotal : 0;
  const nameCoverage = nTotal > 0 ? nGot / nTotal : 0;
  pairs.sort((x, y) => x.q[0]! - y.q[0]!);
  let orderDiffers = false;
  for (let k = 1; k < pairs.length; k++) if (pairs[k]!.n[0]! < pairs[k - 1]!.n[0]!) orderDiffers = true;
  return {
    score: 0.75 * queryCoverage + 0.25 * nameCoverage,
    queryCoverage,
    nameCoverage,
    pairs,
    matchedWeight: qGot,
    matchedQuery,
    matchedName,
    queryTokens: qt.filter((t) => !t.soft).length,
    nameTokens: nt.length,
    orderDiffers,
  };
}

/** Every token pair that is alike, and two tokens on one side written as one on the other, best first. */
function alignmentCandidates(qt: readonly Token[], nt: readonly Token[], sim: (i: number, t: Token, joined: boolean) => TokenMatch, nameJoins: readonly Token[] | undefined): AlignedPair[] {
  const cands: AlignedPair[] = [];
  for (let i = 0; i < qt.length; i++) {
    for (let j = 0; j < nt.length; j++) {
      const m = sim(i, nt[j]!, false);
      if (m.sim > 0) cands.push({ q: [i], n: [j], sim: m.sim, how: m.how });
    }
  }
  // two tokens on one side written as one on the other
  for (let i = 0; i + 1 < qt.length; i++) {
    for (let j = 0; j < nt.length; j++) {
      const m = sim(i, nt[j]!, true);
      if (m.sim >= 0.9) cands.push({ q: [i, i + 1], n: [j], sim: m.sim, how: 'joined' });
    }
  }
  for (let j = 0; j + 1 < nt.length; j++) {
    const joined = nameJoins?.[j] ?? joinTokens(nt[j]!, nt[j + 1]!);
    for (let i = 0; i < qt.length; i++) {
      const m = sim(i, joined, false);
      if (m.sim >= 0.9) cands.push({ q: [i], n: [j, j + 1], sim: m.sim, how: 'joined' });
    }
  }
  cands.sort((x, y) => y.sim - x.sim || y.q.length + y.n.length - (x.q.length + x.n.length) || x.q[0]! - y.q[0]! || x.n[0]! - y.n[0]!);
  return cands;
}

/** The best candidates, taken in order, that use no token already used. */
function greedyAlignment(cands: readonly AlignedPair[]): AlignedPair[] {
  const usedQ = new Set<number>();
  const usedN = new Set<number>();
  const pairs: AlignedPair[] = [];
  for (const c of cands) {
    if (c.q.some((i) => usedQ.has(i)) || c.n.some((j) => usedN.has(j))) continue;
    pairs.push(c);
    c.q.forEach((i) => usedQ.add(i));
    c.n.forEach((j) => usedN.add(j));
  }
  return pairs;
}

/** The key a token is counted under for its frequency: its folded spelling, or its Arabic form. */
export function weightKey(t: Token): string {
  return t.arabic !== undefined ? `a:${t.arabic}` : `f:${t.fold}`;
}

/** Token weights from how many documents (entities, records) use each token: a name
 * shared by many (Muhammad, Abdul, Khan) weighs less than a rare one; titles and
 * generic words of organisation names weigh SOFT_WEIGHT; tokens never seen weigh 1. */
export function idfWeigh(documents: Token[][]): Weigh {
  const df = new Map<string, number>();
  for (const doc of documents) for (const k of new Set(doc.map(weightKey))) df.set(k, (df.get(k) ?? 0) + 1);
  const n = Math.max(documents.length, 2);
  const cap = Math.log(n);
  const cache = new Map<string, number>();
  return (t: Token) => {
    if (t.soft) return SOFT_WEIGHT;
    const k = weightKey(t);
    let w = cache.get(k);
    if (w === undefined) {
      const d = df.get(k);
      w = d === undefined ? 1 : 0.3 + 0.7 * Math.min(1, Math.max(0, Math.log(n / d) / cap));
      cache.set(k, w);
    }
    return w;
  };
}
