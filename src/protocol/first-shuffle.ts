// The first shuffle of an election's ranked and graded answers (Belenios 2.0's
// non-homomorphic questions): the server's, at closing, of the encrypted tally's lists
// (spec 4.17; shuffle.ts). A pure function of two texts, so that a server can run it in a
// worker thread, off its event loop (src/node/shuffle-thread.ts).
import { decodeText, writeJson, writeShuffle, zEncryptedTally } from './codec.ts';
import { loadElection } from './election.ts';
import { nhCiphertexts, shuffleElection } from './shuffle.ts';

/** The shuffle's JSON text (Belenios form) of the encrypted tally `tallyText` of the election `electionRaw`. */
export function firstShuffleText(electionRaw: string, tallyText: string): string {
  const ctx = loadElection(electionRaw);
  const tally = decodeText(zEncryptedTally, tallyText, 'encrypted tally');
  const shuffle = shuffleElection({ group: ctx.group, publicKey: ctx.publicKey, fingerprint: ctx.fingerprint }, nhCiphertexts(ctx.election.questions, tally));
  return writeJson(writeShuffle(shuffle));
}
