// The math job runner: recomputes the analysis of conversations whose votes or
// moderation changed, off the request path. Who runs what is decided by the job queue
// (src/store/job-queue.ts, pg-boss in the shared database): a change sends a job naming
// the conversation (delayed a little, so a burst of votes makes one run); whichever
// server process takes the job claims the conversation (src/store/analysis-queue.ts),
// loads its votes, runs `analyze` in a worker thread, warm-started from the previous
// state, and stores the result as of the votes it read (votes cast meanwhile send a new
// job). A job whose process died expires and is taken by another process. Failures are
// stored and retried with a growing delay (a job sent for later).
import { Worker } from 'node:worker_threads';
import type { RawAnalysisInput } from './analysis-input.ts';
import { randomBase58String } from '../../protocol/random.ts';
import { analysisData, claimAnalysis, claimAnalysisOf, completeAnalysis, conversationsNeedingAnalysis, failAnalysis, pendingAnalyses, releaseAnalysis, type AnalysisOutcome, type ClaimedAnalysis } from '../../store/analysis-queue.ts';
import type { JobQueue } from '../../store/job-queue.ts';
import type { Db } from '../../store/db.ts';
import { onConversationChanged } from './events.ts';
import type { ServiceContext } from '../context.ts';

export interface MathRunnerOptions {
  /** How often an idle process looks for analysis jobs in the queue (ms; at least 500). */
  intervalMs?: number;
  /** How often to look for conversations that need work but have no job (work left from
   * before this version, a job lost); the jobs themselves are found by the queue. */
  sweepMs?: number;
  /** Delay after a vote before starting, so a burst of votes makes one run. */
  debounceMs?: number;
  /** Least time between two runs of one conversation, and at least twice its last run's
   * duration, so a big conversation does not keep the database busy (idle() does not wait). */
  minIntervalMs?: number;
  /** A run longer than this is stopped and counted as a failure. */
  timeoutMs?: number;
  /** A claim older than this is taken to belong to a process that died. */
  staleMs?: number;
  /** First delay before retrying a failed conversation; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  log?: (level: 'info' | 'error', message: string) => void;
}

export interface MathRunner {
  stop(): Promise<void>;
  /** Something changed in this conversation: look for work soon. */
  kick(conversationId: string): void;
  /** Resolves when no conversation is waiting for an analysis that can run now. */
  idle(): Promise<void>;
}

/** The queue of analysis jobs (one key per conversation). */
export const ANALYSIS_QUEUE = 'deliberation-analysis';

const DEFAULTS = {
  intervalMs: 1000,
  sweepMs: 60_000,
  debounceMs: 100,
  minIntervalMs: 1000,
  timeoutMs: 5 * 60_000,
  staleMs: 10 * 60_000,
  backoffMs: 5_000,
  maxBackoffMs: 10 * 60_000,
};

/** One worker thread, started on first use and again after a crash or a timeout. */
class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (o: AnalysisOutcome) => void; reject: (e: Error) => void }>();
  private closed = false;

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./math-worker.mjs', import.meta.url));
    w.unref();
    w.on('message', (msg: Partial<AnalysisOutcome> & { id: number; error?: string }) => {
      const job = this.waiting.get(msg.id);
      if (!job) return;
      this.waiting.delete(msg.id);
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve({ result: msg.result!, state: msg.state!, priority: msg.priority!, nVotes: msg.nVotes! });
    });
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const job of this.waiting.values()) job.reject(e);
      this.waiting.clear();
    };
    w.on('error', (e: Error) => fail(new Error(`the analysis worker failed: ${e.message}`)));
    w.on('exit', (code) => fail(new Error(`the analysis worker stopped (exit code ${code})`)));
    this.worker = w;
    return w;
  }

  /** `previous`: the JSON text of the previous state (parsed in the worker). */
  run(input: RawAnalysisInput, previous: string | null, timeoutMs: number): Promise<AnalysisOutcome> {
    if (this.closed) return Promise.reject(new Error('the math runner is stopped'));
    const w = this.start();
    const id = this.nextId++;
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the analysis took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
        void this.close();
      }, timeoutMs);
      timer.unref();
      this.waiting.set(id, {
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      w.postMessage({ id, input, previous });
    });
  }

  /** Stop the thread (a new one starts on the next run, unless `final`). */
  async close(final = false): Promise<void> {
    if (final) this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/** The analysis input of a conversation as stored now (votes still as text). */
export async function loadAnalysisInput(db: Db, conversationId: string): Promise<RawAnalysisInput> {
  const data = await analysisData(db, conversationId);
  return {
    participants: data.participants,
    // only approved, non-meta statements are analysed; rejected and meta ones stay as columns, moderated out
    statements: data.statements.map((s) => ({ id: s.id, moderatedOut: s.status !== 'approved' || s.is_meta, ...(s.is_meta && s.status === 'approved' ? { meta: true } : {}) })),
    votesText: data.votesText,
  };
}

export function startMathRunner(ctx: ServiceContext, queue: JobQueue, options: MathRunnerOptions = {}): MathRunner {
  const o = { ...DEFAULTS, ...options };
  const db = ctx.db;
  const log = options.log ?? ((level, message) => (level === 'error' ? console.error(message) : undefined));
  const worker = new AnalysisWorker();
  let stopped = false;
  let running: Promise<void> | null = null;

  const send = (id: string, delayMs: number) =>
    queue.send(ANALYSIS_QUEUE, id, delayMs).catch((e: Error) => log('error', `could not queue the analysis of conversation ${id}: ${e.message}`));

  /** Run a claimed analysis and store its outcome (or its failure, with a job for the retry). */
  async function run(job: ClaimedAnalysis): Promise<void> {
    const started = Date.now();
    try {
      let outcome: AnalysisOutcome;
      try {
        outcome = await worker.run(await loadAnalysisInput(db, job.id), job.state, o.timeoutMs);
      } catch (e) {
        if (job.state === null || stopped) throw e;
        // a warm start that does not fit (the statements changed a lot): start cold
        log('info', `analysis of conversation ${job.id}: warm start failed (${(e as Error).message}); starting cold`);
        outcome = await worker.run(await loadAnalysisInput(db, job.id), null, o.timeoutMs);
      }
      const ms = Date.now() - started;
      await completeAnalysis(db, job, outcome, new Date(), ms);
    } catch (e) {
      if (stopped) {
        // shutting down: give the conversation back for the next process, not a failure
        await releaseAnalysis(db, job).catch(() => undefined);
        await send(job.id, 0);
        return;
      }
      const message = e instanceof Error ? e.message : String(e);
      const delay = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** Math.min(job.failures, 20));
      log('error', `analysis of conversation ${job.id} failed: ${message} (retry in ${Math.round(delay / 1000)} s)`);
      await failAnalysis(db, job, message.slice(0, 2000), new Date(Date.now() + delay)).catch((e2: Error) => log('error', `could not record the failure of conversation ${job.id}: ${e2.message}`));
      await send(job.id, delay);
    }
  }

  /** One serial lane per process for analyses (one worker thread): queue jobs and idle() take turns. */
  function exclusive<T>(body: () => Promise<T>): Promise<T> {
    const previous = running ?? Promise.resolve();
    const next = previous.then(body, body);
    const done: Promise<void> = next.then(
      () => undefined,
      () => undefined,
    );
    running = done;
    void done.then(() => {
      if (running === done) running = null;
    });
    return next;
  }

  /** A job of the queue: analyse this conversation if it needs it now, or send a job for when it may. */
  async function onJob(id: string): Promise<void> {
    if (stopped) throw new Error('the math runner is stopping'); // the queue retries it elsewhere
    await exclusive(async () => {
      const now = new Date();
      // a claim older than the longest run belongs to a process that died (its job expired)
      const r = await claimAnalysisOf(db, id, { now, token: randomBase58String(16), staleBefore: new Date(now.getTime() - o.timeoutMs), minIntervalMs: o.minIntervalMs });
      if ('claimed' in r) await run(r.claimed);
      else if ('notBefore' in r) await send(id, r.notBefore.getTime() - now.getTime());
    });
  }

  /** Every conversation that needs work gets a job (stately: those that have one are not doubled). */
  async function sweep(): Promise<void> {
    try {
      for (const id of await conversationsNeedingAnalysis(db)) await send(id, 0);
    } catch (e) {
      log('error', `math runner: ${(e as Error).message}`);
    }
  }

  const ready = queue
    .define({ name: ANALYSIS_QUEUE, expireSeconds: Math.ceil(o.timeoutMs / 1000) + 60, retryLimit: 1000, retryDelaySeconds: Math.ceil(o.backoffMs / 1000) })
    .then(() => queue.work(ANALYSIS_QUEUE, onJob, o.intervalMs))
    .then(sweep)
    .catch((e: Error) => log('error', `math runner: the job queue could not be started: ${e.message}`));
  const sweeper = setInterval(() => void sweep(), o.sweepMs);
  sweeper.unref();
  const kick = (id: string) => {
    if (!stopped) void ready.then(() => send(id, o.debounceMs));
  };
  const unsubscribe = onConversationChanged(db, kick);

  const pendingNow = () => pendingAnalyses(db, new Date());

  return {
    kick,
    async idle() {
      // run what waits here and now, without the queue's delays (tests, the demo)
      await ready;
      while (!stopped && (await pendingNow()) > 0) {
        const ran = await exclusive(async () => {
          const now = new Date();
          const job = await claimAnalysis(db, { now, token: randomBase58String(16), staleBefore: new Date(now.getTime() - o.staleMs), minIntervalMs: null });
          if (job) await run(job);
          return job !== undefined;
        });
        if (!ran) await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      stopped = true;
      clearInterval(sweeper);
      unsubscribe();
      await ready;
      // stopping the worker ends a run in progress; its claim is released and its job sent again
      await worker.close(true);
      while (running) await running;
    },
  };
}
