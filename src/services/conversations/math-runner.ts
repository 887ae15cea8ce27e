// The math job runner: recomputes the analysis of conversations whose votes or
// moderation changed, off the request path. The queue is the conversations table
// itself (src/store/analysis-queue.ts): a runner claims a conversation there, so two
// server processes never run the same one; loads its votes; runs `analyze` in a
// worker thread, warm-started from the previous state; and stores the result as of
// the votes it read (votes cast meanwhile make it run again). Failures are stored
// and retried with a growing delay.
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
import { analysisData, claimAnalysis, completeAnalysis, failAnalysis, pendingAnalyses, releaseAnalysis, type ClaimedAnalysis } from '../../store/analysis-queue.ts';
import type { Db } from '../../store/db.ts';
import { analysisDelta } from '../../store/deliberation.ts';
import type { StatementInput } from '../../deliberation/types.ts';
import { onConversationChanged } from './events.ts';
import type { ServiceContext } from '../context.ts';

export interface MathRunnerOptions {
  /** How often to look for work in the database (other processes' votes too). */
  intervalMs?: number;
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

const DEFAULTS = {
  intervalMs: 500,
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

export function startMathRunner(ctx: ServiceContext, options: MathRunnerOptions = {}): MathRunner {
  const o = { ...DEFAULTS, ...options };
  const db = ctx.db;
  const log = options.log ?? ((level, message) => (level === 'error' ? console.error(message) : undefined));
  const worker = new AnalysisWorker();
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let debounce: NodeJS.Timeout | null = null;

  function claim(force: boolean): Promise<ClaimedAnalysis | undefined> {
    const now = new Date();
    return claimAnalysis(db, { now, token: randomBase58String(16), staleBefore: new Date(now.getTime() - o.staleMs), minIntervalMs: force ? null : o.minIntervalMs });
  }

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

  async function runOne(force: boolean): Promise<boolean> {
    const job = await claim(force);
    if (!job) return false;
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
        // shutting down: give the job back for the next process, not a failure
        await releaseAnalysis(db, job).catch(() => undefined);
        return false;
      }
      const message = e instanceof Error ? e.message : String(e);
      const delay = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** Math.min(job.failures, 20));
      log('error', `analysis of conversation ${job.id} failed: ${message} (retry in ${Math.round(delay / 1000)} s)`);
      await failAnalysis(db, job, message.slice(0, 2000), new Date(Date.now() + delay)).catch((e2: Error) => log('error', `could not record the failure of conversation ${job.id}: ${e2.message}`));
    }
    return true;
  }

  async function drain(force: boolean): Promise<void> {
    try {
      while (!stopped && (await runOne(force)));
    } catch (e) {
      // the database is unreachable, say: the next poll tries again
      log('error', `math runner: ${(e as Error).message}`);
    }
  }

  function schedule(force = false): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = drain(force).finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void schedule();
      }
    });
    return running;
  }

  const poll = setInterval(() => void schedule(), o.intervalMs);
  poll.unref();
  const kick = () => {
    if (stopped || debounce) return;
    debounce = setTimeout(() => {
      debounce = null;
      void schedule();
    }, o.debounceMs);
    debounce.unref();
  };
  const unsubscribe = onConversationChanged(db, kick);
  void schedule();

  const pendingNow = () => pendingAnalyses(db, new Date());

  return {
    kick,
    runs: () => ({ ...runs }),
    async idle() {
      for (;;) {
        if (stopped) return;
        while (running) await running;
        if ((await pendingNow()) === 0) return;
        if (!running) await schedule(true);
        else await running;
        if ((await pendingNow()) > 0) await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      if (debounce) clearTimeout(debounce);
      unsubscribe();
      // stopping the worker ends a run in progress; its claim is released
      await worker.close(true);
      while (running) await running;
    },
  };
}
