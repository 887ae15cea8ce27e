// A Jirga server for tests, in this process, on PGlite (a fresh directory) or on
// the machine's Postgres (a fresh database, dropped afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { startMathRunner, type MathRunner, type MathRunnerOptions } from '../../src/services/conversations/math-runner.ts';
import { startCloser, type Closer, type CloserOptions } from '../../src/services/elections/closer.ts';
import { BallotWorkerPool } from '../../src/node/ballot-pool.ts';
import { shuffleInWorker } from '../../src/node/shuffle-thread.ts';
import { registerOpensslEngine } from '../../src/node/openssl-engine.ts';
import { buildServer } from '../../src/server/app.ts';
import type { DeliberationRouteOptions } from '../../src/server/app.ts';
import { createAccount } from '../../src/store/accounts.ts';
import { openDatabase, withTransaction, type Db } from '../../src/store/db.ts';
import { openJobQueue, type JobQueue } from '../../src/store/job-queue.ts';
import type { ServiceContext } from '../../src/services/context.ts';

export const POSTGRES_URL = process.env.JIRGA_TEST_DATABASE_URL ?? `postgres://${process.env.PGUSER ?? process.env.USER ?? 'root'}@127.0.0.1:5432/test`;
export const ORGANISER_PASSWORD = 'test-organiser-password';

export type DbKind = 'pglite' | 'postgres';

export async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `jirga_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect().catch((e: Error) => {
    throw new Error(`Postgres is needed for this test at ${POSTGRES_URL} (set JIRGA_TEST_DATABASE_URL): ${e.message}`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated database of its own: a fresh PGlite directory, or a fresh Postgres database; `cleanup` removes it (after db.close()). */
export async function openTestDatabase(kind: DbKind): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jirga-pglite-'));
    return { db: await openDatabase({ dataDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const fresh = await freshPostgresUrl();
  return { db: await openDatabase({ url: fresh.url }), cleanup: fresh.drop };
}

export interface TestServer {
  base: string;
  ctx: ServiceContext;
  /** The Fastify instance (its services, its registered routes). */
  app: FastifyInstance;
  /** The deliberation math runner, when started with the `math` option. */
  math?: MathRunner;
  /** This server's closer (the organiser's "close now" and scheduled closes, through the job queue); none with `closer: false`. */
  closer?: Closer;
  /** The job queue this server works from (pg-boss in its database). */
  queue: JobQueue;
  stop: () => Promise<void>;
}

export async function startTestServer(
  kind: DbKind,
  options: { now?: () => Date; webRoot?: string; math?: boolean | MathRunnerOptions; deliberation?: DeliberationRouteOptions; trustProxy?: string[]; publicUrl?: string; relayTo?: string; closer?: CloserOptions | false } = {},
): Promise<TestServer> {
  registerOpensslEngine();
  const { db, cleanup } = await openTestDatabase(kind);
  await withTransaction(db, (tx) => createAccount(tx, 'organiser', ORGANISER_PASSWORD));
  const pool = new BallotWorkerPool(2);
  const ctx: ServiceContext = { db, checkBallot: async (raw, b) => (await pool.check(raw, [b]))[0]!, now: options.now ?? (() => new Date()), shuffleFirst: shuffleInWorker, sharedLimits: kind === 'postgres', ...(options.relayTo ? { relayTo: options.relayTo } : {}) };
  // the job queue, as `jirga serve` has it: closes go through it (the sweep's timer never comes in a test: sweep() when needed)
  const queue = await openJobQueue(db, { superviseSeconds: 1 });
  // (closer: false — tests of the closer that start their own — leaves the organiser's close without one: a 500)
  const closer = options.closer === false ? undefined : startCloser(ctx, queue, { sweepMs: 60 * 60 * 1000, pollMs: 500, ...options.closer });
  const app = await buildServer({ ctx, ...(closer ? { closer } : {}), logger: false, strictResponses: true, webRoot: options.webRoot ?? '/nonexistent', ...(options.deliberation ? { deliberation: options.deliberation } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const math = options.math ? startMathRunner(ctx, queue, options.math === true ? {} : options.math) : undefined;
  return {
    base: `http://127.0.0.1:${port}`,
    ctx,
    app,
    ...(math ? { math } : {}),
    ...(closer ? { closer } : {}),
    queue,
    stop: async () => {
      await closer?.stop();
      await math?.stop();
      await queue.stop();
      await app.close();
      await pool.close();
      await db.close();
      await cleanup();
    },
  };
}
