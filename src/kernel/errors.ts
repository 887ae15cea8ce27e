// Jirga's typed errors, shared by every domain. Each carries a message a person can act on
// and a code from one closed set (ERROR_CODES): interfaces word the code in the reader's
// language, the server maps the error's class to an HTTP status (src/server/plugins/errors.ts),
// the CLI maps UnusableInput to exit code 2 and VerificationFailure to exit code 1.

/**
 * Every code an error can carry. Closed: a new kind of refusal adds its code here, and the
 * web app words it in every language. The first group are the defaults of the classes
 * below; the others say precisely what went wrong.
 */
export const ERROR_CODES = [
  // one per class of error (its default code)
  'unusable-input',
  'verification-failed',
  'invalid-request',
  'unsupported',
  'not-found',
  'conflict',
  'forbidden',
  'unauthenticated',
  'rate-limited',
  // the HTTP edge
  'invalid-json',
  'too-large',
  'internal-error',
  'cross-origin',
  'unsupported-media-type',
  // elections and ballots
  'voting-not-started',
  'voting-closed',
  'malformed-ballot',
  'invalid-ballot',
  'unknown-credential',
  'replayed-ballot',
  'missing-translations',
  // extending an election's voting time (src/services/elections/schedule.ts)
  'election-not-open',
  'no-closing-time',
  'close-not-later',
  'close-in-past',
  // accounts
  'last-organiser',
  // one-time links (trustees, credential authority)
  'link-expired',
  'link-revoked',
  'link-step-used',
  // deliberation
  'not-joined',
  'code-needed',
  'invalid-code',
  'not-code-access',
  'conversation-closed',
  'no-such-statement',
  'empty-statement',
  'statement-too-long',
  'control-characters',
  'invalid-text',
  'same-language',
  'duplicate',
  'near-duplicate',
  'too-many-votes',
  'statement-limit',
  'too-many-statements',
  // inclusion
  'min-cell-lowered',
  'unknown-question',
  'question-not-asked',
  'unknown-category',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a person needs to act on an error beyond its code (the field to correct, the
 * seconds to wait): numbers and identifiers, so that every language can show them. */
export type ErrorParams = Record<string, string | number>;

export class JirgaError extends Error {
  /** The code of errors of this class that give none. */
  static readonly defaultCode: ErrorCode = 'invalid-request';
  /** A stable identifier for interfaces that show the message in other languages. */
  readonly code: ErrorCode;
  /** The parameters of the code (sent in the error body beside it). */
  readonly params: ErrorParams | undefined;
  constructor(message: string, code?: ErrorCode, params?: ErrorParams) {
    super(message);
    this.name = new.target.name;
    this.code = code ?? (new.target as typeof JirgaError).defaultCode;
    this.params = params;
  }
}

/** The input cannot be read as the structure it claims to be (bad JSON, wrong
 * shape, number out of range, element outside the group, truncated archive...). */
export class UnusableInput extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'unusable-input';
}

/** The input is readable but a cryptographic or consistency check failed. */
export class VerificationFailure extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'verification-failed';
}

/** A caller asked for something the protocol does not allow (e.g. a vote that
 * does not respect the question's min/max). */
export class InvalidRequest extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'invalid-request';
}

/** A feature of Belenios 2.0 that Jirga does not implement yet. */
export class Unsupported extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'unsupported';
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

// The errors of the services, each mapped to an HTTP status by the server.

/** 404: no such convention, election or link. */
export class NotFound extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'not-found';
}
/** 409: the request does not fit the election's current state (closed, not yet open...). */
export class Conflict extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'conflict';
}
/** 410: the thing asked for existed but is no longer usable (an expired or revoked link). */
export class Gone extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'link-expired';
}
/** 403: the caller may not do this (wrong credential, link for another role...). */
export class Forbidden extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'forbidden';
}
/** 401: an organiser must log in. */
export class Unauthenticated extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'unauthenticated';
}

/** 429: too many requests of this kind; nothing was recorded. */
export class TooManyRequests extends JirgaError {
  static override readonly defaultCode: ErrorCode = 'rate-limited';
  constructor(
    message: string,
    /** Seconds after which trying again can succeed. */
    readonly retryAfter: number,
    code: ErrorCode = 'rate-limited',
  ) {
    super(message, code, { retryAfter });
  }
}

/** 409 'duplicate' or 'near-duplicate': the statement repeats statement `statement`. */
export class DuplicateStatement extends Conflict {
  constructor(
    message: string,
    code: 'duplicate' | 'near-duplicate',
    readonly statement: number,
  ) {
    super(message, code);
  }
}
