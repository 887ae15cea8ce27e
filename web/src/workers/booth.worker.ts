// The booth's cryptography, away from the page's thread so the page stays responsive
// on a slow phone. Two requests:
// - check: derive the public credential of a typed credential (spec 4.8) and look for
//   its digest in the election's list (src/protocol/credential-digest.ts), here in the
//   browser: nothing about the voter is sent;
// - ballot: encrypt, prove and sign a ballot (spec 4.11-4.15).
// The credential exists here only for the time of one request.
import { createBallot, type PlaintextBallot } from '../../../src/protocol/ballot.ts';
import { derivePublicCredential, isValidSecretCredential } from '../../../src/protocol/credentials.ts';
import { loadElection, type ElectionContext } from '../../../src/protocol/election.ts';
import { credentialDigest } from '../../../src/protocol/credential-digest.ts';

let cached: { raw: string; ctx: ElectionContext } | undefined;
let listed: { text: string; keys: Set<string> } | undefined;

export type BoothRequest =
  | { kind: 'check'; electionRaw: string; candidates: string[]; digests: string }
  | { kind: 'ballot'; electionRaw: string; credential: string; plaintext: PlaintextBallot };

function election(raw: string): ElectionContext {
  if (!cached || cached.raw !== raw) cached = { raw, ctx: loadElection(raw) };
  return cached.ctx;
}

/** The election's credential digests (a JSON array), as a set. */
function digestsOf(text: string): Set<string> {
  if (listed?.text !== text) listed = { text, keys: new Set(JSON.parse(text) as string[]) };
  return listed.keys;
}

self.onmessage = (event: MessageEvent<BoothRequest>) => {
  const request = event.data;
  try {
    const ctx = election(request.electionRaw);
    if (request.kind === 'check') {
      const digests = digestsOf(request.digests);
      const found = request.candidates.find((c) => isValidSecretCredential(c) && digests.has(credentialDigest(derivePublicCredential(ctx.group, ctx.election.uuid, c).toString())));
      self.postMessage({ ok: true, found: found ?? null });
      return;
    }
    const prepared = createBallot(ctx, request.credential, request.plaintext);
    self.postMessage({ ok: true, text: prepared.text, tracker: prepared.tracker, randomness: prepared.randomness.map((q) => q.map(String)) });
  } catch (e) {
    self.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
