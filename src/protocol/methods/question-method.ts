// Which method counts a ranked or graded question, read from the question's "extra" as
// Belenios 2.0's forms write it, and the count's outcome in a few words: what `jirga
// verify` reports under each such question, and what the result pages start from.
//   {"type":"PreferentialVoting","blank":b,"method":"Schulze"}
//   {"type":"PreferentialVoting","blank":b,"seats":n,"method":"STV"}
//   {"type":"ScoreVoting","blank":b,"method":"MajorityJudgment","grades":[...]}
import { z } from 'zod';
import { majorityJudgment } from './majority-judgment.ts';
import { schulze } from './schulze.ts';
import { stvRounds } from './stv.ts';
import type { MethodBallot } from './input.ts';

/** How a question is counted, with the options its method needs (grades as the election writes them). */
export type QuestionMethod =
  | { kind: 'schulze'; blank: boolean }
  | { kind: 'stv'; seats: number }
  | { kind: 'majority-judgment'; grades: string[]; blank: boolean };

const zExtra = z.discriminatedUnion('method', [
  z.object({ method: z.literal('Schulze'), blank: z.boolean().optional() }),
  z.object({ method: z.literal('STV'), seats: z.number().int().min(1, { error: 'an STV question needs at least one seat' }) }),
  z.object({ method: z.literal('MajorityJudgment'), blank: z.boolean().optional(), grades: z.array(z.string()).min(1, { error: 'a graded question needs at least one grade' }) }),
]);

/** The method named by a non-homomorphic question's "extra", or undefined when it names none we count (Belenios then shows no count either). */
export function questionMethod(extra: unknown): QuestionMethod | undefined {
  const parsed = zExtra.safeParse(extra);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  switch (e.method) {
    case 'Schulze':
      return { kind: 'schulze', blank: e.blank ?? false };
    case 'STV':
      return { kind: 'stv', seats: e.seats };
    case 'MajorityJudgment':
      return { kind: 'majority-judgment', grades: e.grades, blank: e.blank ?? false };
  }
}

/** A count's outcome: the choices in order of the method's ranking (ties share a level), or for STV the elected ones; or why the method gave none. */
export type CountOutcome =
  | { kind: 'ranking'; method: 'schulze' | 'majority-judgment'; levels: number[][]; valid: number; blank: number; invalid: number }
  | { kind: 'elected'; seats: number; elected: number[]; quota: number; rounds: number; valid: number; invalid: number }
  | { kind: 'refused'; reason: string };

/** Count the decrypted ballots of one question by its method (the functions `jirga method` runs). */
export function countOutcome(method: QuestionMethod, nchoices: number, ballots: readonly MethodBallot[]): CountOutcome {
  try {
    switch (method.kind) {
      case 'schulze': {
        const r = schulze(ballots, { nchoices, blankAllowed: method.blank });
        return { kind: 'ranking', method: 'schulze', levels: r.winners, valid: r.valid, blank: r.blank ?? 0, invalid: 0 };
      }
      case 'majority-judgment': {
        const r = majorityJudgment(ballots, { nchoices, ngrades: method.grades.length, blankAllowed: method.blank });
        return { kind: 'ranking', method: 'majority-judgment', levels: r.winners, valid: r.valid, blank: r.blank ?? 0, invalid: r.invalid.length };
      }
      case 'stv': {
        if (ballots.some((b) => b.length !== nchoices)) throw new Error(`every ballot needs one number per choice (${nchoices})`);
        const c = stvRounds(ballots, method.seats);
        return { kind: 'elected', seats: method.seats, elected: c.winners, quota: c.quota, rounds: c.rounds.length, valid: c.valid, invalid: ballots.length - c.valid };
      }
    }
  } catch (e) {
    return { kind: 'refused', reason: e instanceof Error ? e.message : String(e) };
  }
}
