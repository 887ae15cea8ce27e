// Encrypts, proves and signs a ballot in the voter's browser (spec 4.11-4.15),
// away from the page's thread so the page stays responsive on a slow phone.
// The credential exists here only for the time of one request.
import { createBallot, type PlaintextBallot } from '../../../src/protocol/ballot.ts';
import { loadElection, type ElectionContext } from '../../../src/protocol/election.ts';

let cached: { raw: string; ctx: ElectionContext } | undefined;

self.onmessage = (event: MessageEvent<{ electionRaw: string; credential: string; plaintext: PlaintextBallot }>) => {
  const { electionRaw, credential, plaintext } = event.data;
  try {
    if (!cached || cached.raw !== electionRaw) cached = { raw: electionRaw, ctx: loadElection(electionRaw) };
    const prepared = createBallot(cached.ctx, credential, plaintext);
    self.postMessage({ ok: true, text: prepared.text, tracker: prepared.tracker, randomness: prepared.randomness.map((q) => q.map(String)) });
  } catch (e) {
    self.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
