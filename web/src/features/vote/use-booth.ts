// The booth's work: the ballot is encrypted, proved and signed in a worker (the
// page stays responsive on a slow phone), audited here when the voter asks, and
// only the ballot is sent. The state and its steps are in booth-state.ts.
import { useEffect, useReducer, useRef } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { zCastAnswer } from '../../api/ballots.ts';
import { auditBallot, type BallotAudit } from '../../../../src/protocol/audit.ts';
import { boothReducer, INITIAL_BOOTH, type Prepared } from './booth-state.ts';

type WorkerAnswer = { ok: boolean; text?: string; tracker?: string; randomness?: string[][]; message?: string };

/** The audit file of a prepared ballot (what `jirga audit-ballot` reads). */
export function auditFile(electionRaw: string, prepared: Prepared): BallotAudit {
  return { jirga: 'ballot-audit', version: 1, election: electionRaw, ballot: prepared.text, randomness: prepared.randomness, choices: prepared.plaintext };
}

export function useBooth(uuid: string, electionRaw: string | undefined, questionCount: number) {
  const [state, dispatch] = useReducer(boothReducer, INITIAL_BOOTH);
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), [uuid]);
  useEffect(() => dispatch({ type: 'questions', count: questionCount }), [questionCount]);

  const prepare = (plaintext: number[][]) => {
    if (!electionRaw) return;
    dispatch({ type: 'preparing' });
    worker.current ??= new Worker(new URL('../../workers/booth.worker.ts', import.meta.url), { type: 'module' });
    worker.current.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      if (!e.data.ok) return dispatch({ type: 'preparing-failed', error: new Error(e.data.message) });
      dispatch({ type: 'prepared', prepared: { text: e.data.text!, tracker: e.data.tracker!, randomness: e.data.randomness!, plaintext } });
    };
    worker.current.postMessage({ electionRaw, credential: state.credential.trim(), plaintext });
  };

  const audit = () => {
    if (!state.prepared || !electionRaw) return;
    dispatch({ type: 'audited', audit: auditBallot(auditFile(electionRaw, state.prepared)) });
  };

  const cast = async () => {
    if (!state.prepared) return;
    dispatch({ type: 'casting' });
    try {
      const answer = await api(`/elections/${encodeURIComponent(uuid)}/ballots`, zCastAnswer, { method: 'POST', rawBody: state.prepared.text });
      dispatch({ type: 'cast', answer });
    } catch (e) {
      dispatch({ type: 'casting-failed', error: e });
    }
  };

  return { state, dispatch, prepare, audit, cast };
}
