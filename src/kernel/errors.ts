// Jirga's typed errors, shared by every domain. Each carries a message a person can act on;
// the CLI maps UnusableInput to exit code 2 and VerificationFailure to exit code 1.

export class JirgaError extends Error {
  /** A stable identifier for interfaces that show the message in other languages. */
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The input cannot be read as the structure it claims to be (bad JSON, wrong
 * shape, number out of range, element outside the group, truncated archive...). */
export class UnusableInput extends JirgaError {}

/** The input is readable but a cryptographic or consistency check failed. */
export class VerificationFailure extends JirgaError {}

/** A caller asked for something the protocol does not allow (e.g. a vote that
 * does not respect the question's min/max). */
export class InvalidRequest extends JirgaError {}

/** A feature of Belenios 2.0 that Jirga does not implement yet. */
export class Unsupported extends JirgaError {}

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

// The errors of the services, each mapped to an HTTP status by the server.

/** 404: no such convention, election or link. */
export class NotFound extends JirgaError {}
/** 409: the request does not fit the election's current state (closed, not yet open...). */
export class Conflict extends JirgaError {}
/** 403: the caller may not do this (wrong credential, link for another role...). */
export class Forbidden extends JirgaError {}
/** 401: an organiser must log in. */
export class Unauthenticated extends JirgaError {}
