// `jirga inclusion rake --respondents R.csv --targets T.json --out W.csv [--trim MAX]`
// `jirga inclusion report --respondents R.csv --reference T.json [--min-cell K] [--warn-below R] [--min-answers N]`
// Exit 0 on success, 1 when raking does not converge (weights still written, and
// the remaining error said plainly), 2 on unusable input.
import { formatIssues } from '../protocol/codec.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { parseCsvLines, writeCsv } from '../kernel/csv.ts';
import { parseTypedNumber } from '../kernel/digits.ts';
import { compositionReport } from '../inclusion/composition.ts';
import { zReferenceSharesFile } from '../api/inclusion-input.ts';
import { referenceShares } from '../inclusion/dimensions.ts';
import { rake } from '../inclusion/rake.ts';
import { integerOption, parseOptions, readText, requireOption, writeFile } from './io.ts';

export interface Respondents {
  header: string[];
  rows: string[][];
  records: Record<string, string>[];
}

export function readRespondents(path: string): Respondents {
  const text = readText(path, 'respondents file');
  if (text.trim() === '') throw new UnusableInput(`respondents file "${path}" is empty`);
  const all = parseCsvLines(text, path, { neutralised: true }).filter((r) => !(r.cells.length === 1 && r.cells[0]!.trim() === ''));
  const header = all[0]!.cells.map((h) => h.trim());
  if (header.some((h) => h === '')) throw new UnusableInput(`${path}: the header has an empty column name`);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) throw new UnusableInput(`${path}: column "${dup}" appears twice in the header`);
  if (all.length === 1) throw new UnusableInput(`${path} has a header but no respondents`);
  for (const { line, cells } of all.slice(1)) if (cells.length !== header.length) throw new UnusableInput(`${path}, line ${line}: ${cells.length} fields where the header has ${header.length}`);
  const rows = all.slice(1).map((r) => r.cells);
  return { header, rows, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!.trim()]))) };
}

export function readShares(path: string, what: string): Record<string, Record<string, number>> {
  let json: unknown;
  try {
    json = JSON.parse(readText(path, what));
  } catch (e) {
    if (e instanceof UnusableInput) throw e;
    throw new UnusableInput(`${what} "${path}" is not JSON: ${(e as Error).message}`);
  }
  // the server's rules for reference shares (src/api/inclusion-input.ts), for rake and report alike
  const r = zReferenceSharesFile.safeParse(json);
  if (!r.success) throw new UnusableInput(`${what} "${path}" must be {"dimension": {"category": share, ...}, ...}: ${formatIssues(r.error)}`);
  return referenceShares(r.data);
}

function floatOption(value: unknown, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? parseTypedNumber(value) : undefined;
  if (n === undefined || n <= min) throw new InvalidRequest(`--${name} must be a number above ${min}, not "${String(value)}"`);
  return n;
}

function rakeCommand(args: string[]): number {
  const { values } = parseOptions(args, { respondents: { type: 'string' }, targets: { type: 'string' }, out: { type: 'string' }, trim: { type: 'string' }, 'max-iterations': { type: 'string' } });
  const respondents = readRespondents(requireOption(values, 'respondents'));
  const targets = readShares(requireOption(values, 'targets'), 'targets file');
  const out = requireOption(values, 'out');
  if (respondents.header.includes('weight')) throw new UnusableInput('the respondents file already has a "weight" column; remove it first');
  for (const d of Object.keys(targets)) if (!respondents.header.includes(d)) throw new UnusableInput(`the respondents file has no "${d}" column (a dimension of the targets); its columns are: ${respondents.header.join(', ')}`);
  let result;
  try {
    result = rake(respondents.records, targets, { trim: floatOption(values.trim, 'trim', 1), maxIterations: integerOption(values, 'max-iterations', 1, 1_000_000) });
  } catch (e) {
    if (e instanceof InvalidRequest) throw new UnusableInput(e.message);
    throw e;
  }
  writeFile(out, writeCsv([[...respondents.header, 'weight'], ...respondents.rows.map((r, i) => [...r, String(result.weights[i])])]));
  console.log(`iterations: ${result.iterations}`);
  console.log(`largest margin error: ${result.maxError.toExponential(3)}`);
  console.log(`effective sample size (Kish): ${result.kish.effectiveSampleSize.toFixed(1)} of ${result.kish.n} (design effect ${result.kish.designEffect.toFixed(3)})`);
  if (values.trim !== undefined) console.log(`weights at the cap (${values.trim} × mean): ${result.trimmed}`);
  if (!result.converged) {
    console.log(`did not converge: the weighted margins are still up to ${result.maxError.toExponential(3)} from the targets after ${result.iterations} iterations (weights written to ${out}, but do not use them as if they met the targets)`);
    return 1;
  }
  console.log(`converged: weights written to ${out} (mean 1)`);
  return 0;
}

function reportCommand(args: string[]): number {
  const { values } = parseOptions(args, { respondents: { type: 'string' }, reference: { type: 'string' }, 'min-cell': { type: 'string' }, 'warn-below': { type: 'string' }, 'min-answers': { type: 'string' } });
  const respondents = readRespondents(requireOption(values, 'respondents'));
  const reference = readShares(requireOption(values, 'reference'), 'reference file');
  for (const d of Object.keys(reference)) if (!respondents.header.includes(d)) throw new UnusableInput(`the respondents file has no "${d}" column (a dimension of the reference); its columns are: ${respondents.header.join(', ')}`);
  const minCell = integerOption(values, 'min-cell', 10, 1_000_000);
  const warnBelow = floatOption(values['warn-below'], 'warn-below', 0);
  const minAnswers = integerOption(values, 'min-answers', 1, 1_000_000);
  const report = compositionReport(respondents.records, reference, { minCell, warnBelow, minAnswers });
  const dimensions = Object.fromEntries(
    report.dimensions.map((d) => [
      d.dimension,
      {
        total: d.total,
        answered: d.answered,
        counts: Object.fromEntries(d.categories.map((c) => [c.category, c.count])),
        shares: Object.fromEntries(d.categories.filter((c) => c.reference !== null).map((c) => [c.category, c.share])),
        reference: Object.fromEntries(d.categories.filter((c) => c.reference !== null).map((c) => [c.category, c.reference])),
        ratios: Object.fromEntries(d.categories.filter((c) => c.reference !== null).map((c) => [c.category, c.ratio])),
        gallagher: d.gallagher,
        loosemoreHanby: d.loosemoreHanby,
        warnings: d.warnings,
        tooFewAnswers: d.tooFewAnswers,
      },
    ]),
  );
  console.log(JSON.stringify({ minCell: report.minCell, minAnswers: report.minAnswers, dimensions, suppressed: report.suppressed }, null, 1));
  return 0;
}

export const INCLUSION_COMMANDS: Record<string, (args: string[]) => number> = { rake: rakeCommand, report: reportCommand };
