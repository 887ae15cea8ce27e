// The booth's work: the typed credential is checked against the election's published
// list and the ballot encrypted, proved and signed in a worker (the page stays
// responsive on a slow phone), audited here when the voter asks, and only the ballot
// is sent. The state and its steps are in booth-state.ts.
import { useEffect, useReducer, useRef } from 'preact/hooks';
import { api, ApiError, fetchText } from '../../api/client.ts';
import { zCastAnswer } from '../../api/ballots.ts';
import { auditBallot, type BallotAudit } from '../../../../src/protocol/audit.ts';
import { boothReducer, INITIAL_BOOTH, type Prepared } from './booth-state.ts';
import { readCredential } from './credential-text.ts';
import type { BoothRequest } from '../../workers/booth.worker.ts';
import { keepBoothData } from '../../offline/booth-data.ts';
import { castDirectly, dismissEntry, keepBallot, onOutboxChange, outboxEntry, sendWaiting, setShownByBooth } from '../../offline/outbox.ts';

type WorkerAnswer = { ok: boolean; found?: string | null; text?: string; tracker?: string; randomness?: string[][]; message?: string };

/** The audit file of a prepared ballot (what `jirga audit-ballot` reads). */
export function auditFile(electionRaw: string, prepared: Prepared): BallotAudit {
  return { jirga: 'ballot-audit', version: 1, election: electionRaw, ballot: prepared.text, randomness: prepared.randomness, choices: prepared.plaintext };
}

/** Codes of the booth's own refusals (web/src/i18n/<lang>/vote.ts says them). */
export const CREDENTIAL_UNKNOWN = 'credential-not-listed';
export const CREDENTIAL_LIST_UNREACHABLE = 'credential-list-unreachable';
/** The booth's worker did not load (its code cut off on a bad link) or stopped. */
export const BOOTH_WORKER_FAILED = 'booth-worker-failed';

/**
 * A link that takes the request and never answers (a shutdown half-done, a throttled route)
 * must not hold the voter forever: after this long "Cast" counts as unconfirmed, and the booth
 * offers to try again, keep the ballot or carry it. A cast on a 2G-like link takes about
 * 5–10 s (docs/performance.md); sending it again is always safe (counted once).
 */
export const CAST_TIMEOUT_MS = 60_000;

export class BoothError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const workerError = (message: string | undefined) => (message === BOOTH_WORKER_FAILED ? new BoothError(BOOTH_WORKER_FAILED) : new Error(message));

export function useBooth(uuid: string, electionRaw: string | undefined, questionCount: number) {
  const [state, dispatch] = useReducer(boothReducer, INITIAL_BOOTH);
  const worker = useRef<Worker | null>(null);
  // the election's credential list in short (src/protocol/credential-digest.ts), asked for
  // once the election is loaded, while the voter types (it is public: fetching it says
  // nothing about the voter)
  const publicCredentials = useRef<Promise<string> | null>(null);
  const credentialList = () =>
    (publicCredentials.current ??= fetchText(`/elections/${encodeURIComponent(uuid)}/credential-digests.json`).then((text) => {
      void keepBoothData(`/api/elections/${encodeURIComponent(uuid)}/credential-digests.json`, text); // for voting with no network
      return text;
    }));
  /** The request waiting for the worker's answer, if any. */
  const waiting = useRef<((answer: WorkerAnswer) => void) | null>(null);
  const startWorker = () => {
    if (worker.current) return worker.current;
    const w = new Worker(new URL('../../workers/booth.worker.ts', import.meta.url), { type: 'module' });
    // a worker whose code did not load (cut off on a bad link) or that stopped never answers:
    // it is dropped (the next request makes a new one, loading it anew) and the voter is told,
    // instead of a booth stuck at "checking" or "preparing" for good
    w.addEventListener('error', (e) => {
      e.preventDefault();
      w.terminate();
      if (worker.current === w) worker.current = null;
      waiting.current?.({ ok: false, message: BOOTH_WORKER_FAILED });
      waiting.current = null;
    });
    return (worker.current = w);
  };
  useEffect(() => {
    if (!electionRaw) return;
    credentialList().catch(() => (publicCredentials.current = null));
    // the worker's code (the protocol) downloads while the voter types: on a 2G-like link
    // that is seconds saved at "Continue" (docs/performance.md)
    startWorker();
  }, [electionRaw]);
  useEffect(() => () => worker.current?.terminate(), [uuid]);
  useEffect(() => dispatch({ type: 'questions', count: questionCount }), [questionCount]);

  const ask = (request: BoothRequest): Promise<WorkerAnswer> =>
    new Promise((resolve) => {
      const w = startWorker();
      waiting.current = resolve;
      w.onmessage = (e: MessageEvent<WorkerAnswer>) => {
        waiting.current = null;
        resolve(e.data);
      };
      w.postMessage(request);
    });

  /** Check the typed credential before any choice: well formed, and on this election's list. */
  const checkCredential = async () => {
    const reading = readCredential(state.credential);
    if (reading.kind !== 'ok' || !electionRaw) return;
    dispatch({ type: 'credential-checking' });
    let list: string;
    try {
      list = await credentialList();
    } catch (e) {
      publicCredentials.current = null; // asked again on the next Continue
      return dispatch({ type: 'credential-refused', error: e instanceof ApiError && e.status !== 0 ? e : new BoothError(CREDENTIAL_LIST_UNREACHABLE) });
    }
    const answer = await ask({ kind: 'check', electionRaw, candidates: reading.candidates, digests: list });
    if (!answer.ok) return dispatch({ type: 'credential-refused', error: workerError(answer.message) });
    if (!answer.found) return dispatch({ type: 'credential-refused', error: new BoothError(CREDENTIAL_UNKNOWN) });
    dispatch({ type: 'credential-accepted', credential: answer.found });
  };

  const prepare = async (plaintext: number[][]) => {
    if (!electionRaw) return;
    dispatch({ type: 'preparing' });
    const answer = await ask({ kind: 'ballot', electionRaw, credential: state.credential, plaintext });
    if (!answer.ok) return dispatch({ type: 'preparing-failed', error: workerError(answer.message) });
    dispatch({ type: 'prepared', prepared: { text: answer.text!, tracker: answer.tracker!, randomness: answer.randomness!, plaintext } });
  };

  const audit = () => {
    if (!state.prepared || !electionRaw || state.sent) return;
    dispatch({ type: 'audited', audit: auditBallot(auditFile(electionRaw, state.prepared)) });
  };

  /** Send the prepared ballot; after a failure, the same bytes again. A ballot of this voter
   * still waiting on this device is dropped first: it must not arrive after this one. */
  const cast = async () => {
    const prepared = state.prepared;
    if (!prepared) return;
    dispatch({ type: 'casting' });
    try {
      const answer = await castDirectly(uuid, prepared.text, () => api(`/elections/${encodeURIComponent(uuid)}/ballots`, zCastAnswer, { method: 'POST', rawBody: prepared.text, timeoutMs: CAST_TIMEOUT_MS }));
      dispatch({ type: 'cast', answer });
    } catch (e) {
      dispatch({ type: 'casting-failed', error: e });
    }
  };

  /** Keep the sealed ballot on this device, to be sent when the network returns. */
  const keep = async () => {
    const prepared = state.prepared;
    if (!prepared) return;
    try {
      await keepBallot(uuid, prepared.tracker, prepared.text);
    } catch (e) {
      // no storage here (a private window): the voter can still carry it or try again
      return dispatch({ type: 'casting-failed', error: e });
    }
    dispatch({ type: 'kept' });
    void sendWaiting();
  };

  // a kept ballot: when it has been sent, say so here (and the frame need not)
  const waitingTracker = state.stage === 'waiting' ? state.prepared?.tracker : undefined;
  useEffect(() => {
    if (!waitingTracker) return;
    let live = true;
    const look = async () => {
      const entry = await outboxEntry(uuid, waitingTracker).catch(() => undefined);
      if (!live || !entry || entry.state === 'waiting') return;
      if (entry.state === 'cast') dispatch({ type: 'cast', answer: entry.answer });
      else dispatch({ type: 'casting-failed', error: new ApiError(entry.message, 400, entry.code ?? undefined) });
      void dismissEntry(entry);
    };
    const stop = onOutboxChange(() => void look());
    setShownByBooth(waitingTracker);
    void look();
    return () => {
      live = false;
      stop();
      setShownByBooth(null);
    };
  }, [uuid, waitingTracker]);

  return { state, dispatch, checkCredential, prepare, audit, cast, keep, send: () => void sendWaiting() };
}
