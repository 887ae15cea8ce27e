// `jirga audit-ballot FILE`: check a ballot audit file saved from the voting page
// (Benaloh challenge): the revealed randomness must open every ciphertext to the
// choices the voter made. Exit 0 when it does, 1 when it does not, 2 if unreadable.
import { auditBallot, readBallotAudit } from '../protocol/audit.ts';
import { parseOptions, readText } from './io.ts';

export function auditBallotCommand(args: string[]): number {
  const { positionals } = parseOptions(args, {}, 1);
  const path = positionals[0];
  if (!path) {
    console.error('usage: jirga audit-ballot FILE');
    return 2;
  }
  const audit = readBallotAudit(readText(path, 'audit file'));
  const result = auditBallot(audit);
  if (!result.ok) {
    console.log(`audit failed: ${result.message}`);
    return 1;
  }
  console.log(`ballot ${result.tracker}`);
  result.choices.forEach((row, i) => console.log(`question ${i + 1}: ${JSON.stringify(row)}`));
  if (!result.matchesClaim) {
    console.log(`audit failed: the ballot encrypts ${JSON.stringify(result.choices)}, but the voter chose ${JSON.stringify(audit.choices)}`);
    return 1;
  }
  console.log('audit passed: the ballot encrypts exactly the choices made (this ballot must not be cast now)');
  return 0;
}
