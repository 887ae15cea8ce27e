// Real Polis exports (CC BY 4.0): copies in test/fixtures/polis for the tests;
// ../shared/data/polis (all four, with the largest) for the benchmark.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tools.ts';

export const POLIS_FIXTURES = join(ROOT, 'test', 'fixtures', 'polis');
export const SHARED_POLIS = join(ROOT, '..', 'shared', 'data', 'polis');
export const POLIS_DATA = process.env.JIRGA_POLIS_DATA ?? POLIS_FIXTURES;

export function polisFolder(name: string): string {
  const dir = join(POLIS_DATA, name);
  if (!existsSync(join(dir, 'comments.csv'))) throw new Error(`the Polis export ${name} is needed at ${dir} (test/fixtures/polis, or set JIRGA_POLIS_DATA)`);
  return dir;
}

export const AUSTRIA = 'austria-climate.5twd2jsnkf.2022-08-08';
export const VTAIWAN = 'vtaiwan.uberx';
export const BOWLING_GREEN = 'american-assembly.bowling-green';
export const UBI = 'scoop-hivemind.ubi';
