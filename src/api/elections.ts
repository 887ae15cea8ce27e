// Conventions and elections: what anyone may read (elections, their election.json,
// ballot box and archive), casting a ballot, and the organiser's life of an election
// (draft, setup, open, close).
import { z } from 'zod';
import { bytes, endpoint, file, named, zCreated, zElectionText, zIdParams, zOk, zTexts, zUuidParams } from './contract.ts';
import { zConventionInput, zElectionDraft, zSetupRequest } from './election-draft.ts';
import { ELECTION_STATES } from './election-state.ts';
import { zTranslations } from '../kernel/texts.ts';
import { INVITATION_ROLES, zLinkLifetimeDays } from './setup.ts';
import { zCompositionReport, zDimension } from './inclusion-answers.ts';

export const zElectionState = z.enum(ELECTION_STATES);

/** One extension of the voting time, public (issue 17: schedules that bend with the network). */
export const zScheduleChange = z.strictObject({
  /** When the organiser made the change (ISO 8601). */
  at: z.string(),
  /** The closing time before the change. */
  from: z.string(),
  /** The new closing time. */
  to: z.string(),
  /** Why, in one to three languages. */
  reason: zTexts,
});

/** The organiser extends voting: a later closing time, in the future, and why. */
export const zExtendVotingRequest = z.strictObject({
  closesAt: z.iso.datetime({ offset: true, error: 'expected a date and time such as 2026-12-01T08:00:00Z' }),
  reason: zTranslations,
});
export type ExtendVotingRequest = z.infer<typeof zExtendVotingRequest>;

/** How a ranked or graded question is counted (read from its "extra" in election.json, as Belenios writes it). */
export const zNhMethod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('schulze'), blank: z.boolean() }),
  z.strictObject({ kind: z.literal('stv'), seats: z.number() }),
  z.strictObject({ kind: z.literal('majority-judgment'), grades: z.array(zElectionText), blank: z.boolean() }),
]);

export const zNhQuestionView = z.strictObject({
  /** Its place among all the election's questions (0 first). */
  position: z.number(),
  question: zElectionText,
  answers: z.array(zElectionText),
  /** null when its "extra" names no method Jirga counts. */
  method: zNhMethod.nullable(),
  /** Published elections: one decrypted ranking (1 first, 0 unranked) or grading (1 best) per counted ballot, in the shuffled order; null before. */
  ballots: z.array(z.array(z.number())).nullable(),
});
export type NhQuestionView = z.infer<typeof zNhQuestionView>;

export const zElectionView = z.strictObject({
  uuid: z.string(),
  conventionId: z.string(),
  state: zElectionState,
  name: zElectionText,
  description: zElectionText,
  /** The questions answered by choosing: `result` gives their totals, in this order. */
  questions: z.array(z.strictObject({ question: zElectionText, answers: z.array(zElectionText), min: z.number(), max: z.number(), blank: z.boolean() })),
  /** The ranked and graded questions (Belenios's non-homomorphic questions, counted after verifiable shuffles). */
  nhQuestions: z.array(zNhQuestionView),
  /** The shuffles of the ranked and graded answers, in board order: who made each (0: the server, else the trustee's number) and its fingerprint (the hash of the shuffle). */
  shuffles: z.array(z.strictObject({ trustee: z.number(), fingerprint: z.string() })),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  /** Every extension of the voting time, oldest first (empty when the schedule never changed). */
  scheduleChanges: z.array(zScheduleChange),
  trustees: z.strictObject({ count: z.number(), threshold: z.number().nullable() }),
  /** The election fingerprint (once frozen). */
  fingerprint: z.string().nullable(),
  credentialsFingerprint: z.string().nullable(),
  counts: z.strictObject({ ballots: z.number(), voters: z.number(), credentials: z.number() }),
  /** Totals of the election's own questions, as decimal text (published elections). */
  result: z.array(z.array(z.string())).nullable(),
  selfDescription: z.array(zDimension),
  composition: zCompositionReport.nullable(),
  /** Only on the open election of the demo the server seeded itself: its sample voters' credentials, for visitors to try the booth. */
  demoCredentials: z.array(z.string()).optional(),
});

export const zConventionView = z.strictObject({ id: z.string(), title: zTexts, description: zTexts, elections: z.array(zElectionView) });

export const zElectionSummary = z.strictObject({ uuid: z.string(), name: z.string(), state: zElectionState });

/** A draft as stored (the parsed zElectionDraft). */
export const zElectionDraftView = z.strictObject({
  name: zTexts,
  description: zTexts,
  questions: z.array(
    z.union([
      z.strictObject({ kind: z.literal('choose').optional(), question: zTexts, answers: z.array(zTexts), min: z.number(), max: z.number(), blank: z.boolean() }),
      z.strictObject({ kind: z.literal('ranked'), method: z.enum(['schulze', 'stv']), question: zTexts, answers: z.array(zTexts), seats: z.number().optional(), blank: z.boolean(), candidates: z.array(z.record(z.string(), z.string())).optional() }),
      z.strictObject({ kind: z.literal('graded'), question: zTexts, answers: z.array(zTexts), grades: z.array(zTexts), blank: z.boolean() }),
    ]),
  ),
  selfDescription: z.array(zDimension).optional(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  trustees: z.strictObject({ count: z.number(), threshold: z.number().nullable() }),
});

/** What happened to the links and the credential list during setup (no tokens). */
export const SETUP_EVENTS = ['link-reissued', 'credentials-sent', 'credentials-replacement-allowed', 'credentials-replaced', 'shuffle-skipped'] as const;
export const zSetupEvent = z.strictObject({
  at: z.string(),
  event: z.enum(SETUP_EVENTS),
  role: z.enum(INVITATION_ROLES).nullable(),
  /** The trustee's number (link-reissued for a trustee, shuffle-skipped). */
  trustee: z.number().nullable(),
  /** The credential list's fingerprint (credentials-sent, credentials-replaced: the new one). */
  fingerprint: z.string().nullable(),
  /** The list replaced (credentials-replaced) or allowed to be replaced (credentials-replacement-allowed). */
  previousFingerprint: z.string().nullable(),
});

export const zSetupProgress = z.strictObject({
  trustees: z.array(
    z.strictObject({
      index: z.number(),
      opened: z.boolean(),
      key: z.boolean(),
      certificate: z.boolean(),
      polynomial: z.boolean(),
      voutput: z.boolean(),
      /** When the trustee's valid link expires (ISO 8601); null when every link was revoked or has expired. */
      linkExpiresAt: z.string().nullable(),
    }),
  ),
  credentialAuthority: z.strictObject({
    opened: z.boolean(),
    uploaded: z.boolean(),
    /** The organiser allowed the list to be replaced, and no new list has arrived yet. */
    replacementAllowed: z.boolean(),
    linkExpiresAt: z.string().nullable(),
  }),
  decryptions: z.number(),
  /** Ranked and graded answers being shuffled: the trustee whose turn it is (null otherwise). */
  shuffleTurn: z.number().nullable(),
  history: z.array(zSetupEvent),
});

export const zOrganiserElectionView = zElectionView.extend({
  draft: zElectionDraftView,
  setup: zSetupProgress,
  /** The organiser asked to close it and the close is still going on (a job of the queue): the page says "closing" and looks again. */
  closing: z.boolean(),
  /** The attempts to close it (asked or scheduled) that failed, while the close is still to be done: the server tries again; null when none failed. */
  closeFailures: z.object({ attempts: z.number().int().min(1), lastFailedAt: z.string() }).nullable(),
});

/** "Close now", done: the election's state after its close. */
export const zClosed = z.strictObject({ state: z.enum(['closed', 'tallied', 'published']) });
/** "Close now", accepted and still going on: look at the election until it is no longer open. */
export const zClosing = z.strictObject({ state: z.literal('closing') });

/** The trustee to skip: the one whose turn it is to shuffle. */
export const zSkipShufflerRequest = z.strictObject({ trustee: z.number().int().min(1, { error: 'trustees are numbered from 1' }) });

/** The one-time links of the credential authority and the trustees (shown once). */
export const zInvitations = z.strictObject({
  credentialAuthority: z.string(),
  trustees: z.array(z.string()),
  /** When the links stop working (ISO 8601). */
  expiresAt: z.string(),
});

/** Revoke the valid link of one person and make a new one (shown once). */
export const zReissueLinkRequest = z.strictObject({
  role: z.enum(INVITATION_ROLES),
  /** The trustee's number (role trustee only). */
  trustee: z.number().int().min(1).max(1000).optional(),
  lifetimeDays: zLinkLifetimeDays.optional(),
});
export const zReissuedLink = z.strictObject({
  role: z.enum(INVITATION_ROLES),
  trustee: z.number().nullable(),
  /** The new link's token (shown only now). */
  token: z.string(),
  expiresAt: z.string(),
  /** How many links of this person were revoked. */
  revoked: z.number(),
});

export const zBallotBoxEntry = z.strictObject({ tracker: z.string(), counted: z.boolean() });
export const zCastResult = z.strictObject({
  tracker: z.string(),
  replaced: z.boolean(),
  /** This exact ballot was already on the board (a retry after a lost reply): nothing was added, it counts once. */
  alreadyRecorded: z.boolean(),
  /** Relay mode: this server does not hold the election; it keeps the ballot and forwards it to the primary's ballot box. */
  relayed: z.literal(true).optional(),
  /** The board event that holds the ballot: height and hash (committing to the history before it) — the voter's receipt. Absent from a relay. */
  event: z.strictObject({ height: z.number(), hash: z.string() }).optional(),
});

/** A ballot a relay took: waiting to be forwarded, forwarded (the primary's ballot box has it), or refused by the primary. */
export const zRelayStatus = z.strictObject({
  tracker: z.string(),
  election: z.string(),
  state: z.enum(['waiting', 'forwarded', 'refused']),
  attempts: z.number(),
  lastError: z.string().nullable(),
});

/** A whole number in a query, written in digits (0-9) and nothing else: z.coerce alone read
 * "after=" as 0 (a page from the start's second event on, the Setup event's records left
 * out) and " 5", "1e3" or "0x10" as numbers. */
const wholeNumberParam = (error: { error: string }, min: number, max: number) =>
  z.string(error).regex(/^[0-9]{1,16}$/, error).transform(Number).pipe(z.number(error).int(error).min(min, error).max(max, error));

/** How far a mirror has read the board: the height of the last event it holds (none: from the start), and how many events at most. */
export const MAX_BOARD_PAGE_EVENTS = 1000;
const pageLimitError = { error: `limit: a whole number of events from 1 to ${MAX_BOARD_PAGE_EVENTS}` };
export const zBoardPageQuery = named(
  z
    .object({
      after: wholeNumberParam({ error: 'after: the height of the last event you hold (a whole number from 0)' }, 0, Number.MAX_SAFE_INTEGER).optional(),
      limit: wholeNumberParam(pageLimitError, 1, MAX_BOARD_PAGE_EVENTS).optional(),
    })
    .strict(),
  'query',
);
/** One record of the archive, its text exactly as the .bel file holds it (the tar entry <hash>.<kind>.json). */
export const zBoardRecord = z.strictObject({ kind: z.enum(['data', 'event']), hash: z.string(), text: z.string() });
/** The last event of the board: its height and hash (the hash commits to the whole history before it). */
export const zBoardHead = z.strictObject({ height: z.number(), hash: z.string() });
/** A page of the board after a height: the records of the next events (each event after the data it brings), and the head. */
export const zBoardPage = z.strictObject({
  /** The archive's timestamp (unix seconds, as text), written in every tar header. */
  timestamp: z.string(),
  head: zBoardHead,
  /** The records after the event at height `after` (all of them when `after` is absent), ending with an event. */
  records: z.array(zBoardRecord),
  /** The height of the last event of this page (the next page's `after`); `after` itself when the page is empty. */
  through: z.number().nullable(),
  /** More events follow this page. */
  more: z.boolean(),
});

/** Entries of the ballot box a page, at most and by default. */
export const MAX_BALLOT_BOX_PAGE = 1000;
/** The largest cursor (a record's position in the board). */
const MAX_CURSOR = 2 ** 31 - 1;
const boxLimitError = { error: `limit: a whole number of ballots from 1 to ${MAX_BALLOT_BOX_PAGE}` };
const cursorError = { error: 'after: the cursor of the last ballot you hold, as the Link header of the previous page gives it (a whole number from 0)' };
/** A page of the ballot box: the ballots after the cursor `after` (from the first without it), at most `limit`. */
export const zBallotBoxPageQuery = named(
  z
    .object({
      after: wholeNumberParam(cursorError, 0, MAX_CURSOR).optional(),
      limit: wholeNumberParam(boxLimitError, 1, MAX_BALLOT_BOX_PAGE).optional(),
    })
    .strict(),
  'query',
);

/** The Link header to the ballot box's next page, as the server and a mirror (jirga mirror --serve) give it. */
export const ballotBoxLink = (uuid: string, after: number, limit: number) => `</api/elections/${encodeURIComponent(uuid)}/ballots?after=${after}&limit=${limit}>; rel="next"`;

/** The strong ETag of what a board holds at one height (its last event's hash commits to every
 * record before it): the archive's (`what` empty) or the whole box's (`what` = 'ballots-'). The
 * server and a mirror give the same for the same height, so caches can keep either's copy. */
export const boardETag = (uuid: string, what: '' | 'ballots-', height: number, hash: string) => `"${uuid}-${what}${height}-${hash}"`;

/** Whether an If-None-Match header names `etag` or is "*" (weak comparison, RFC 9110 13.1.2: W/ ignored). */
export function etagHeld(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const tag = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const candidate = t.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === tag;
  });
}

/** The ballot, Belenios JSON kept as the exact text received: its hash is the tracker. */
export const zBallotText = z.unknown().meta({ description: 'a Belenios ballot (JSON), sent as text (application/json or text/plain) and kept byte for byte' });

const zConventionBody = named(zConventionInput, 'convention');
const zElectionBody = named(zElectionDraft, 'election');

const tag = 'elections';

export const electionsApi = {
  elections: endpoint({ method: 'GET', path: '/elections', tag, summary: 'Elections that are not drafts', response: z.array(zElectionSummary) }),
  conventions: endpoint({ method: 'GET', path: '/conventions', tag, summary: 'Conventions and their elections (no drafts)', response: z.array(zConventionView) }),
  convention: endpoint({ method: 'GET', path: '/conventions/:id', tag, summary: 'A convention and its elections (no drafts)', params: zIdParams, response: zConventionView }),
  election: endpoint({ method: 'GET', path: '/elections/:uuid', tag, summary: 'An election: texts, schedule, counts, result', params: zUuidParams, response: zElectionView }),
  electionJson: endpoint({
    method: 'GET',
    path: '/elections/:uuid/election.json',
    tag,
    summary: 'The frozen election.json, byte for byte',
    params: zUuidParams,
    response: file('application/json', 'election.json as the server froze it (Belenios spec 4.10)', z.unknown()),
  }),
  credentialDigests: endpoint({
    method: 'GET',
    path: '/elections/:uuid/credential-digests.json',
    tag,
    summary: 'The public credentials in short: the first 9 bytes of SHA-256 of each, Base64Compact, sorted (what the booth downloads to check a typed credential; recomputable from the archive)',
    params: zUuidParams,
    response: z.array(z.string()),
  }),
  archive: endpoint({
    method: 'GET',
    path: '/elections/:uuid/archive.bel',
    tag,
    summary: 'The public archive (.bel) of the election, as it stands: streamed from the board, its length announced, with a strong ETag naming the board height ("<uuid>-<height>-<last event hash>"), so a cache or mirror holding that height gets 304',
    params: zUuidParams,
    response: bytes('application/x-tar', 'the Belenios archive'),
    revalidates: true,
  }),
  feed: endpoint({
    method: 'GET',
    path: '/elections/:uuid/feed.atom',
    tag,
    summary: "The election's schedule changes (extensions of the voting time and why, in every language given) as an Atom feed",
    params: zUuidParams,
    response: file('application/atom+xml', 'an Atom feed'),
  }),
  records: endpoint({
    method: 'GET',
    path: '/elections/:uuid/records',
    tag,
    summary: `The board's records after the event at height "after" (from the start without it), exactly as the archive holds them, with the board's head: at most "limit" events (${MAX_BOARD_PAGE_EVENTS} and by default) a page, for mirrors that pull incrementally`,
    params: zUuidParams,
    query: zBoardPageQuery,
    response: zBoardPage,
  }),
  ballotBox: endpoint({
    method: 'GET',
    path: '/elections/:uuid/ballots',
    tag,
    summary: `The ballot box a page at a time, in casting order: each tracker, and whether it counts (a later ballot of the same credential replaces it). At most "limit" ballots (${MAX_BALLOT_BOX_PAGE} and by default) after the cursor "after"; the header x-total-count says how many ballots the box holds, x-board-height at which height it was read, and Link (rel="next") gives the next page while there is one. A cursor stays valid: later ballots only ever come after it`,
    params: zUuidParams,
    query: zBallotBoxPageQuery,
    response: z.array(zBallotBoxEntry),
  }),
  ballotBoxFile: endpoint({
    method: 'GET',
    path: '/elections/:uuid/ballots.json',
    tag,
    summary: 'The whole ballot box in one file, streamed: the JSON array of every page, in order, as the board stands when the download starts; with a strong ETag per board height',
    params: zUuidParams,
    response: file('application/json', 'every tracker cast, in casting order, and whether it counts', z.array(zBallotBoxEntry)),
    revalidates: true,
  }),
  ballot: endpoint({
    method: 'GET',
    path: '/elections/:uuid/ballot',
    tag,
    summary: 'Find a ballot by its tracker',
    params: zUuidParams,
    query: named(z.object({ tracker: z.string().optional() }), 'query'),
    response: zBallotBoxEntry,
  }),
  cast: endpoint({ method: 'POST', path: '/elections/:uuid/ballots', tag, summary: 'Cast a ballot (checked like an observer would, then appended to the board; in relay mode, kept and forwarded to the primary)', params: zUuidParams, body: zBallotText, response: zCastResult }),
  relayStatus: endpoint({ method: 'GET', path: '/relay/ballots', tag, summary: 'Relay mode: where a ballot handed to this relay stands', query: z.strictObject({ tracker: z.string().min(1).max(100) }), response: zRelayStatus }),

  organiserConventions: endpoint({ method: 'GET', path: '/organiser/conventions', tag, summary: 'Conventions with their drafts', response: z.array(zConventionView) }),
  createConvention: endpoint({ method: 'POST', path: '/organiser/conventions', tag, summary: 'Create a convention', body: zConventionBody, response: zCreated }),
  createElection: endpoint({
    method: 'POST',
    path: '/organiser/conventions/:id/elections',
    tag,
    summary: 'Create an election draft in a convention',
    params: zIdParams,
    body: zElectionBody,
    response: z.strictObject({ uuid: z.string() }),
  }),
  organiserElection: endpoint({ method: 'GET', path: '/organiser/elections/:uuid', tag, summary: 'An election with its draft and setup progress', params: zUuidParams, response: zOrganiserElectionView }),
  updateDraft: endpoint({ method: 'PUT', path: '/organiser/elections/:uuid/draft', tag, summary: 'Replace the draft (drafts only)', params: zUuidParams, body: zElectionBody, response: zOk }),
  startSetup: endpoint({
    method: 'POST',
    path: '/organiser/elections/:uuid/setup',
    tag,
    summary: 'Freeze the texts and invite the credential authority and trustees (refused with missing-translations when a text is not in all three languages, unless allowMissingTranslations)',
    params: zUuidParams,
    body: named(zSetupRequest, 'setup request'),
    response: zInvitations,
  }),
  open: endpoint({ method: 'POST', path: '/organiser/elections/:uuid/open', tag, summary: 'Open the vote (once keys and credentials are in)', params: zUuidParams, response: zOk }),
  reissueLink: endpoint({
    method: 'POST',
    path: '/organiser/elections/:uuid/links',
    tag,
    summary: "Revoke the link of a trustee or of the credential authority and issue a new one (shown once); the steps already done stay done",
    params: zUuidParams,
    body: named(zReissueLinkRequest, 'link request'),
    response: zReissuedLink,
  }),
  allowCredentialReplacement: endpoint({
    method: 'POST',
    path: '/organiser/elections/:uuid/credentials/allow-replacement',
    tag,
    summary: 'Allow the credential authority to send one new list of public credentials in place of the one received (during setup; recorded in the setup history)',
    params: zUuidParams,
    response: z.strictObject({ previousFingerprint: z.string() }),
  }),
  extendVoting: endpoint({
    method: 'POST',
    path: '/organiser/elections/:uuid/extend',
    tag,
    summary:
      'Extend voting (open elections with a closing time): a later closing time, in the future, and the reason in one to three languages; kept for good and shown on the election page and in its feed',
    params: zUuidParams,
    body: named(zExtendVotingRequest, 'extension'),
    response: zScheduleChange,
  }),
  skipShuffler: endpoint({
    method: 'POST',
    path: '/organiser/elections/:uuid/shuffles/skip',
    tag,
    summary: 'Skip the trustee whose turn it is to shuffle the ranked and graded answers (409 for another trustee, or if no trustee would shuffle at all); skipping the last ends the shuffles',
    params: zUuidParams,
    body: zSkipShufflerRequest,
    response: z.strictObject({ ended: z.boolean() }),
  }),
  close: endpoint({
    method: 'POST',
    path: '/organiser/elections/:uuid/close',
    tag,
    summary: 'Close the vote and compute the encrypted tally: a job any server may take; 200 once closed, 202 if it is still closing after a few seconds',
    params: zUuidParams,
    response: zClosed,
    accepted: zClosing,
  }),
};
