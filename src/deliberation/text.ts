// Statement text: checks, normalisation for duplicate detection, and near-duplicate
// similarity. Pure (no I/O); the conversation service and the web app may both use it.
//
// Normalisation (for comparison only: statements are always stored and shown exactly
// as typed): Unicode NFKC, lower case, Arabic-script letter variants unified
// (Arabic yeh and alef maksura -> Persian yeh, Arabic kaf -> keheh, teh marbuta -> heh),
// tatweel and harakat removed, Persian and Arabic-Indic digits -> ASCII digits, and
// every run of punctuation, spaces and invisible format characters (ZWNJ included)
// -> one space, trimmed.

import { toAsciiDigits } from '../kernel/digits.ts';

/** Longest statement, in characters (Unicode code points), as Polis allows. */
export const MAX_STATEMENT_CHARS = 280;

/** Two statements are near-duplicates when their trigram Jaccard similarity reaches this. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

export type TextProblem =
  | { code: 'empty-statement'; message: string }
  | { code: 'statement-too-long'; message: string; length: number }
  | { code: 'control-characters'; message: string }
  | { code: 'invalid-text'; message: string };

/** Number of characters as a person counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// C0 and C1 control characters other than tab and line feed; carriage returns are
// accepted only as part of CRLF (see cleanStatementText).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

/** Whether a string is well-formed UTF-16 (no lone surrogates, which cannot be stored). */
export function isWellFormed(text: string): boolean {
  return !/\p{Surrogate}/u.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/**
 * The text as it will be stored: CRLF -> LF, trimmed. Returns the text or the problem
 * with it (empty, too long, control characters, malformed). HTML and any other
 * characters are kept as typed: the web app shows statements as plain text.
 */
export function cleanStatementText(raw: string, maxChars = MAX_STATEMENT_CHARS, what = 'a statement'): { text: string } | TextProblem {
  if (!isWellFormed(raw)) return { code: 'invalid-text', message: `${what} contains malformed characters (a lone UTF-16 surrogate)` };
  const text = raw.replace(/\r\n/g, '\n').trim();
  if (text === '') return { code: 'empty-statement', message: `${what} cannot be empty` };
  if (CONTROL.test(text)) {
    const c = text.match(CONTROL)![0]!.codePointAt(0)!;
    return { code: 'control-characters', message: `${what} cannot contain control characters (found U+${c.toString(16).toUpperCase().padStart(4, '0')}); only letters, digits, punctuation, spaces, tabs and line breaks` };
  }
  const length = characterCount(text);
  if (length > maxChars) return { code: 'statement-too-long', message: `${what} has at most ${maxChars} characters; this one has ${length}`, length };
  return { text };
}

const LETTER_VARIANTS: Record<string, string> = {
  '\u064A': '\u06CC', // Arabic yeh -> Persian yeh
  '\u0649': '\u06CC', // alef maksura -> Persian yeh
  '\u0643': '\u06A9', // Arabic kaf -> keheh
  '\u0629': '\u0647', // teh marbuta -> heh
};

// Tatweel, harakat (fathatan..sukun and the extended marks up to U+065F), superscript alef.
const REMOVED = /[\u0640\u064B-\u065F\u0670]/gu;
// Runs of punctuation, separators, whitespace and invisible format characters (ZWNJ, ZWJ, bidi marks).
const SEPARATORS = /[\p{P}\p{Z}\s\p{Cf}]+/gu;

/** The comparison form of a statement (see the top of this file). */
export function normalizeStatement(text: string): string {
  return toAsciiDigits(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u064A\u0649\u0643\u0629]/gu, (c) => LETTER_VARIANTS[c]!)
    .replace(REMOVED, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

/** Character trigrams of a normalised text (code points; the text padded with one space each side). */
export function trigrams(normalized: string): Set<string> {
  const chars = [...` ${normalized} `];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return out;
}

/** Jaccard similarity of two trigram sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const t of small) if (large.has(t)) common++;
  return common / (a.size + b.size - common);
}

/** Trigram Jaccard similarity of two normalised texts. */
export function similarity(normalizedA: string, normalizedB: string): number {
  if (normalizedA === normalizedB) return 1;
  return jaccard(trigrams(normalizedA), trigrams(normalizedB));
}

export interface NearDuplicate {
  id: number;
  similarity: number;
}

/** The numbers in a normalised text, in order ("every 4 years" and "every 5 years" differ). */
function numbersOf(normalized: string): string {
  return (normalized.match(/\d+/g) ?? []).join(' ');
}

/**
 * The most similar of `existing` (normalised texts) to `normalized`, when its
 * similarity reaches the threshold; undefined otherwise. Ties: the lowest id.
 * Texts with different numbers in them are never near-duplicates (a term of 4 years
 * and one of 5 years are two proposals), though exact duplicates still are.
 */
export function findNearDuplicate(normalized: string, existing: Iterable<{ id: number; normalized: string | null }>, threshold = NEAR_DUPLICATE_THRESHOLD): NearDuplicate | undefined {
  const mine = trigrams(normalized);
  const numbers = numbersOf(normalized);
  let best: NearDuplicate | undefined;
  for (const e of existing) {
    if (e.normalized === null) continue;
    if (e.normalized !== normalized && numbersOf(e.normalized) !== numbers) continue;
    // Jaccard <= min/max of the set sizes: skip texts whose length alone rules them out
    const other = trigrams(e.normalized);
    if (Math.min(mine.size, other.size) < threshold * Math.max(mine.size, other.size)) continue;
    const s = e.normalized === normalized ? 1 : jaccard(mine, other);
    if (s >= threshold && (!best || s > best.similarity || (s === best.similarity && e.id < best.id))) best = { id: e.id, similarity: s };
  }
  return best;
}
