// `jirga sanctions screen (--query NAME | --queries FILE) [--dob YEAR] [--threshold T] [--limit N] [--lists DIR] [--json]`
// `jirga sanctions entity REF [--lists DIR] [--json]`
// `jirga sanctions network [REF] [--depth N] [--lists DIR]`            (JSON)
// `jirga sanctions coverage [--lists DIR] [--json]`
// The bundled lists (data/sanctions) unless --lists names a directory (or one file)
// of list files, recognised by content. Exit 0 on success (matches or not), 2 on
// bad input or an unusable list file.
import { z } from 'zod';
import { formatIssues } from '../protocol/codec.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { coverage, DEFAULT_LIMIT, DEFAULT_THRESHOLD, entity, network, screen, type SanctionsDataset } from '../sanctions/index.ts';
import { loadBundledSanctions, loadSanctionsDir } from '../node/sanctions-files.ts';
import { parseOptions, readText, type Options } from './io.ts';

const MAX_NAME = 300;

const zName = z
  .string()
  .transform((s) => s.replace(/^\uFEFF/, '').trim())
  .pipe(z.string().min(1, 'the name is empty').max(MAX_NAME, `a name has at most ${MAX_NAME} characters`));

const zScreenOptions = z.object({
  threshold: z.coerce.number({ error: '--threshold must be a number' }).min(0, '--threshold must be between 0 and 1').max(1, '--threshold must be between 0 and 1').optional(),
  limit: z.coerce.number({ error: '--limit must be a whole number' }).int('--limit must be a whole number').min(1, '--limit must be at least 1').max(1000, '--limit must be at most 1000').optional(),
  dob: z
    .string()
    .regex(/^\d{4}(-\d{2}-\d{2})?$/, '--dob must be a year (1977) or a date (1977-05-01)')
    .optional(),
});

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidRequest(formatIssues(r.error));
  return r.data;
}

function dataset(values: Options): SanctionsDataset {
  const dir = values.lists;
  if (dir === undefined) return loadBundledSanctions();
  if (typeof dir !== 'string' || dir === '') throw new InvalidRequest('--lists needs a directory');
  return loadSanctionsDir(dir);
}

/** The names of a --queries file: one a line, blank lines skipped. */
export function readQueries(path: string): string[] {
  const lines = readText(path, 'queries file').replace(/^\uFEFF/, '').split(/\r?\n/);
  const names: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = zName.safeParse(line);
    if (!r.success) throw new UnusableInput(`queries file "${path}", line ${i + 1}: ${formatIssues(r.error)}`);
    names.push(r.data);
  });
  if (names.length === 0) throw new UnusableInput(`queries file "${path}" has no names (one name a line)`);
  return names;
}

function screenCommand(args: string[]): number {
  const { values } = parseOptions(args, { query: { type: 'string' }, queries: { type: 'string' }, lists: { type: 'string' }, json: { type: 'boolean' }, threshold: { type: 'string' }, limit: { type: 'string' }, dob: { type: 'string' } });
  if (values.query !== undefined && values.queries !== undefined) throw new InvalidRequest('give --query NAME or --queries FILE, not both');
  if (values.query === undefined && values.queries === undefined) throw new InvalidRequest('--query NAME or --queries FILE is mandatory');
  const opts = parsed(zScreenOptions, { threshold: values.threshold, limit: values.limit, dob: values.dob });
  let names: string[];
  if (values.query !== undefined) {
    const r = zName.safeParse(values.query);
    if (!r.success) throw new InvalidRequest(`--query: ${formatIssues(r.error)}`);
    names = [r.data];
  } else names = readQueries(String(values.queries));
  const ds = dataset(values);
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const results = names.map((name) => screen(ds, { name, ...(opts.dob ? { birthDate: opts.dob } : {}) }, { threshold, limit }));
  if (values.json) {
    console.log(JSON.stringify(values.query !== undefined ? results[0] : results, null, 1));
    return 0;
  }
  for (const r of results) {
    const matches = r.matches.filter((m) => m.match);
    console.log(`${r.query}: ${matches.length === 0 ? 'no match' : `${matches.length} match${matches.length > 1 ? 'es' : ''}`} (threshold ${threshold})`);
    for (const m of [...matches, ...r.matches.filter((x) => !x.match).slice(0, 3)]) {
      console.log(`  ${m.match ? 'MATCH' : '     '} ${m.score.toFixed(3)}  ${m.refs.join(' ')}  ${m.name}`);
      console.log(`        ${m.why}`);
    }
  }
  return 0;
}

function entityCommand(args: string[]): number {
  const { values, positionals } = parseOptions(args, { lists: { type: 'string' }, json: { type: 'boolean' } }, 1);
  const ref = positionals[0];
  if (!ref) throw new InvalidRequest('give a reference, e.g. jirga sanctions entity TAi.144');
  const ds = dataset(values);
  const view = entity(ds, ref);
  if (!view) throw new UnusableInput(`no entity with reference or id "${ref}" in the loaded lists (references look like TAi.144, GB:AFG0112, US:10743)`);
  if (values.json) {
    console.log(JSON.stringify(view, null, 1));
    return 0;
  }
  console.log(`${view.caption} (${view.id}) — ${view.schema}, ${view.status}${view.refs.length ? `: ${view.refs.join(', ')}` : ''}${view.deceasedNote ? `; ${view.deceasedNote}` : ''}`);
  console.log('names:');
  for (const n of view.names) console.log(`  ${n.full}  [${n.kind}, ${n.reference}]`);
  for (const l of view.listings) console.log(`listing: ${l.reference} ${l.authority}, ${l.programme}${l.listedOn ? `, listed ${l.listedOn}` : ''}`);
  if (view.birthDates.length) console.log(`born: ${view.birthDates.map((d) => `${d.text} (${d.reference})`).join('; ')}`);
  console.log('relations:');
  for (const r of view.relations) {
    console.log(`  ${r.phrase} ${r.other.caption} (${r.other.id}, ${r.other.status})`);
    for (const s of r.relation.sources) if (s.kind === 'list-narrative') console.log(`      ${s.reference}: "${s.sentence}"`);
  }
  if (view.relations.length === 0) console.log('  (none in the narratives)');
  return 0;
}

function networkCommand(args: string[]): number {
  const { values, positionals } = parseOptions(args, { lists: { type: 'string' }, depth: { type: 'string' } }, 1);
  const depth = parsed(z.coerce.number({ error: '--depth must be a whole number' }).int('--depth must be a whole number').min(1, '--depth must be 1 to 5').max(5, '--depth must be 1 to 5').optional(), values.depth);
  const ds = dataset(values);
  const net = network(ds, positionals[0], depth ?? 1);
  if (!net) throw new UnusableInput(`no entity with reference or id "${positionals[0]}" in the loaded lists`);
  console.log(JSON.stringify(net, null, 1));
  return 0;
}

function coverageCommand(args: string[]): number {
  const { values } = parseOptions(args, { lists: { type: 'string' }, json: { type: 'boolean' } });
  const ds = dataset(values);
  const cov = coverage(ds);
  if (values.json) {
    console.log(JSON.stringify(cov, null, 1));
    return 0;
  }
  for (const l of cov.lists) console.log(`${l.list}: ${l.files.join(', ')} (${l.date ?? 'undated'}): ${l.records} entries, ${l.persons} persons, ${l.organisations} organisations${l.latestListing ? `, newest listing ${l.latestListing}` : ''}${l.note ? `; ${l.note}` : ''}`);
  console.log(`\nlisted entities: ${cov.totals.listed}`);
  for (const [lists, n] of Object.entries(cov.totals.byLists).sort((a, b) => b[1] - a[1])) console.log(`  on ${lists.padEnd(10)} ${n}`);
  console.log(`relatives on none of these lists: ${cov.totals.unlistedRelatives}; partners on none: ${cov.totals.unlistedPartners}; referenced but not loaded: ${cov.totals.referencedNotLoaded}`);
  console.log('\nentity | UN | UK | US | relatives and partners on no list');
  for (const r of cov.rows) {
    if (r.status !== 'listed') continue;
    const none = [...r.unlistedRelatives, ...r.unlistedPartners].map((x) => `${x.phrase.replace(/ (of|to)( \(|$)/, '$2')}: ${x.caption}${x.deceased ? ' (deceased)' : ''}`).join('; ');
    console.log(`${r.caption} (${r.id}) | ${r.UN.join(' ') || '-'} | ${r.GB.join(' ') || '-'} | ${r.US.join(' ') || '-'} | ${none}`);
  }
  return 0;
}

export const SANCTIONS_COMMANDS: Record<string, (args: string[]) => number> = { screen: screenCommand, entity: entityCommand, network: networkCommand, coverage: coverageCommand };
