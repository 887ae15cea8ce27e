// `jirga serve` as a child process of a test (PGlite in a data directory of the test's, or
// Postgres at DATABASE_URL), on a port the OS picks (PORT=0, read from what it prints): for
// tests that kill the process (SIGKILL) and start it again on the same data.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ORGANISER_PASSWORD } from './server.ts';
import { ROOT } from './tools.ts';

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
}

/** `jirga serve [args]` on PGlite in `dataDir`, or on the Postgres at `databaseUrl`; resolves once /healthz answers. */
export async function startServerProcess(dataDir: string, options: { databaseUrl?: string | undefined; args?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir, JIRGA_DEMO: '0', JIRGA_LOG: '0', JIRGA_ADMIN_PASSWORD: ORGANISER_PASSWORD, ...options.env };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  delete env.JIRGA_RELAY_TO;
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'serve', ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 120_000; // generous: PGlite, migrations and the ballot workers start slowly on a loaded machine
  for (;;) {
    const port = /Jirga is running at http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    if (port) {
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      return { child, base, output: () => output };
    }
    if (!alive(child) || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Still running? (A process killed by a signal keeps exitCode null.) */
export function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGKILL, resolved once the process is gone. */
export function kill(child: ChildProcess): Promise<void> {
  if (!alive(child)) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
