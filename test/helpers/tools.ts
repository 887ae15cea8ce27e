// Running the reference tool (belenios-tool) and our CLI from tests.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const JIRGA = `node ${join(ROOT, 'bin', 'jirga.mjs')}`;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(command, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, BELENIOS_USE_URANDOM: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  // a command that refuses its options may exit before reading its input: writing it then
  // fails with EPIPE, which says nothing about the command (its exit status does)
  if (r.error && !((r.error as NodeJS.ErrnoException).code === 'EPIPE' && r.status !== null)) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function jirga(args: string[], options: { cwd?: string; input?: string } = {}): Run {
  return run('node', [join(ROOT, 'bin', 'jirga.mjs'), ...args], options);
}

/** Our CLI without blocking this process: for runs against a server started by the same test. */
export function jirgaAsync(args: string[], options: { input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [join(ROOT, 'bin', 'jirga.mjs'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** belenios-tool must be installed (.ci/run installs it); tests fail loudly if not. */
export function belenios(args: string[], options: { cwd?: string; input?: string } = {}): Run {
  const r = spawnSync('belenios-tool', ['--version'], { encoding: 'utf8' });
  if (r.error) throw new Error('belenios-tool is not installed: run "apt-get install -y belenios-tool" (the CI does)');
  return run('belenios-tool', args, options);
}

export function tempDir(prefix = 'jirga-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function archiveIn(dir: string): string {
  const bel = readdirSync(dir).filter((f) => f.endsWith('.bel'));
  if (bel.length !== 1) throw new Error(`expected one .bel in ${dir}, found ${bel.length}`);
  return join(dir, bel[0]!);
}

/** belenios-tool election verify on an archive, in a directory of its own. */
export function beleniosVerify(archive: Uint8Array | string, name = 'election.bel'): Run {
  const dir = tempDir('jirga-bel-');
  if (typeof archive === 'string') copyFileSync(archive, join(dir, name));
  else writeFileSync(join(dir, name), archive);
  return belenios(['election', 'verify', '--dir', dir]);
}

export interface ReferenceElection {
  dir: string;
  archive: string;
  bytes: Uint8Array;
  privateCredentials: string[];
}

/** An election run by test/helpers/belenios-election.sh (belenios-tool by default;
 * SETUP_TOOL, VOTE_TOOLS and TALLY_TOOL put jirga in its place for any part). */
export function referenceElection(
  mode: 'basic' | 'threshold',
  voters: number,
  flags: string[] = [],
  tools: { SETUP_TOOL?: string; VOTE_TOOLS?: string; TALLY_TOOL?: string } = {},
): ReferenceElection {
  belenios(['--version']);
  const dir = tempDir('jirga-ref-');
  const r = run('bash', [join(ROOT, 'test', 'helpers', 'belenios-election.sh'), dir, mode, String(voters), ...flags], { env: tools as Record<string, string> });
  if (r.code !== 0) throw new Error(`belenios-election.sh failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
  const archive = archiveIn(dir);
  return {
    dir,
    archive,
    bytes: readFileSync(archive),
    privateCredentials: readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ').pop()!),
  };
}

export function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}
