// File and argument helpers shared by the CLI commands: every failure becomes a
// message a person can act on (UnusableInput -> exit 2), never a stack trace.
import { toAsciiDigits } from '../kernel/digits.ts';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';

export function readBytes(path: string, what: string, maxBytes?: number, tooLarge?: (size: number) => string): Uint8Array {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UnusableInput(`${what} "${path}" is a directory, not a file`);
    // refuse a file over the limit before reading it into memory
    if (maxBytes !== undefined && st.size > maxBytes) throw new UnusableInput(tooLarge ? tooLarge(st.size) : `${what} "${path}" is larger than ${maxBytes} bytes`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UnusableInput) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnusableInput(`${what} "${path}" does not exist`);
    if (code === 'EACCES') throw new UnusableInput(`${what} "${path}" cannot be read (permission denied)`);
    throw new UnusableInput(`${what} "${path}" cannot be read (${(e as Error).message})`);
  }
}

export function readText(path: string, what: string): string {
  const bytes = readBytes(path, what);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnusableInput(`${what} "${path}" is not UTF-8 text`);
  }
}

/** File content without its final newline, as belenios-tool reads setup files. */
export function readTrimmed(path: string, what: string): string {
  return readText(path, what).replace(/\r?\n$/, '');
}

/** Non-empty lines of a file. */
export function readLines(path: string, what: string): string[] {
  return readText(path, what).split(/\r?\n/).filter((l) => l !== '');
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function writeNewFile(path: string, content: string, mode: number): void {
  if (existsSync(path)) throw new InvalidRequest(`${path} already exists; refusing to overwrite it`);
  writeFileSync(path, content, { mode, flag: 'wx' });
  chmodSync(path, mode);
}

export function writeFile(path: string, content: string | Uint8Array): void {
  writeFileSync(path, content);
}

export function appendBytes(path: string, bytes: Uint8Array): void {
  appendFileSync(path, bytes);
}

/** The single .bel file of a directory (belenios-tool's convention). */
export function findArchive(dir: string): string {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new UnusableInput(`directory "${dir}" cannot be read`);
  }
  const bels = entries.filter((f) => f.endsWith('.bel'));
  if (bels.length !== 1) throw new UnusableInput(`directory ${dir} must contain a single .bel file (found ${bels.length})`);
  return join(dir, bels[0]!);
}

export type Options = Record<string, string | boolean | undefined>;

export function parseOptions(args: string[], options: ParseArgsConfig['options'], positionals = 0): { values: Options; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
    if (r.positionals.length > positionals) throw new InvalidRequest(`unexpected argument "${r.positionals[positionals]}"`);
    return { values: r.values as Options, positionals: r.positionals };
  } catch (e) {
    if (e instanceof InvalidRequest) throw e;
    throw new InvalidRequest((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function requireOption(values: Options, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new InvalidRequest(`--${name} is mandatory`);
  return v;
}

export function integerOption(values: Options, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  // digits typed on a Dari, Pashto or Arabic keyboard are read as digits
  const v = typeof raw === 'string' ? toAsciiDigits(raw.trim()) : raw;
  const r = z.coerce.number().int().min(min).max(max).safeParse(v);
  if (!r.success || !/^\d+$/.test(String(v))) throw new InvalidRequest(`--${name} must be a whole number between ${min} and ${max}, not "${String(v)}"`);
  return r.data;
}

/** The server's address: http(s) only, without a path beyond the site's own. */
export function serverBase(raw: string, option = 'server'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidRequest(`--${option} must be the address of a Jirga server, like https://jirga.example.org, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidRequest(`--${option} must be an http:// or https:// address, not "${raw}"`);
  return url.href.replace(/\/+$/, '');
}
