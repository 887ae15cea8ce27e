// A sealed ballot that travels: the exact text of a Belenios ballot (encrypted, and signed
// with the voter's credential, so it reveals nothing and cannot be altered), wrapped so that
// it survives a messenger, an e-mail or a file copied from phone to phone. Anyone who holds
// it can submit it; the board recognises it by its tracker (the SHA-256 of the exact text),
// so a copy submitted twice counts once.
//
//   -----BEGIN JIRGA SEALED BALLOT-----
//   Election: <uuid>
//   Tracker: <tracker>
//
//   <the ballot's bytes in base64, 64 characters a line>
//   -----END JIRGA SEALED BALLOT-----
//
// Base64 because messengers re-wrap lines, trim spaces and "smarten" quotes: the tracker
// line lets the reader tell a damaged copy from a different ballot before sending it. The
// reader also takes the plain ballot JSON (what belenios-tool writes). Pure: used by the
// submit page, the booth and `jirga cast`.
import { ballotTracker } from '../protocol/ballot.ts';
import { zUuid } from '../protocol/codec.ts';

export const SEALED_BEGIN = '-----BEGIN JIRGA SEALED BALLOT-----';
export const SEALED_END = '-----END JIRGA SEALED BALLOT-----';

export interface SealedBallot {
  /** The ballot's exact text: what is sent to the board. */
  text: string;
  /** The election it was sealed for (read from the ballot itself). */
  election: string;
  /** Its tracker: the SHA-256 of `text`, as the board and the voter's receipt show it. */
  tracker: string;
}

/**
 * Why a text is not a usable sealed ballot: 'empty' (nothing given), 'not-a-ballot' (neither
 * a sealed ballot nor ballot JSON), 'damaged' (a sealed ballot whose content changed on its
 * way: its tracker no longer matches, or its base64 is broken), 'incomplete' (the end of a
 * sealed ballot is missing: part of it was not copied).
 */
export type SealedProblem = 'empty' | 'not-a-ballot' | 'damaged' | 'incomplete';
export type SealedReading = { ok: true; ballot: SealedBallot } | { ok: false; problem: SealedProblem };


/** The election a ballot's JSON names, when the text is a ballot at all (not verified: the board does that). */
function electionOf(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const ballot = value as Record<string, unknown>;
  const uuid = ballot.election_uuid;
  if (typeof uuid !== 'string' || !zUuid.safeParse(uuid).success || !('answers' in ballot) || !('credential' in ballot)) return undefined;
  return uuid;
}

/** Wraps a ballot's exact text for carrying. The text is ASCII JSON (Belenios writes nothing else). */
export function sealBallot(text: string): string {
  const election = electionOf(text);
  if (!election) throw new Error('not a ballot');
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error('a ballot is ASCII JSON');
  const body = btoa(text).replace(/(.{64})/g, '$1\n').trimEnd();
  return `${SEALED_BEGIN}\nElection: ${election}\nTracker: ${ballotTracker(text)}\n\n${body}\n${SEALED_END}\n`;
}

/** A file name for a sealed ballot: its tracker's first characters, nothing about the voter. */
export function sealedFileName(ballot: SealedBallot): string {
  return `sealed-ballot-${ballot.tracker.replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}.txt`;
}

// dashes that a messenger may have turned into en or em dashes, or shortened
const BEGIN = /-{3,}|[\u2013\u2014]+/.source;
const MARK = (word: 'begin' | 'end') => new RegExp(`(?:${BEGIN})\\s*${word}\\s+JIRGA\\s+SEALED\\s+BALLOT\\s*(?:${BEGIN})`, 'i');

/** Reads a sealed ballot (as `sealBallot` writes it, however re-wrapped) or plain ballot JSON. */
export function readSealedBallot(input: string): SealedReading {
  const given = input.replace(/^\uFEFF/, '').trim();
  if (given === '') return { ok: false, problem: 'empty' };
  const begin = MARK('begin').exec(given);
  if (!begin) {
    const election = electionOf(given);
    return election ? { ok: true, ballot: { text: given, election, tracker: ballotTracker(given) } } : { ok: false, problem: 'not-a-ballot' };
  }
  const rest = given.slice(begin.index + begin[0].length);
  const end = MARK('end').exec(rest);
  if (!end) return { ok: false, problem: 'incomplete' };
  const inside = rest.slice(0, end.index);
  const tracker = /Tracker:\s*([A-Za-z0-9+/=_-]+)/i.exec(inside)?.[1];
  // the body: every line that is not a header, without any white space a messenger added
  const body = inside
    .split(/\r?\n/)
    .filter((line) => !/^\s*(Election|Tracker)\s*:/i.test(line))
    .join('')
    .replace(/\s+/g, '');
  let text: string;
  try {
    text = atob(body);
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  const election = electionOf(text);
  if (!election) return { ok: false, problem: 'damaged' };
  const actual = ballotTracker(text);
  if (tracker !== undefined && tracker !== actual) return { ok: false, problem: 'damaged' };
  return { ok: true, ballot: { text, election, tracker: actual } };
}
