// The only code that talks to the database: PGlite (embedded Postgres, files under
// JIRGA_DATA_DIR) by default, a Postgres server when DATABASE_URL is set. One SQL
// dialect, one interface, the same migrations.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeErrorOf } from './errors.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Run `body` in one transaction; it commits if body resolves, rolls back if it throws. */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  /** For the job queue library (job-queue.ts) only: `sql` as the library writes it — with
   * parameters one statement, without them possibly several (its own schema, BEGIN...COMMIT
   * in one text); the rows of the last statement. */
  executeSql(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://... to use a server; otherwise PGlite in `dataDir`. */
  url?: string;
  dataDir?: string;
  /** The migrations to apply on opening (a directory), or false for none: tests of a migration
   * open a database at an earlier version. Default: every migration of this version. */
  migrations?: string | false;
}

/** Errors leave the store typed (errors.ts): a unique violation is a UniqueViolation, not code '23505'. */
function rethrow(e: unknown): never {
  throw storeErrorOf(e);
}

/** Run `body` in one transaction: it commits if body resolves and rolls back if it throws.
 * Services open transactions only through this and pass `tx` to store functions. */
export function withTransaction<T>(db: Db, body: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(body);
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(dataDir, { recursive: true });
  const pg = new PGlite(join(dataDir, 'pglite'));
  await pg.waitReady;
  return {
    kind: 'pglite',
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      return (await pg.query<T>(sql, params).catch(rethrow)).rows;
    },
    transaction(body) {
      return pg
        .transaction(async (tx) => body({ query: async <T extends Row>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params).catch(rethrow)).rows }))
        .catch(rethrow);
    },
    async executeSql(sql, params) {
      if (params && params.length > 0) return pg.query<Row>(sql, params);
      const results = await pg.exec(sql);
      return { rows: results[results.length - 1]?.rows ?? [] };
    },
    close: () => pg.close(),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  // bigint-sized numbers (COUNT, BIGINT columns) come back as text; we convert where needed
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, failover, a database being
  // dropped) is an 'error' on the pool: without a handler it would end the process.
  // The pool replaces the connection on next use; queries in flight fail normally.
  pool.on('error', (e) => {
    if (process.env.JIRGA_LOG !== '0') console.error(`postgres: an idle connection was closed (${e.message}); it will be replaced`);
  });
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params).catch(rethrow)).rows as T[];
    },
    async transaction(body) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await body({ query: async <T extends Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params).catch(rethrow)).rows as T[] });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw storeErrorOf(e);
      } finally {
        client.release();
      }
    },
    async executeSql(sql, params) {
      const result = (await pool.query(sql, params)) as unknown as { rows: Row[] } | { rows: Row[] }[];
      return Array.isArray(result) ? { rows: result[result.length - 1]?.rows ?? [] } : result;
    },
    close: () => pool.end(),
  };
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The key of the advisory lock held while migrating (any number, the same in every process). */
const MIGRATION_LOCK = 4_217_001;

/** Apply every migration not yet applied, each in its own transaction. Several server
 * processes may start at once on one Postgres database: each migration's transaction
 * first takes a transaction-level advisory lock and looks again whether another process
 * applied it meanwhile, so each is applied once and a process never sees half a schema. */
export async function migrate(db: Db, directory = MIGRATIONS): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  });
  const done = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const applied: string[] = [];
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.sql')).sort()) {
    if (done.has(file)) continue;
    const sql = readFileSync(join(directory, file), 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if ((await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [file])).length > 0) return false;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
      return true;
    });
    if (ran) applied.push(file);
  }
  return applied;
}

/** Split a migration into statements (no semicolons inside our statements' strings). */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Db> {
  const db = options.url ? await openPostgres(options.url) : await openPglite(options.dataDir ?? 'data');
  if (options.migrations !== false) await migrate(db, options.migrations ?? MIGRATIONS);
  return db;
}
