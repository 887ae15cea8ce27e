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
//
// A definitive refusal at "Cast" is not a failure to try again: voting closed, a
// credential the ballot box does not know, a ballot refused as invalid, or a replay of a
// ballot that a later one replaced would be refused the same way every time. The booth
// then says what happened and offers what can help (see Refusal); only failures whose
// outcome is unknown or passing (no connection, a server error, too many requests)
// offer "Try again".
//
// After a failure whose outcome is unknown, the voter may keep the sealed ballot on this
// device ('waiting', web/src/offline/outbox.ts): it is sent when the network returns, and
// the booth then shows it cast (or refused) as if "Cast" had been answered. The credential
// is forgotten at once: only the sealed ballot is kept.
import { ApiError } from '../../api/client.ts';
import type { AuditResult } from '../../../../src/protocol/audit.ts';
import type { CastAnswer } from '../../api/ballots.ts';
import { NOTHING_CHOSEN, type Selection } from './selection.ts';

export type Stage = 'credential' | 'checking' | 'choose' | 'preparing' | 'review' | 'audited' | 'casting' | 'waiting' | 'done' | 'refused';

/**
 * Why the ballot box definitively refused a ballot, and so what the voter can do:
 * 'closed': nothing (voting is over); 'credential': check the credential, or ask the
 * organisers; 'invalid': prepare a new ballot; 'replayed': this ballot is on the board
 * but a later one of the same credential replaced it: prepare a new ballot to vote again.
 */
export type Refusal = 'closed' | 'credential' | 'invalid' | 'replayed';

/** The refusal a failure at "Cast" is, or null when sending the same ballot again may work. */
export function castRefusal(error: unknown): Refusal | null {
  if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) return null;
  switch (error.code) {
    case 'voting-closed':
      return 'closed';
    case 'unknown-credential':
      return 'credential';
    case 'invalid-ballot':
    case 'malformed-ballot':
      return 'invalid';
    case 'replayed-ballot':
      return 'replayed';
    default:
      return null;
  }
}

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
  /** Set at the 'refused' stage: why the ballot box refused the ballot for good. */
  refusal: Refusal | null;
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
  /** After a refused credential at "Cast": back to the credential, the choices kept. */
  | { type: 'retype-credential' }
  /** The sealed ballot is kept on this device, to be sent when the network returns. */
  | { type: 'kept' }
  | { type: 'casting' }
  | { type: 'cast'; answer: CastAnswer }
  | { type: 'casting-failed'; error: unknown };

/** Whether the booth gives way to "voting has not started" or "voting has closed" at this
 * stage: only before the voter has begun (the credential). A ballot cast a second before the
 * closing time whose answer comes after it, on a slow link or a phone whose clock runs fast,
 * must still show its receipt; a ballot too late is refused by the ballot box, which says so. */
export const noticeReplacesBooth = (stage: Stage): boolean => stage === 'credential' || stage === 'checking';

export const INITIAL_BOOTH: BoothState = { stage: 'credential', credential: '', selections: [], prepared: null, audit: null, cast: null, error: null, sent: false, refusal: null };

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
      // after voting closed there is nothing left to choose; a kept ballot's credential is forgotten
      return state.refusal === 'closed' || state.stage === 'waiting' ? state : { ...state, stage: 'choose', error: null, refusal: null };
    case 'kept':
      // only a ballot that could not be delivered is kept; the credential is forgotten
      return state.stage === 'review' && state.prepared && state.sent ? { ...state, stage: 'waiting', credential: '', error: null } : state;
    case 'retype-credential':
      // a kept ballot waits: a new one (which will replace it) needs the credential again
      if (state.stage === 'waiting') return { ...state, stage: 'credential', error: null, prepared: null, sent: false };
      return state.stage === 'refused' && state.refusal === 'credential' ? { ...state, stage: 'credential', error: null, refusal: null, prepared: null, sent: false } : state;
    case 'casting':
      // a refused ballot is never sent again; a kept one is sent by the outbox
      return state.prepared && state.stage !== 'refused' && state.stage !== 'waiting' ? { ...state, stage: 'casting', error: null, sent: true } : state;
    case 'cast':
      // forget the credential as soon as it is no longer needed
      return { ...state, stage: 'done', cast: event.answer, credential: '', prepared: null, error: null };
    case 'casting-failed': {
      const refusal = castRefusal(event.error);
      // the same sealed ballot and its tracker stay, to send again
      if (!refusal) return { ...state, stage: 'review', error: event.error };
      // a refused ballot is not kept, except a replayed one, whose tracker is on the board;
      // the credential is forgotten once voting has closed
      return { ...state, stage: 'refused', refusal, error: event.error, prepared: refusal === 'replayed' ? state.prepared : null, credential: refusal === 'closed' ? '' : state.credential };
    }
  }
}
