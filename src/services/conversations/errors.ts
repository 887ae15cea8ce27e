// Errors of the conversation service that need more than the convention's errors:
// a rate limit (429, with how long to wait) and a duplicate statement (409, naming
// the statement it repeats). The deliberation routes answer them.
import { Conflict } from '../../kernel/errors.ts';
import { JirgaError } from '../../kernel/errors.ts';

/** 429: too many requests of this kind; nothing was recorded. */
export class TooManyRequests extends JirgaError {
  constructor(
    message: string,
    /** Seconds after which trying again can succeed. */
    readonly retryAfter: number,
    code = 'rate-limited',
  ) {
    super(message, code);
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
