// Which method counts a ranked or graded question, read from the question's "extra" as
// Belenios 2.0's forms write it: the one reading of it, for the booth (how to answer), the
// result pages and the verifier (how to count: count-outcome.ts). No counting code here, so
// that the booth can read it without downloading the counts.
//   {"type":"PreferentialVoting","blank":b,"method":"Schulze"}
//   {"type":"PreferentialVoting","blank":b,"seats":n,"method":"STV"}
//   {"type":"ScoreVoting","blank":b,"method":"MajorityJudgment","grades":[...]}
import { z } from 'zod';

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

