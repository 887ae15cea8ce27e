// Worker thread: the server's shuffle at closing (see shuffle-thread.ts), with OpenSSL's
// exponentiation; answers the shuffle's text or an error, then ends.
import { parentPort, workerData } from 'node:worker_threads';
import { firstShuffleText } from '../protocol/first-shuffle.ts';
import { registerOpensslEngine } from './openssl-engine.ts';

registerOpensslEngine();
const { electionRaw, tallyText } = workerData as { electionRaw: string; tallyText: string };
try {
  parentPort!.postMessage({ text: firstShuffleText(electionRaw, tallyText) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
