// The math job runner: recomputes the analysis of conversations whose votes or
// moderation changed, off the request path. Who runs what is decided by the job queue
// (src/store/job-queue.ts, pg-boss in the shared database): a change sends a job naming
// the conversation (delayed a little, so a burst of votes makes one run); whichever
// server process takes the job claims the conversation (src/store/analysis-queue.ts),
// loads its votes, runs `analyze` in a worker thread, warm-started from the previous
// state, and stores the result as of the votes it read (votes cast meanwhile send a new
// job). A job whose process died expires and is taken by another process. Failures are
// stored and retried with a growing delay (a job sent for later).
//
// The worker keeps the vote matrix of the conversations it analysed (math-worker.ts).
// When this process made the stored analysis (its analysed_at is the one we wrote), the
// statements are as they were and fewer than `rebuildAfter` updates were folded in
// since the last full build, the runner reads only the votes written since the seq it
// last read (their `seq`, migration 017) and the worker folds them in: one vote at
// 50,000 participants × 2,000 statements costs about a tenth of a second instead of a
// rebuild from every vote. Anything else — a restart, another server's run, moderation,
// a count that does not add up — is a full build from every vote, as before; both give
// the same result (test/deliberation/live-matrix.test.ts).
import { Worker } from 'node:worker_threads';
import type { RawAnalysisInput } from './analysis-input.ts';
import type { MathJob, MathReply } from './math-worker.ts';
import { randomBase58String } from '../../protocol/random.ts';
import { analysisData, claimAnalysis, claimAnalysisOf, completeAnalysis, conversationsNeedingAnalysis, failAnalysis, pendingAnalyses, releaseAnalysis, type ClaimedAnalysis } from '../../store/analysis-queue.ts';
import type { JobQueue } from '../../store/job-queue.ts';
import type { Db } from '../../store/db.ts';
import { analysisDelta } from '../../store/deliberation.ts';
import type { StatementInput } from '../../deliberation/types.ts';
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
  /** Votes the worker may keep in memory over all conversations, for updates (0: always rebuild). About 5 bytes a vote, plus the analysis state. */
  keepVotes?: number;
  /** A full build from every vote after this many updates in a row, whatever else. */
  rebuildAfter?: number;
  log?: (level: 'info' | 'error', message: string) => void;
}

export interface MathRunner {
  stop(): Promise<void>;
  /** Something changed in this conversation: look for work soon. */
  kick(conversationId: string): void;
  /** Resolves when no conversation is waiting for an analysis that can run now. */
  idle(): Promise<void>;
  /** Runs so far: full builds from every vote, and updates from the kept matrix. */
  runs(): { full: number; updates: number };
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
  keepVotes: 20_000_000,
  rebuildAfter: 1000,
};

/** What this process's worker holds for a conversation (mirrored here so as to send only what is new). */
interface KeptHere {
  /** Every vote with seq up to this is in the worker's matrix. */
  seq: string;
  statementsKey: string;
  /** The analysed_at this process stored with the analysis it made. */
  analysedAt: number;
  updates: number;
}

const statementsKey = (statements: readonly StatementInput[]) => statements.map((s) => `${s.id}${s.moderatedOut ? 'x' : ''}${s.meta ? 'm' : ''}`).join(',');

/** Statements as the analysis takes them: only approved, non-meta ones are analysed; rejected and meta ones stay as columns, moderated out. */
function statementInputs(rows: readonly { id: number; status: string; is_meta: boolean }[]): StatementInput[] {
  return rows.map((s) => ({ id: s.id, moderatedOut: s.status !== 'approved' || s.is_meta, ...(s.is_meta && s.status === 'approved' ? { meta: true } : {}) }));
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** One worker thread, started on first use and again after a crash or a timeout. */
class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (o: MathReply) => void; reject: (e: Error) => void }>();
  private closed = false;

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./math-worker.mjs', import.meta.url));
    w.unref();
    w.on('message', (msg: MathReply) => {
      const job = this.waiting.get(msg.id);
      if (!job) return;
      this.waiting.delete(msg.id);
      if ('error' in msg) job.reject(new Error(msg.error));
      else job.resolve(msg);
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

  run(job: DistributiveOmit<MathJob, 'id'>, timeoutMs: number): Promise<MathReply> {
    if (this.closed) return Promise.reject(new Error('the math runner is stopped'));
    const w = this.start();
    const id = this.nextId++;
    return new Promise<MathReply>((resolve, reject) => {
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
      w.postMessage({ ...job, id });
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
    statements: statementInputs(data.statements),
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

  /** What this process's worker holds, by conversation. */
  const keptHere = new Map<string, KeptHere>();
  const runs = { full: 0, updates: 0 };

  /** Fold in the votes written since the worker's matrix was last brought up to date, if it can be: else undefined. */
  async function update(job: ClaimedAnalysis): Promise<{ reply: Extract<MathReply, { result: string }>; key: string } | undefined> {
    const k = keptHere.get(job.id);
    keptHere.delete(job.id);
    if (!k || k.updates >= o.rebuildAfter || o.keepVotes <= 0) return undefined;
    const delta = await analysisDelta(db, job.id, k.seq);
    if (delta.analysedAt?.getTime() !== k.analysedAt) return undefined; // another process made the stored analysis, or ours was not stored
    const key = statementsKey(statementInputs(delta.statements));
    if (key !== k.statementsKey) return undefined; // moderation or new statements
    const reply = await worker.run({ kind: 'update', conversation: job.id, votesText: delta.votesText, nVotes: delta.nVotes, keepVotes: o.keepVotes }, o.timeoutMs);
    if ('stale' in reply) {
      log('info', `analysis of conversation ${job.id}: full build (${reply.stale})`);
      return undefined;
    }
    if ('error' in reply) throw new Error(reply.error);
    keptHere.set(job.id, { ...k, updates: k.updates + 1 });
    runs.updates++;
    return { reply, key };
  }

  async function fullRun(job: ClaimedAnalysis, previous: string | null): Promise<{ reply: Extract<MathReply, { result: string }>; key: string }> {
    const input = await loadAnalysisInput(db, job.id);
    const reply = await worker.run({ kind: 'full', conversation: job.id, input, previous, keepVotes: o.keepVotes }, o.timeoutMs);
    if (!('result' in reply)) throw new Error('stale' in reply ? reply.stale : reply.error);
    runs.full++;
    if (reply.kept) keptHere.set(job.id, { seq: job.seq, statementsKey: statementsKey(input.statements), analysedAt: NaN, updates: 0 });
    return { reply, key: statementsKey(input.statements) };
  }

  /** Run a claimed analysis and store its outcome (or its failure, with a job for the retry). */
  async function run(job: ClaimedAnalysis): Promise<void> {
    const started = Date.now();
    try {
      let outcome = await update(job);
      if (!outcome) {
        try {
          outcome = await fullRun(job, job.state);
        } catch (e) {
          if (job.state === null || stopped) throw e;
          // a warm start that does not fit (the statements changed a lot): start cold
          log('info', `analysis of conversation ${job.id}: warm start failed (${(e as Error).message}); starting cold`);
          outcome = await fullRun(job, null);
        }
      }
      const ms = Date.now() - started;
      const at = new Date();
      await completeAnalysis(db, job, outcome.reply, at, ms);
      // the worker's matrix now holds every vote up to the seq claimed, and the analysis stored is ours
      const k = keptHere.get(job.id);
      if (k && outcome.reply.kept) keptHere.set(job.id, { ...k, seq: job.seq, statementsKey: outcome.key, analysedAt: at.getTime() });
      else keptHere.delete(job.id);
    } catch (e) {
      keptHere.delete(job.id);
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
    runs: () => ({ ...runs }),
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
