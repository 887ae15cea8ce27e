// The one module of the sanctions core that reads files: the lists bundled with
// Jirga (data/sanctions, or JIRGA_SANCTIONS_DIR), or a directory given by the user.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnusableInput } from '../kernel/errors.ts';
import { buildDataset, type BuildOptions, type SanctionsDataset } from '../sanctions/dataset.ts';
import type { SourceFile } from '../sanctions/detect.ts';

/** data/sanctions of the Jirga installation (found from this module, in src/ or in dist/). */
export function bundledDir(): string {
  if (process.env.JIRGA_SANCTIONS_DIR) return process.env.JIRGA_SANCTIONS_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', 'sanctions');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new UnusableInput('the bundled sanctions lists (data/sanctions) are missing from this installation');
}

function readUtf8(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnusableInput(`"${path}" cannot be read${code === 'EACCES' ? ' (permission denied)' : code === 'ENOENT' ? ' (it does not exist)' : ''}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnusableInput(`"${path}" is not UTF-8 text`);
  }
}

/** The files of a directory (not its subdirectories), or one file. */
export function readSourceFiles(path: string): SourceFile[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UnusableInput(`lists directory "${path}" does not exist`);
  }
  if (st.isFile()) return [{ name: basename(path), text: readUtf8(path) }];
  let names: string[];
  try {
    names = readdirSync(path).sort();
  } catch {
    throw new UnusableInput(`lists directory "${path}" cannot be read`);
  }
  return names
    .filter((n) => !n.startsWith('.') && statSync(join(path, n)).isFile())
    .filter((n) => !/\.(xsd|md|txt|yml|yaml|json|pdf|html?)$/i.test(n))
    .map((n) => ({ name: n, text: readUtf8(join(path, n)) }));
}

/** Build the network from the list files in a directory (recognised by their content). */
export function loadSanctionsDir(path: string, options: BuildOptions = {}): SanctionsDataset {
  return buildDataset(readSourceFiles(resolve(path)), options);
}

let bundled: SanctionsDataset | undefined;

/** The bundled lists, loaded once per process. */
export function loadBundledSanctions(): SanctionsDataset {
  bundled ??= loadSanctionsDir(bundledDir());
  return bundled;
}

/** Whether a list reference (TAi.144, GB:AFG0112, US:10743) is in the bundled lists: what the
 * monitor's relation claims are checked against, by the server and by `jirga monitor check`. */
export function isBundledListReference(ref: string): boolean {
  return loadBundledSanctions().byRef.has(ref);
}
