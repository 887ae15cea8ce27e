// What the counting methods read: the decrypted answers of a non-homomorphic question,
// one array of small integers per ballot (ranks for Schulze and STV, grades for
// majority judgment), as belenios-tool's `method` commands read them on standard input.
import { z } from 'zod';
import { UnusableInput } from '../../kernel/errors.ts';
import { decodeValue } from '../codec.ts';
import { parseJsonText } from '../json.ts';

/** One ballot: a whole number per choice (a rank or a grade; 0 = not ranked / blank). */
export type MethodBallot = readonly number[];

const zWholeNumber = z
  .number({ error: (i) => (i.input === undefined ? 'a number is missing' : `expected a whole number, found ${JSON.stringify(i.input)}`) })
  .refine((n) => Number.isSafeInteger(n), { error: (i) => `expected a whole number between -(2^53-1) and 2^53-1, found ${String(i.input)}` });

export const zMethodBallots = z.array(
  z.array(zWholeNumber, { error: (i) => `expected a ballot (an array of whole numbers), found ${describe(i.input)}` }),
  { error: (i) => `expected an array of ballots, each an array of whole numbers (e.g. [[1,2,3],[2,1,3]]), found ${describe(i.input)}` },
);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Read the ballots from JSON text. Numbers must be written as integers: belenios-tool
 * refuses `1.0` or `1e0` where an int is expected, and so do we (a decoded array of
 * integers holds no string, so any `.`, `e` or `E` in the text belongs to a number).
 */
export function parseMethodBallots(text: string): number[][] {
  const ballots = decodeValue(zMethodBallots, parseJsonText(text, 'the ballots'), 'the ballots');
  if (/[.eE]/.test(text)) throw new UnusableInput('the ballots: numbers must be whole numbers written without a decimal point or exponent (1, not 1.0 or 1e0)');
  // JSON.parse reads "-0" as -0: the same number as 0 for every method, written "0"
  return ballots.map((b) => b.map((x) => (x === 0 ? 0 : x)));
}

/** At most this many choices (the Schulze matrices grow with its square); Belenios's own
 * forms allow far fewer. Also the most grades. */
export const MAX_CHOICES = 1000;

/** --nchoices: 0 means "the length of the first ballot" (belenios-tool's rule). */
export function inferChoices(nchoices: number, ballots: readonly MethodBallot[]): number {
  if (!Number.isSafeInteger(nchoices) || nchoices < 0) throw new UnusableInput(`the number of choices must be a whole number ≥ 0 (0: take it from the first ballot), not ${nchoices}`);
  const n = nchoices === 0 ? (ballots[0]?.length ?? 0) : nchoices;
  if (n <= 0) throw new UnusableInput(nchoices === 0 ? 'the number of choices cannot be inferred: there is no ballot, or the first one is empty; give --nchoices' : 'invalid number of choices');
  if (n > MAX_CHOICES) throw new UnusableInput(`${n} choices: at most ${MAX_CHOICES} can be counted`);
  return n;
}

/** Every ballot must give a number to each of the n choices (belenios-tool stops otherwise). */
export function requireLength(ballots: readonly MethodBallot[], n: number): void {
  const i = ballots.findIndex((b) => b.length !== n);
  if (i >= 0) throw new UnusableInput(`ballot ${i + 1} has ${ballots[i]!.length} numbers, but there are ${n} choices: every ballot needs one number per choice`);
}
