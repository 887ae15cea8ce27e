// Cast-as-intended audit (Benaloh challenge): before casting, a voter may ask the
// device to reveal the randomness of a prepared ballot. Anyone can then check,
// independently of the code that made it, that each ciphertext is
// (g^r, y^r g^m) with m in {0, 1} (or, for a ranked or graded question, the
// encryption (g^r, y^r xi) of an embedded vector), and read the choices back. The audited ballot
// must then be thrown away: its secrecy is gone. Belenios lacks this; Helios and
// ElectionGuard have it.
import { decodeVector, encodeVector } from './answers-nh.ts';
import { checkBallot, choicesOf } from './ballot.ts';
import { decodeText, isAnswerH, isHomomorphic } from './codec.ts';
import { loadElection } from './election.ts';
import { z } from 'zod';

export const zBallotAudit = z.object({
  jirga: z.literal('ballot-audit'),
  version: z.literal(1),
  election: z.string(),
  ballot: z.string(),
  randomness: z.array(z.array(z.string().regex(/^\d+$/))),
  choices: z.array(z.array(z.number().int())),
});
export type BallotAudit = z.infer<typeof zBallotAudit>;

export type AuditResult =
  | { ok: true; choices: number[][]; matchesClaim: boolean; tracker: string }
  | { ok: false; message: string };

export function auditBallot(audit: BallotAudit): AuditResult {
  const ctx = loadElection(audit.election);
  const check = checkBallot(ctx, audit.ballot);
  if (!check.ok) return { ok: false, message: `the ballot itself does not verify: ${check.message}` };
  const { group } = ctx;
  const choices: number[][] = [];
  const answers = check.ballot.answers;
  if (audit.randomness.length !== answers.length) return { ok: false, message: 'the randomness does not match the ballot (number of questions)' };
  for (let i = 0; i < answers.length; i++) {
    const q = ctx.election.questions[i]!;
    const a = answers[i]!;
    const rs = audit.randomness[i]!;
    if (!isHomomorphic(q) || !isAnswerH(a)) {
      // one ciphertext of the embedded vector: beta / y^r is the encoding, read back
      const c = choicesOf(a)[0]!;
      if (rs.length !== 1) return { ok: false, message: `question ${i + 1}: the randomness does not match the ballot` };
      const r = BigInt(rs[0]!);
      if (group.powG(r) !== c.alpha) return { ok: false, message: `question ${i + 1}: alpha is not g^r for the revealed r` };
      const encoded = group.div(c.beta, ctx.powY(r));
      const values = decodeVector(group, isHomomorphic(q) ? 0 : q.value.answers.length, encoded);
      if (encodeVector(group, values) !== encoded) return { ok: false, message: `question ${i + 1}: the ciphertext does not encrypt a vector of small integers` };
      choices.push(values);
      continue;
    }
    const cs = a.choices;
    if (rs.length !== cs.length) return { ok: false, message: `question ${i + 1}: the randomness does not match the ballot` };
    const row: number[] = [];
    for (let j = 0; j < cs.length; j++) {
      const r = BigInt(rs[j]!);
      if (group.powG(r) !== cs[j]!.alpha) return { ok: false, message: `question ${i + 1}, value ${j + 1}: alpha is not g^r for the revealed r` };
      const yr = ctx.powY(r);
      if (cs[j]!.beta === yr) row.push(0);
      else if (cs[j]!.beta === group.mul(yr, group.g)) row.push(1);
      else return { ok: false, message: `question ${i + 1}, value ${j + 1}: the ciphertext encrypts neither 0 nor 1` };
    }
    choices.push(row);
  }
  const matchesClaim = JSON.stringify(choices) === JSON.stringify(audit.choices);
  return { ok: true, choices, matchesClaim, tracker: check.tracker };
}

export function readBallotAudit(text: string): BallotAudit {
  return decodeText(zBallotAudit, text, 'ballot audit file');
}
