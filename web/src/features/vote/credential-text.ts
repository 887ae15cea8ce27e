// A secret credential as a voter types it on a phone (spec 4.8: 15 base-58 characters,
// written XXX-XXX-XXX-XXX-XXX). Dari and Pashto keyboards give Persian digits (۱۲۳),
// an Arabic keyboard Arabic-Indic ones (١٢٣); phones put spaces, en or em dashes, or
// an invisible direction mark where the paper shows "-". All of these are read, not
// refused; what is left is checked only once the whole length is typed, and a wrong
// character is placed in its group of three, so the voter knows where to look.
import { toAsciiDigits } from '../../../../src/kernel/digits.ts';
import { isValidSecretCredential } from '../../../../src/protocol/credentials.ts';
import { BASE58_DIGITS } from '../../../../src/protocol/random.ts';

export const CREDENTIAL_LENGTH = 15;
const GROUP = 3;

export type CredentialReading =
  /** Fewer than 15 characters: still being typed (say nothing until the voter asks). */
  | { kind: 'incomplete'; length: number }
  | { kind: 'too-long'; length: number }
  /** Characters no credential has (0, O, I, l, a Persian letter…), by their group (1 to 5). */
  | { kind: 'bad-characters'; groups: number[]; characters: string[] }
  /** Every character is possible but the built-in check does not add up: one is mistyped. */
  | { kind: 'checksum' }
  /** Well formed: the forms to try, as printed (with dashes) first. */
  | { kind: 'ok'; candidates: string[] };

/** Separators and invisible marks a keyboard may put between the groups (no credential character is among them). */
const SEPARATORS = /[\p{Z}\p{P}\p{S}\p{Cf}\p{Cc}\u0640]/gu;

/** The characters of a typed credential, without separators, with ASCII digits. */
export function credentialCharacters(typed: string): string[] {
  return [...toAsciiDigits(typed.normalize('NFKC')).replace(SEPARATORS, '')];
}

export function readCredential(typed: string): CredentialReading {
  const chars = credentialCharacters(typed);
  if (chars.length < CREDENTIAL_LENGTH) return { kind: 'incomplete', length: chars.length };
  if (chars.length > CREDENTIAL_LENGTH) return { kind: 'too-long', length: chars.length };
  const groups: number[] = [];
  const characters: string[] = [];
  chars.forEach((c, i) => {
    if (BASE58_DIGITS.includes(c)) return;
    const group = Math.floor(i / GROUP) + 1;
    if (!groups.includes(group)) groups.push(group);
    if (!characters.includes(c)) characters.push(c);
  });
  if (groups.length > 0) return { kind: 'bad-characters', groups, characters };
  const raw = chars.join('');
  const dashed = Array.from({ length: CREDENTIAL_LENGTH / GROUP }, (_, g) => raw.slice(g * GROUP, g * GROUP + GROUP)).join('-');
  if (!isValidSecretCredential(dashed)) return { kind: 'checksum' };
  // the dashes are part of the secret (spec 4.8): the printed form first, then the
  // 15 characters alone, the older format some authorities hand out
  return { kind: 'ok', candidates: [dashed, raw] };
}
