// The count of a ranked or graded question in a few words (who is elected, or the order
// found): what `jirga verify` and the browser verifier report under each such question.
import { majorityJudgment } from './majority-judgment.ts';
import { schulze } from './schulze.ts';
import { stvRounds } from './stv.ts';
import type { MethodBallot } from './input.ts';
import type { QuestionMethod } from './question-method.ts';

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
