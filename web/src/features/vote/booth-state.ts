// The voting booth as a state machine: what the voter does (type the credential,
// choose, prepare, audit, cast) and what the browser answers (a checked credential, a
// prepared ballot, a cast ballot, a failure) move it from one step to the next. Pure:
// the hook in use-booth.ts runs the work (checks and encryption in a worker, the
// request) and sends the events; test/web/booth.test.ts walks it.
//
// No failure loses the voter's work. A credential that is not on the list sends the
// voter back to the credential, before any choice. A ballot that could not be cast
// stays sealed on screen with its tracker, and "Try again" sends the same bytes: if the
// first copy did arrive, the server recognises it by its tracker and answers that it
// is cast (never counted twice). A ballot that may have reached the server is never
// offered for testing: opening it would reveal a vote that may count.
import type { AuditResult } from '../../../../src/protocol/audit.ts';
import type { CastAnswer } from '../../api/ballots.ts';
import { NOTHING_CHOSEN, type Selection } from './selection.ts';

export type Stage = 'credential' | 'checking' | 'choose' | 'preparing' | 'review' | 'audited' | 'casting' | 'done';

/** An encrypted, signed ballot not yet cast, with what is needed to audit it. */
export interface Prepared {
  text: string;
  tracker: string;
  randomness: string[][];
  plaintext: number[][];
}

export interface BoothState {
  stage: Stage;
  /** Typed by the voter; forgotten once the ballot is cast. */
  credential: string;
  selections: Selection[];
  prepared: Prepared | null;
  audit: AuditResult | null;
  cast: CastAnswer | null;
  error: unknown;
  /** The prepared ballot was sent at least once: it may be on the board, so it is cast again or replaced, never tested. */
  sent: boolean;
}

export type BoothEvent =
  | { type: 'questions'; count: number }
  | { type: 'credential-typed'; credential: string }
  | { type: 'credential-checking' }
  /** The credential is on the election's list; `credential` is the form found there. */
  | { type: 'credential-accepted'; credential?: string }
  | { type: 'credential-refused'; error: unknown }
  | { type: 'selected'; question: number; selection: Selection }
  | { type: 'preparing' }
  | { type: 'prepared'; prepared: Prepared }
  | { type: 'preparing-failed'; error: unknown }
  | { type: 'audited'; audit: AuditResult }
  | { type: 'change-choices' }
  | { type: 'casting' }
  | { type: 'cast'; answer: CastAnswer }
  | { type: 'casting-failed'; error: unknown };

export const INITIAL_BOOTH: BoothState = { stage: 'credential', credential: '', selections: [], prepared: null, audit: null, cast: null, error: null, sent: false };

export function boothReducer(state: BoothState, event: BoothEvent): BoothState {
  switch (event.type) {
    case 'questions':
      return { ...state, selections: Array.from({ length: event.count }, () => NOTHING_CHOSEN) };
    case 'credential-typed':
      return state.stage === 'credential' ? { ...state, credential: event.credential, error: null } : state;
    case 'credential-checking':
      return state.stage === 'credential' ? { ...state, stage: 'checking', error: null } : state;
    case 'credential-accepted':
      return state.stage === 'credential' || state.stage === 'checking' ? { ...state, stage: 'choose', error: null, credential: event.credential ?? state.credential } : state;
    case 'credential-refused':
      return state.stage === 'checking' ? { ...state, stage: 'credential', error: event.error } : state;
    case 'selected':
      return { ...state, selections: state.selections.map((s, i) => (i === event.question ? event.selection : s)) };
    case 'preparing':
      return { ...state, stage: 'preparing', error: null };
    case 'prepared':
      return { ...state, stage: 'review', prepared: event.prepared, sent: false, error: null };
    case 'preparing-failed':
      return { ...state, stage: 'choose', error: event.error };
    case 'audited':
      // a ballot that may be on the board is never opened
      return state.sent ? state : { ...state, stage: 'audited', audit: event.audit };
    case 'change-choices':
      return { ...state, stage: 'choose', error: null };
    case 'casting':
      return state.prepared ? { ...state, stage: 'casting', error: null, sent: true } : state;
    case 'cast':
      // forget the credential as soon as it is no longer needed
      return { ...state, stage: 'done', cast: event.answer, credential: '', prepared: null, error: null };
    case 'casting-failed':
      // the same sealed ballot and its tracker stay, to send again
      return { ...state, stage: 'review', error: event.error };
  }
}
