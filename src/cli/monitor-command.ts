// `jirga monitor tally --claims claims.json [--weights W.json] [--at YYYY-MM-DD] [--json]`
//   recompute the recognition tally from the monitor's public export, without
//   trusting the server's own figures.
// `jirga monitor check --file F [--format json|csv]`
//   check an import file before uploading it, with the server import's own checks
//   (checkImport): exit 0: what it holds; 2: the first problem, in the server's words.
import { z } from 'zod';
import { formatIssues } from '../protocol/codec.ts';
import { UnusableInput } from '../kernel/errors.ts';
import { checkImport } from '../monitor/exchange.ts';
import { isBundledListReference } from '../node/sanctions-files.ts';
import { CLAIM_KINDS, CLAIM_STATUSES, DEFAULT_WEIGHTS, ENGAGEMENT_TYPES, SECTORS, zPastDate, zWeights, type Claim } from '../monitor/model.ts';
import { tallyCountries } from '../monitor/scoring.ts';
import { parseOptions, readText, requireOption } from './io.ts';

// what the tally needs of each exported claim
const zExportedClaim = z
  .object({
    id: z.string().min(1),
    kind: z.enum(CLAIM_KINDS),
    status: z.enum(CLAIM_STATUSES),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    sample: z.boolean().default(false),
    engagement: z.object({ state: z.string().regex(/^[A-Z]{2}$/), type: z.enum(ENGAGEMENT_TYPES), sector: z.enum(SECTORS).optional() }).nullable().default(null),
  })
  .passthrough();
const zExport = z.object({ claims: z.array(zExportedClaim) }).passthrough();

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readText(path, what));
  } catch (e) {
    if (e instanceof UnusableInput) throw e;
    throw new UnusableInput(`${what} "${path}" is not JSON: ${(e as Error).message}`);
  }
}

function tallyCommand(args: string[]): number {
  const { values } = parseOptions(args, { claims: { type: 'string' }, weights: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } });
  const path = requireOption(values, 'claims');
  const parsed = zExport.safeParse(readJson(path, 'claims export'));
  if (!parsed.success) throw new UnusableInput(`"${path}" is not the monitor's claims export (GET /api/monitor/claims.json): ${formatIssues(parsed.error)}`);
  let weights = DEFAULT_WEIGHTS;
  if (values.weights) {
    const w = zWeights.safeParse(readJson(String(values.weights), 'weights file'));
    if (!w.success) throw new UnusableInput(`weights file "${values.weights}": ${formatIssues(w.error)}`);
    weights = w.data;
  }
  let at: string | undefined;
  if (values.at !== undefined) {
    const d = zPastDate('--at').safeParse(values.at);
    if (!d.success) throw new UnusableInput(formatIssues(d.error));
    at = d.data;
  }
  const claims = parsed.data.claims.map((c) => ({ benchmarks: [], sources: [], assessment: null, text: {}, ...c }) as unknown as Claim);
  const tally = tallyCountries(claims, weights, at);
  if (values.json) {
    console.log(JSON.stringify({ at: at ?? null, weights, states: tally }, null, 1));
    return 0;
  }
  console.log(`state  score  events  humanitarian  last event${at ? `   (up to ${at})` : ''}`);
  for (const t of tally) console.log(`${t.state.padEnd(5)}  ${String(t.score).padStart(5)}  ${String(t.events).padStart(6)}  ${String(t.humanitarian).padStart(12)}  ${t.lastDate ?? ''}${t.sample ? '  (includes samples — not real events)' : ''}`);
  if (tally.length === 0) console.log('(no published engagement events)');
  return 0;
}

function checkCommand(args: string[]): number {
  const { values } = parseOptions(args, { file: { type: 'string' }, format: { type: 'string' } });
  const path = requireOption(values, 'file');
  const format = values.format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  if (format !== 'json' && format !== 'csv') throw new UnusableInput(`--format must be json or csv, not "${String(format)}"`);
  const text = readText(path, 'import file');
  // the server's own checks of an import (one function), relations against the same bundled lists
  const batch = checkImport(format, text, { knownListReference: isBundledListReference });
  const kinds = CLAIM_KINDS.map((k) => `${batch.claims.filter((c) => c.kind === k).length} ${k}`).join(', ');
  console.log(`${path}: ${batch.sources.length} sources, ${batch.claims.length} claims (${kinds}); usable — they will enter as proposed, for a reviewer to publish`);
  if (batch.citedOutside.length) console.log(`note: cited but not in this file: ${batch.citedOutside.join(', ')}; the server imports the file only if each is the id of a source (or, for an assessment's evidence, a published claim) it already holds`);
  return 0;
}

export const MONITOR_COMMANDS = { tally: tallyCommand, check: checkCommand };
