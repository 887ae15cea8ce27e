// Worker thread: verifies batches of ballots for one election (see ballot-pool.ts).
import { parentPort } from 'node:worker_threads';
import { checkRequestAnswerer, type CheckRequest } from '../protocol/check-pool.ts';
import { registerOpensslEngine } from './openssl-engine.ts';

registerOpensslEngine();

const answer = checkRequestAnswerer();
parentPort!.on('message', (request: CheckRequest) => parentPort!.postMessage(answer(request)));
