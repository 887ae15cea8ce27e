// `jirga simulate --workers N`: the same simulated election as simulateElection
// (src/protocol/simulate.ts), made on N worker threads and written to the file as it
// is made, so that an election of 100,000 ballots or more takes minutes, not hours,
// and the memory it needs does not grow with the number of ballots (only the voters'
// private credentials and the list of trackers are kept).
import { closeSync, openSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ArchiveWriter } from '../protocol/archive.ts';
import type { PlaintextBallot } from '../protocol/ballot.ts';
import { decodeText, zEncryptedTally, type ElectionEvent, type EncryptedTally } from '../protocol/codec.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import {
  addToCount,
  ballotIsCounted,
  emptyCount,
  multiplyTallies,
  planSimulation,
  randomPlaintext,
  tallyAndDecrypt,
  voterOfBallot,
  writeSimulationSetup,
  type SimulationOptions,
  type SimulationResult,
} from '../protocol/simulate.ts';
import type { SimulateAnswer, SimulateTask } from './simulate-worker.ts';

/** Voters per credentials task, ballots per ballots task. */
const CREDENTIALS_PER_TASK = 500;
const BALLOTS_PER_TASK = 100;

type Task = SimulateTask extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/** N worker threads; tasks go to whichever is free, answers come back to their caller. */
class SimulatePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: { task: Task; resolve: (a: SimulateAnswer) => void; reject: (e: Error) => void }[] = [];
  private nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./simulate-worker.mjs', import.meta.url));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  run(task: Task): Promise<SimulateAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.idle.length && this.waiting.length) {
      const worker = this.idle.pop()!;
      const { task, resolve, reject } = this.waiting.shift()!;
      const id = this.nextId++;
      const done = (a: SimulateAnswer) => {
        if (a.id !== id) return;
        worker.off('message', done);
        worker.off('error', failed);
        this.idle.push(worker);
        if (a.kind === 'error') reject(new Error(a.message));
        else resolve(a);
        this.next();
      };
      const failed = (e: Error) => reject(e);
      worker.on('message', done);
      worker.once('error', failed);
      worker.postMessage({ ...task, id } as SimulateTask);
    }
  }

  close(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** One list of public credentials from the workers' parts: distinct keys, sorted by value as generateCredentials sorts them. */
function mergePublicCredentials(parts: readonly string[][]): string[] {
  const lines = parts.flat().map((line) => ({ key: BigInt(line.split(',')[0]!), line }));
  lines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < lines.length; i++) if (lines[i]!.key === lines[i - 1]!.key) throw new Error('two voters got the same public credential: run the simulation again');
  return lines.map((l) => l.line);
}

export type StreamedSimulation = Omit<SimulationResult, 'archive'> & { bytes: number };

export async function simulateToFile(options: SimulationOptions, out: string, workers: number, onProgress?: (ballots: number) => void): Promise<StreamedSimulation> {
  if (options.random) throw new InvalidRequest('a simulation on several workers uses the system random generator only');
  const plan = planSimulation(options);
  const pool = new SimulatePool(workers);
  const fd = openSync(out, 'w');
  let written = 0;
  let last: { event: ElectionEvent; hash: string } | undefined;
  /** Append what `write` adds to the archive to the file. */
  const append = (write: (w: ArchiveWriter) => void) => {
    const w = written === 0 ? new ArchiveWriter(plan.timestamp) : new ArchiveWriter(plan.timestamp, { ...(last ? { lastEvent: last } : {}), length: written });
    write(w);
    const bytes = w.toBytes();
    writeSync(fd, bytes);
    written += bytes.length;
    last = w.lastEvent;
  };
  try {
    // credentials, in slices of the voter list
    const slices: string[][] = [];
    for (let i = 0; i < plan.voters; i += CREDENTIALS_PER_TASK) slices.push(plan.voterLines.slice(i, i + CREDENTIALS_PER_TASK));
    const parts = await Promise.all(slices.map((lines) => pool.run({ kind: 'credentials', group: plan.group.name, uuid: plan.uuid, lines })));
    const privateLines = parts.flatMap((p) => (p.kind === 'credentials' ? p.privateLines : []));
    const publicCredentials = mergePublicCredentials(parts.map((p) => (p.kind === 'credentials' ? p.publicCredentials : [])));
    append((w) => writeSimulationSetup(w, plan, publicCredentials));

    // ballots, in batches made in parallel and written in casting order
    const total = plan.voters + plan.revotes;
    const weightOfVoter = (v: number) => plan.identities[v]!.weight ?? 1n;
    const expected = emptyCount(plan.questions);
    const cast: SimulationResult['cast'] = [];
    let tally: EncryptedTally | undefined;
    let count = 0;
    let totalWeight = 0n;
    const batch = (from: number) => {
      const ballots: (Extract<SimulateTask, { kind: 'ballots' }>['ballots'][number] & { plaintext: PlaintextBallot })[] = [];
      for (let k = from; k < Math.min(total, from + BALLOTS_PER_TASK); k++) {
        const v = voterOfBallot(plan, k);
        const plaintext = plan.questions.map((q) => randomPlaintext(q));
        ballots.push({ credential: privateLines[v]!.split(' ').pop()!, plaintext, counted: ballotIsCounted(plan, k), weight: String(weightOfVoter(v)) });
      }
      return { ballots, answer: pool.run({ kind: 'ballots', electionRaw: plan.electionRaw, ballots }) };
    };
    const inFlight: ReturnType<typeof batch>[] = [];
    let nextBallot = 0;
    const fill = () => {
      while (nextBallot < total && inFlight.length < workers * 2) {
        inFlight.push(batch(nextBallot));
        nextBallot += BALLOTS_PER_TASK;
      }
    };
    fill();
    while (inFlight.length) {
      const { ballots, answer } = inFlight.shift()!;
      const a = await answer;
      fill();
      if (a.kind !== 'ballots') throw new Error('unexpected answer from a simulation worker');
      append((w) => {
        for (const text of a.texts) w.addEvent('Ballot', w.addData(text));
      });
      ballots.forEach((b, i) => {
        cast.push({ tracker: a.trackers[i]!, plaintext: b.plaintext });
        if (b.counted) addToCount(expected, b.plaintext, BigInt(b.weight));
      });
      if (a.tally) {
        const part = decodeText(zEncryptedTally, a.tally, 'encrypted tally of a batch');
        tally = tally ? multiplyTallies(plan.group, tally, part) : part;
      }
      count += a.counted;
      totalWeight += BigInt(a.weight);
      onProgress?.(cast.length);
    }
    const summary = { uuid: plan.uuid, expected, cast, ballots: total, trusteesDescription: plan.trusteesDescription, privateCredentials: privateLines };
    if (options.open) return { ...summary, bytes: written };
    let result: bigint[][] = [];
    append((w) => {
      w.addEvent('EndBallots');
      result = tallyAndDecrypt(w, plan, { tally: tally!, count, totalWeight });
    });
    return { ...summary, result, bytes: written };
  } finally {
    closeSync(fd);
    await pool.close();
  }
}
