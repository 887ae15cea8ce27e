// `jirga serve` (npm start): database, migrations, demo convention on a fresh
// database, the HTTP server, and the scheduler that closes elections on time.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { startCloser } from '../services/elections/closer.ts';
import { loadDemoCredentials, seedDemo } from '../services/elections/demo.ts';
import { startMathRunner } from '../services/conversations/math-runner.ts';
import { seedDemoConversation } from '../services/conversations/demo.ts';
import { seedDemoMonitor } from '../services/monitor/demo.ts';
import { startRelayForwarder } from '../services/relay/relay.ts';
import { BallotWorkerPool } from '../node/ballot-pool.ts';
import { shuffleInWorker } from '../node/shuffle-thread.ts';
import { registerOpensslEngine } from '../node/openssl-engine.ts';
import { accountCount, createAccount } from '../store/accounts.ts';
import { openDatabase, withTransaction, type Db } from '../store/db.ts';
import { UniqueViolation } from '../store/errors.ts';
import { openJobQueue } from '../store/job-queue.ts';
import { listConventions } from '../store/elections.ts';
import { buildServer } from './app.ts';
import type { ServiceContext } from '../services/context.ts';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  webRoot?: string;
  log: boolean;
  /** Where the quick exit lands (JIRGA_EXIT_URL): a neutral page of the organiser's choice; by default web/public/exit.html. */
  exitUrl?: string;
  /** The reverse proxies whose X-Forwarded-* headers are believed (JIRGA_TRUST_PROXY); none by default. */
  trustProxy?: string[];
  /** The public address (JIRGA_PUBLIC_URL), e.g. https://jirga.example.org. */
  publicUrl?: string;
  /** Relay mode (JIRGA_RELAY_TO or `jirga serve --relay-to URL`): the primary that ballots for elections not hosted here are forwarded to. */
  relayTo?: string;
}

/** proxy-addr's names for address ranges (what Fastify's trustProxy understands besides addresses). */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * JIRGA_TRUST_PROXY: a comma-separated list of the reverse proxies in front (addresses, CIDR
 * ranges, or loopback / linklocal / uniquelocal). Not "true" nor a hop count: either would
 * let anyone who reaches the server directly claim to be a proxy (https, another address).
 */
export function trustProxyFrom(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '' || value.trim() === '0') return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    const [address, bits, ...rest] = item.split('/');
    const isAddress = isIP(address ?? '') !== 0;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address ?? '') === 6 ? 128 : 32));
    if (!(PROXY_RANGES.includes(item) || (isAddress && okBits && rest.length === 0))) {
      throw new Error(`JIRGA_TRUST_PROXY must list the proxies' addresses or ranges (e.g. 127.0.0.1,::1 or 10.0.0.0/8, or loopback), not "${item}"`);
    }
  }
  return items;
}

/** JIRGA_RELAY_TO / --relay-to: the primary's http(s) address. */
export function relayToFrom(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the relay's primary (JIRGA_RELAY_TO, --relay-to) must be an http(s) address such as https://jirga.example.org, not "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the relay's primary (JIRGA_RELAY_TO, --relay-to) must be an http(s) address, not "${value}"`);
  return url.href.replace(/\/+$/, '');
}

/** JIRGA_PUBLIC_URL: the http(s) address the public uses. */
export function publicUrlFrom(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`JIRGA_PUBLIC_URL must be an http(s) address such as https://jirga.example.org, not "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`JIRGA_PUBLIC_URL must be an http(s) address, not "${value}"`);
  return url.href;
}

/** JIRGA_EXIT_URL: an http(s) address or a path on this server. */
export function exitUrlFrom(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\/(?!\/)/.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`JIRGA_EXIT_URL must be an http(s) address or a path starting with /, not "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`JIRGA_EXIT_URL must be an http(s) address, not "${value}"`);
  return url.href;
}

export function serveOptionsFromEnv(env = process.env): ServeOptions {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.JIRGA_DATA_DIR ?? 'data',
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    demo: env.JIRGA_DEMO !== '0',
    log: env.JIRGA_LOG !== '0',
    ...(env.JIRGA_EXIT_URL ? { exitUrl: exitUrlFrom(env.JIRGA_EXIT_URL)! } : {}),
    ...(trustProxyFrom(env.JIRGA_TRUST_PROXY) ? { trustProxy: trustProxyFrom(env.JIRGA_TRUST_PROXY)! } : {}),
    ...(env.JIRGA_PUBLIC_URL ? { publicUrl: publicUrlFrom(env.JIRGA_PUBLIC_URL)! } : {}),
    ...(env.JIRGA_RELAY_TO ? { relayTo: relayToFrom(env.JIRGA_RELAY_TO)! } : {}),
  };
}

export async function startServer(options: ServeOptions) {
  registerOpensslEngine();
  const db: Db = await openDatabase({ ...(options.databaseUrl ? { url: options.databaseUrl } : {}), dataDir: options.dataDir });
  const pool = new BallotWorkerPool();
  const ctx: ServiceContext = {
    db,
    checkBallot: async (electionRaw, ballot) => (await pool.check(electionRaw, [ballot]))[0]!,
    now: () => new Date(),
    shuffleFirst: shuffleInWorker,
    ...(options.relayTo ? { relayTo: options.relayTo } : {}),
    // several server processes may share a Postgres database: so do their rate limits
    sharedLimits: db.kind === 'postgres',
  };
  const lines: string[] = [];
  if ((await accountCount(db)) === 0) {
    const password = process.env.JIRGA_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    // several servers starting at once on one database: one of them creates the account
    const created = await withTransaction(db, (tx) => createAccount(tx, 'organiser', password)).then(
      () => true,
      (e: unknown) => {
        if (e instanceof UniqueViolation) return false;
        throw e;
      },
    );
    if (created) lines.push(`Organiser account created: organiser / ${password}  (shown once; set JIRGA_ADMIN_PASSWORD to choose it)`);
  }
  let demo: Awaited<ReturnType<typeof seedDemo>> = [];
  let demoConversation: string | undefined;
  // the demo's sample credentials, from an earlier start (shown on the demo election's page)
  if (options.demo) ctx.demoCredentials = loadDemoCredentials(options.dataDir);
  if (options.demo && (await listConventions(db)).length === 0) {
    console.log('Creating the demo convention (sample data)...');
    demo = await seedDemo(ctx, options.dataDir);
    const [convention] = await listConventions(db);
    if (convention) demoConversation = await seedDemoConversation(ctx, convention.id);
    const samples = await seedDemoMonitor(ctx);
    lines.push(`Accountability monitor with ${samples} sample entries, each marked "sample — not a real event" (a real deployment starts empty: JIRGA_DEMO=0)`);
  }
  // the job queue (pg-boss) in the same database: any server process may take any job
  const queue = await openJobQueue(db);
  // elections to close (closing time passed, or the organiser's "close now"): closed by one server, through the queue
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  const closer = startCloser(ctx, queue, { log: (message) => (app ? app.log.error(message) : console.error(message)) });
  app = await buildServer({ ctx, closer, logger: options.log, ...(options.webRoot ? { webRoot: options.webRoot } : {}), ...(options.exitUrl ? { exitUrl: options.exitUrl } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const base = `http://localhost:${port}`;
  console.log(`\nJirga is running at ${base}/  (database: ${db.kind === 'pglite' ? `PGlite in ${join(options.dataDir, 'pglite')}` : 'Postgres'})`);
  for (const l of lines) console.log(l);
  // relay mode: ballots for elections held elsewhere, forwarded until the primary has them
  const relay = options.relayTo ? startRelayForwarder(db, options.relayTo) : undefined;
  if (options.relayTo) console.log(`Relay mode: ballots for elections not held here are kept and forwarded to ${options.relayTo}`);
  for (const e of demo) {
    if (e.state === 'published') {
      console.log(`\nDemo election, counted: ${base}/e/${e.uuid}  (verify it there, or: npx jirga verify <downloaded archive>)`);
    } else {
      console.log(`\nDemo election, open for voting: ${base}/e/${e.uuid}/vote`);
      console.log('Demo voter credentials (one per voter; paste one into the voting page):');
      for (const c of e.credentials) console.log(`  ${c}`);
      console.log('Trustee pages, to decrypt after the organiser closes the vote (each with its key file):');
      e.trustees.forEach((t, i) => console.log(`  trustee ${i + 1}: ${base}/trustee#${t.token}  key file: ${t.keyFile}`));
    }
  }
  console.log(`\nAccountability monitor: ${base}/monitor  (editors and reviewers work at ${base}/organiser/monitor)`);
  console.log(`Sanctions network (UN, UK and US lists, bundled in data/sanctions): ${base}/sanctions`);
  if (demoConversation) {
    console.log(`\nDemo conversation (deliberation, 40 simulated participants): ${base}/d/${demoConversation}`);
    console.log(`  its report (opinion groups, common ground): ${base}/d/${demoConversation}/report`);
  }
  // deliberation analyses, off the request path (a worker thread)
  const debounce = Number(process.env.JIRGA_ANALYSIS_DELAY_MS ?? '');
  const math = startMathRunner(ctx, queue, {
    ...(Number.isFinite(debounce) && debounce > 0 ? { debounceMs: debounce } : {}),
    log: (level, message) => (level === 'error' ? app.log.error(message) : app.log.info(message)),
  });
  const stop = async () => {
    await closer.stop();
    await relay?.stop();
    await math.stop();
    await queue.stop();
    await app.close();
    await pool.close();
    await db.close();
  };
  return { app, ctx, stop, port, demo };
}
