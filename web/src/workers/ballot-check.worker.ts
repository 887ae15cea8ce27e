// Checks batches of ballots for the verifier's worker (verify.worker.ts), which starts
// one of these per core so that a large election is checked on every core of the
// reader's device. Native BigInt: no OpenSSL in a browser.
import { checkRequestAnswerer, type CheckRequest } from '../../../src/protocol/check-pool.ts';

const answer = checkRequestAnswerer();
self.onmessage = (event: MessageEvent<CheckRequest>) => self.postMessage(answer(event.data));
