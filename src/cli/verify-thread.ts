// `jirga verify` runs its reading thread under a heap limit that follows the election's
// size. Left to itself, V8 lets the main thread's heap grow lazily with the work done:
// 268 → 339 → 484 MiB peak from 1,000 to 30,000 voters, of which only the credential
// table and the credentials record (while it is read) are really needed; with the old
// generation capped at 160 MB the 30,000-voter run peaked at 352 MiB, as fast
// (docs/performance.md). A fixed cap would be wrong: what must be held does grow with the
// voters (≈ 1.2 GB of credentials record at 2 million). So the limit is set from the
// setup records' size (the credentials record is nearly all of it), read from the tar
// headers before the verification starts in a worker thread with that limit. A worker
// that runs out of memory anyway is not a verdict: the verification is done again in the
// main thread, without a limit, and gives the same result.
import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Check, VerificationReport, VerifyProgress } from '../protocol/verify.ts';
import type { CountOutcome, QuestionMethod } from '../protocol/methods/index.ts';
import { readTarHeader } from '../protocol/archive.ts';

const BLOCK = 512;

/** What one run of `jirga verify` reads: the file and its options. */
export interface VerifyRun {
  path: string;
  workers?: number;
  maxBytes?: number;
}

/** What `jirga verify` prints at the end, in a form a worker thread can send. */
export type VerifyOutcome =
  | { unusable: string }
  | {
      status: VerificationReport['status'];
      conclusion: string;
      line: string;
      checks: { name: string; status: Check['status']; detail: string }[];
      uuid?: string;
      phase?: VerificationReport['phase'];
      /** A homomorphic question's counts as strings; a ranked or graded question's decrypted ballots as they are. */
      result?: (string | number[])[][];
      /** Each ranked or graded question's count, with the line that says it. */
      counts: { question: number; method: QuestionMethod; outcome: CountOutcome; line: string }[];
    };

/**
 * The bytes of the data records before the archive's first event: the election, the
 * trustees, the public credentials and the setup record. Read from the tar headers alone
 * (a few positioned reads, no record body); 0 when the file does not look like a .bel
 * (the verification will say why).
 */
export function setupBytes(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    return setupBytesOf(fd);
  } catch {
    return 0; // a directory, a read error: the verification says what is wrong
  } finally {
    closeSync(fd);
  }
}

function setupBytesOf(fd: number): number {
  const head = Buffer.alloc(BLOCK);
  let at = 0;
  let total = 0;
  for (let entry = 0; entry < 64; entry++) {
    if (readSync(fd, head, 0, BLOCK, at) < BLOCK) return total;
    const { name, size } = readTarHeader(head); // throws on a broken header: 0 (setupBytes)
    if (entry === 0 && name !== 'BELENIOS') return 0;
    if (name.endsWith('.event.json')) return total;
    if (name.endsWith('.data.json')) total += size;
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return total;
}

/**
 * The reading thread's old-generation limit, in MB, for setup records of this many bytes.
 * From the measurements in docs/performance.md: reading the credentials record costs
 * about twice its size of heap (+115 MiB for the 62 MB record of 100,000 voters), and
 * the rest of a run fits in well under 128 MB (a 160 MB cap was enough for the whole
 * 30,000-voter run). The limit leaves about twice that: 438 MB at 100,000 voters, whose
 * run peaked at 413 MiB of resident memory in all.
 */
export function heapLimitMb(setup: number): number {
  return Math.ceil(HEAP_BASE_MB + (HEAP_PER_SETUP_BYTE * setup) / (1 << 20));
}
export const HEAP_BASE_MB = 128;
export const HEAP_PER_SETUP_BYTE = 5;

export type BoundedRun = { outcome: VerifyOutcome } | { outOfMemory: true; checks: number };

/** The verification of `path` in a worker thread with `heapMb` MB of old generation. */
export function verifyInWorker(run: VerifyRun, heapMb: number, onCheck?: (c: Check) => void, onProgress?: (p: VerifyProgress) => void): Promise<BoundedRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./verify-worker.mjs', import.meta.url), {
      workerData: { run, checks: onCheck !== undefined, progress: onProgress !== undefined },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let checks = 0;
    let settled = false;
    const settle = (r: BoundedRun | Error) => {
      if (settled) return;
      settled = true;
      if (r instanceof Error) reject(r);
      else resolve(r);
      void worker.terminate();
    };
    worker.on('message', (m: { check?: Check; progress?: VerifyProgress; outcome?: VerifyOutcome; error?: string }) => {
      if (m.check) {
        checks++;
        onCheck?.(m.check);
      } else if (m.progress) onProgress?.(m.progress);
      else if (m.outcome) settle({ outcome: m.outcome });
      else if (m.error !== undefined) settle(new Error(m.error));
    });
    worker.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') settle({ outOfMemory: true, checks });
      else settle(e);
    });
    worker.on('exit', (code) => settle(new Error(`the verification stopped (worker exit ${code})`)));
  });
}
