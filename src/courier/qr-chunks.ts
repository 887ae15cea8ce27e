// A sealed ballot as a short sequence of QR codes, for when only a photo crosses a border.
// Each code carries a slice of the ballot's exact text after a small header:
//
//   JB1 03/09 AbCdEfGh xYzAbC <the slice>
//
// "JB1" names the format (a Jirga ballot, version 1); 03/09 is which part of how many;
// AbCdEfGh is the ballot's tracker's first 8 characters (parts of two different ballots
// are told apart before anything is put together); xYzAbC is the first 6 characters of
// the SHA-256 (Base64Compact) of everything before it and the slice, so a part damaged
// or edited on its way is named as such, by its number. The whole, put together, must
// have the tracker the parts announce.
//
// A Belenios ballot is mostly long decimal numbers: they go in QR "numeric" segments
// (10 bits for 3 digits instead of 24), the rest in "byte" segments. A reader that
// returns the code's bytes (jsQR's binaryData) gets the exact text back.
//
// Every code is QR version 16 (81 × 81 modules) at error correction level M. Larger codes
// hold more but are read less reliably from a photo (bench/qr-readability.bench.ts: codes
// shown in Chromium, blurred, tilted as a camera sees them, saved as JPEG, read by jsQR;
// 42 photos per line, two runs). At 400 px wide, version 16 was read 39 and 41 times,
// version 20 19 and 21 times, version 25 15 times; at 500 and 600 px the figures vary
// (version 16: 18 to 42, version 20: 32 to 37, version 25: 6 to 28). Flat screenshots were
// read at every version. A ballot of the demo's size (two questions, ~11.8 KB) needs 14
// codes (9 or 10 at version 20). Pure: the booth draws the codes, the submit page reads
// them (web/src/features/vote/carry-qr.tsx, web/src/features/courier/qr-photos.ts).
import { ballotTracker } from '../protocol/ballot.ts';
import { sha256B64 } from '../protocol/hash.ts';
import { readSealedBallot, type SealedBallot } from './sealed-ballot.ts';

/** The QR version (size) of every code: 81 × 81 modules. */
export const QR_VERSION = 16;
/** The error correction level: M restores up to about 15% of a code's damaged modules. */
export const QR_ERROR_CORRECTION = 'M';
/** Data codewords of a version 16 code at level M (ISO/IEC 18004, table 9): 733 codewords, 280 of them for error correction. */
export const QR_DATA_BITS = 453 * 8;
/** At most 99 parts: the header writes each number with two digits. */
export const MAX_QR_PARTS = 99;

const FORMAT = 'JB1';
const ID_LENGTH = 8;
const CHECK_LENGTH = 6;
/** Digit runs at least this long go in a numeric segment (a shorter one costs more than it saves). */
const MIN_NUMERIC_RUN = 8;

export type QrMode = 'Numeric' | 'Byte';
/** A segment of a QR code: its mode and its characters. */
export interface QrSegment {
  mode: QrMode;
  data: string;
}

// bits of a segment of a version 10 to 26 code (ISO/IEC 18004, 7.4): mode indicator,
// character count, then 10 bits per 3 digits (4 or 7 for the rest) or 8 bits per byte
const COUNT_BITS: Record<QrMode, number> = { Numeric: 12, Byte: 16 };
const dataBits = (mode: QrMode, n: number): number => (mode === 'Byte' ? 8 * n : Math.floor(n / 3) * 10 + [0, 4, 7][n % 3]!);
export const segmentBits = (s: QrSegment): number => 4 + COUNT_BITS[s.mode] + dataBits(s.mode, s.data.length);

/** The ballot's text cut into runs: long digit runs numeric, everything else bytes. */
function runs(text: string): QrSegment[] {
  const out: QrSegment[] = [];
  const re = new RegExp(`[0-9]{${MIN_NUMERIC_RUN},}`, 'g');
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > at) out.push({ mode: 'Byte', data: text.slice(at, m.index) });
    out.push({ mode: 'Numeric', data: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ mode: 'Byte', data: text.slice(at) });
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');
const headOf = (index: number, total: number, id: string) => `${FORMAT} ${two(index)}/${two(total)} ${id} `;
const checkOf = (head: string, content: string) => sha256B64(head + content).slice(0, CHECK_LENGTH);
const HEADER_LENGTH = headOf(1, 1, 'x'.repeat(ID_LENGTH)).length + CHECK_LENGTH + 1;

/**
 * The QR codes of a ballot (its exact text, ASCII JSON), in order: each code's segments,
 * for a QR encoder at QR_VERSION and QR_ERROR_CORRECTION. Throws a RangeError when more
 * than MAX_QR_PARTS codes would be needed.
 */
export function qrPayloads(text: string): QrSegment[][] {
  if (!/^[\x20-\x7e]+$/.test(text)) throw new Error('a ballot is ASCII JSON');
  const pending = runs(text);
  const slices: QrSegment[][] = [];
  while (pending.length > 0) {
    // the header opens each code's first byte segment; its bits are counted here
    const slice: QrSegment[] = [];
    let used = 4 + COUNT_BITS.Byte + 8 * HEADER_LENGTH;
    let bytesOpen = true; // the last segment is a byte segment that further bytes can extend
    while (pending.length > 0) {
      const next = pending[0]!;
      const room = QR_DATA_BITS - used;
      const extend = next.mode === 'Byte' && bytesOpen;
      const fixed = extend ? 0 : 4 + COUNT_BITS[next.mode];
      // the most characters of this run that fit
      let take = next.data.length;
      while (take > 0 && fixed + dataBits(next.mode, take) > room) take--;
      if (take === 0) break;
      const piece = next.data.slice(0, take);
      const last = slice[slice.length - 1];
      if (extend && last) last.data += piece;
      else slice.push({ mode: next.mode, data: piece });
      used += fixed + dataBits(next.mode, take);
      bytesOpen = next.mode === 'Byte';
      if (take === next.data.length) pending.shift();
      else {
        pending[0] = { mode: next.mode, data: next.data.slice(take) };
        break;
      }
    }
    slices.push(slice);
  }
  const total = slices.length;
  if (total > MAX_QR_PARTS) throw new RangeError(`${total} QR codes: more than ${MAX_QR_PARTS}`);
  const id = ballotTracker(text).slice(0, ID_LENGTH);
  return slices.map((slice, i) => {
    const head = headOf(i + 1, total, id);
    const header = `${head}${checkOf(head, slice.map((s) => s.data).join(''))} `;
    const first = slice[0];
    return first?.mode === 'Byte' ? [{ mode: 'Byte', data: header + first.data }, ...slice.slice(1)] : [{ mode: 'Byte', data: header }, ...slice];
  });
}

/** One code's characters, as a reader returns them (the segments joined). */
export const qrText = (segments: readonly QrSegment[]): string => segments.map((s) => s.data).join('');

/** A part read from one code. */
export interface QrPart {
  /** Which part, from 1. */
  index: number;
  /** Of how many. */
  total: number;
  /** The first characters of the whole ballot's tracker: the same in every part of one ballot. */
  ballot: string;
  /** Its slice of the ballot's text. */
  content: string;
}

/**
 * What one code says: a part of a sealed ballot, or 'not-a-part' (another QR code: a web
 * address, a payment...) or 'damaged' (a part whose check fails: changed on its way).
 */
export type QrPartReading = { ok: true; part: QrPart } | { ok: false; problem: 'not-a-part' | 'damaged' };

const PART = new RegExp(`^${FORMAT} (\\d{2})/(\\d{2}) ([A-Za-z0-9+/]{${ID_LENGTH}}) ([A-Za-z0-9+/]{${CHECK_LENGTH}}) `);

export function readQrPart(text: string): QrPartReading {
  if (!text.startsWith(`${FORMAT} `)) return { ok: false, problem: 'not-a-part' };
  const m = PART.exec(text);
  if (!m) return { ok: false, problem: 'damaged' };
  const index = Number(m[1]);
  const total = Number(m[2]);
  const content = text.slice(m[0].length);
  if (index < 1 || index > total || content === '') return { ok: false, problem: 'damaged' };
  if (checkOf(headOf(index, total, m[3]!), content) !== m[4]) return { ok: false, problem: 'damaged' };
  return { ok: true, part: { index, total, ballot: m[3]!, content } };
}

/**
 * What a set of parts (in any order, with duplicates) makes:
 * - the sealed ballot, when every part of one ballot is there and the whole has the tracker they announce;
 * - 'empty': no part;
 * - 'missing': the parts of one ballot, some not yet read (`read` and `missing` are part numbers, from 1);
 * - 'mixed': parts of more than one ballot (`ballots`: how many parts of each were read, the most first);
 * - 'damaged': parts that contradict each other (two different parts with one number, two
 *   different counts), or a whole that is not the ballot they announce.
 */
export type QrAssembly =
  | { ok: true; ballot: SealedBallot }
  | { ok: false; problem: 'empty' }
  | { ok: false; problem: 'missing'; total: number; read: number[]; missing: number[] }
  | { ok: false; problem: 'mixed'; ballots: { ballot: string; parts: number }[] }
  | { ok: false; problem: 'damaged' };

export function assembleQrParts(parts: readonly QrPart[]): QrAssembly {
  if (parts.length === 0) return { ok: false, problem: 'empty' };
  const byBallot = new Map<string, Set<number>>();
  for (const p of parts) {
    const seen = byBallot.get(p.ballot) ?? new Set<number>();
    seen.add(p.index);
    byBallot.set(p.ballot, seen);
  }
  if (byBallot.size > 1) {
    const ballots = [...byBallot].map(([ballot, seen]) => ({ ballot, parts: seen.size })).sort((a, b) => b.parts - a.parts || a.ballot.localeCompare(b.ballot));
    return { ok: false, problem: 'mixed', ballots };
  }
  const total = parts[0]!.total;
  const slices = new Map<number, string>();
  for (const p of parts) {
    if (p.total !== total) return { ok: false, problem: 'damaged' };
    const known = slices.get(p.index);
    if (known !== undefined && known !== p.content) return { ok: false, problem: 'damaged' };
    slices.set(p.index, p.content);
  }
  const numbers = Array.from({ length: total }, (_, i) => i + 1);
  const missing = numbers.filter((n) => !slices.has(n));
  if (missing.length > 0) return { ok: false, problem: 'missing', total, read: numbers.filter((n) => slices.has(n)), missing };
  const text = numbers.map((n) => slices.get(n)!).join('');
  const read = readSealedBallot(text);
  // the whole must be a ballot (plain JSON, not a sealed block) with the tracker the parts announce
  if (!read.ok || read.ballot.text !== text || !read.ballot.tracker.startsWith(parts[0]!.ballot)) return { ok: false, problem: 'damaged' };
  return { ok: true, ballot: read.ballot };
}

/** Part numbers as short ranges: [2, 5, 6, 7] → "2, 5–7" (each number written by `write`, joined by `comma`). */
export function partRanges(numbers: readonly number[], write: (n: number) => string = String, comma = ', '): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const [a, b] = [write(sorted[i]!), write(sorted[j]!)];
    out.push(j === i ? a : j === i + 1 ? `${a}${comma}${b}` : `${a}–${b}`);
    i = j + 1;
  }
  return out.join(comma);
}
