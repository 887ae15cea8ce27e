// The voting booth as a state machine: what the voter does (type the credential,
// choose, prepare, audit, cast) and what the browser answers (a prepared ballot, a
// cast ballot, a failure) move it from one step to the next. Pure: the hook in
// use-booth.ts runs the work (encryption in a worker, the request) and sends the
// events; test/web/booth.test.ts walks it.
import type { AuditResult } from '../../../../src/protocol/audit.ts';
import type { CastAnswer } from '../../api/ballots.ts';
import { NOTHING_CHOSEN, type Selection } from './selection.ts';

export type Stage = 'credential' | 'choose' | 'preparing' | 'review' | 'audited' | 'casting' | 'done';

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
}

export type BoothEvent =
  | { type: 'questions'; count: number }
  | { type: 'credential-typed'; credential: string }
  | { type: 'credential-accepted' }
  | { type: 'selected'; question: number; selection: Selection }
  | { type: 'preparing' }
  | { type: 'prepared'; prepared: Prepared }
  | { type: 'preparing-failed'; error: unknown }
  | { type: 'audited'; audit: AuditResult }
  | { type: 'change-choices' }
  | { type: 'casting' }
  | { type: 'cast'; answer: CastAnswer }
  | { type: 'casting-failed'; error: unknown };

export const INITIAL_BOOTH: BoothState = { stage: 'credential', credential: '', selections: [], prepared: null, audit: null, cast: null, error: null };

export function boothReducer(state: BoothState, event: BoothEvent): BoothState {
  switch (event.type) {
    case 'questions':
      return { ...state, selections: Array.from({ length: event.count }, () => NOTHING_CHOSEN) };
    case 'credential-typed':
      return { ...state, credential: event.credential };
    case 'credential-accepted':
      return state.stage === 'credential' ? { ...state, stage: 'choose' } : state;
    case 'selected':
      return { ...state, selections: state.selections.map((s, i) => (i === event.question ? event.selection : s)) };
    case 'preparing':
      return { ...state, stage: 'preparing', error: null };
    case 'prepared':
      return { ...state, stage: 'review', prepared: event.prepared };
    case 'preparing-failed':
      return { ...state, stage: 'choose', error: event.error };
    case 'audited':
      return { ...state, stage: 'audited', audit: event.audit };
    case 'change-choices':
      return { ...state, stage: 'choose' };
    case 'casting':
      return { ...state, stage: 'casting', error: null };
    case 'cast':
      // forget the credential as soon as it is no longer needed
      return { ...state, stage: 'done', cast: event.answer, credential: '', prepared: null };
    case 'casting-failed':
      return { ...state, stage: 'review', error: event.error };
  }
}
