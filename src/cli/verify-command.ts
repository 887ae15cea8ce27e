// `jirga verify ARCHIVE.bel`: every check, one line each, then `valid: ...` or
// `invalid: ...` as the last line. Exit 0 valid, 1 invalid (the archive was read and a
// check failed), 2 unusable input (it cannot be read as a Belenios archive at all).
// The archive is read as a stream: memory does not grow with its size (--max-size
// sets a limit; there is none by default).
import { createReadStream, statSync } from 'node:fs';
import { UnusableInput } from '../kernel/errors.ts';
import { verifyArchiveStream, type Check, type VerificationReport, type VerifyProgress } from '../protocol/verify.ts';
import { defaultWorkerCount, workerBallotChecker } from '../node/ballot-pool.ts';
import { integerOption, parseOptions } from './io.ts';
import { decodeTranslations, pick } from '../kernel/texts.ts';
import { isHomomorphic } from '../protocol/codec.ts';
import { countOutcome, questionMethod, type CountOutcome, type QuestionMethod } from '../protocol/methods/index.ts';
import { heapLimitMb, setupBytes, verifyInWorker, type VerifyOutcome, type VerifyRun } from './verify-thread.ts';

const MARK: Record<Check['status'], string> = { ok: 'ok  ', failed: 'FAIL', unusable: 'BAD ', skipped: 'skip' };

export function formatCheck(c: Check): string {
  return `[${MARK[c.status]}] ${c.name}: ${c.detail}`;
}

export function conclusionLine(report: VerificationReport): string {
  if (report.status === 'valid') return `valid: ${report.conclusion}`;
  if (report.status === 'unusable') return `invalid: unusable input: ${report.conclusion}`;
  return `invalid: ${report.conclusion}`;
}

/** The size of the archive file, refused with the words `readBytes` uses when it cannot be read. */
function archiveSize(path: string): number {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UnusableInput(`archive "${path}" is a directory, not a file`);
    return st.size;
  } catch (e) {
    if (e instanceof UnusableInput) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnusableInput(`archive "${path}" does not exist`);
    if (code === 'EACCES') throw new UnusableInput(`archive "${path}" cannot be read (permission denied)`);
    throw new UnusableInput(`archive "${path}" cannot be read (${(e as Error).message})`);
  }
}

/** A text of the election (its translations encoded in one string) as the report shows it: English when there is some. */
const plain = (text: string) => JSON.stringify(pick(decodeTranslations(text), 'en').text);

/** What each ranked or graded question's method makes of its verified decrypted ballots. */
export function methodCounts(report: VerificationReport): { question: number; method: QuestionMethod; outcome: CountOutcome; answers: string[] }[] {
  const questions = report.board?.ctx?.election.questions;
  if (!report.mixedResult || !questions) return [];
  return questions.flatMap((q, i) => {
    if (isHomomorphic(q)) return [];
    const method = questionMethod(q.extra);
    if (!method) return [];
    const ballots = report.mixedResult![i] as number[][];
    return [{ question: i + 1, method, outcome: countOutcome(method, q.value.answers.length, ballots), answers: q.value.answers }];
  });
}

/** One line per counted question, e.g. `count of question 2 (STV, 2 seats): elected "A", "B" (quota 4, 3 rounds, 9 valid ballots, 0 invalid)`. */
export function formatMethodCount(c: ReturnType<typeof methodCounts>[number]): string {
  const name = (i: number) => plain(c.answers[i] ?? String(i + 1));
  const method = c.method.kind === 'stv' ? `STV, ${c.method.seats} seat(s)` : c.method.kind === 'schulze' ? 'Schulze' : `majority judgment, ${c.method.grades.length} grades`;
  const o = c.outcome;
  const said =
    o.kind === 'refused'
      ? `no count: ${o.reason}`
      : o.kind === 'elected'
        ? `elected ${o.elected.map(name).join(', ')} (quota ${o.quota}, ${o.rounds} round(s), ${o.valid} valid ballot(s), ${o.invalid} invalid)`
        : `${o.levels.map((level, k) => `${k + 1}. ${level.map(name).join(' = ')}`).join('  ')} (${o.valid} valid ballot(s), ${o.blank} blank${o.method === 'majority-judgment' ? `, ${o.invalid} invalid` : ''})`;
  return `count of question ${c.question} (${method}): ${said}`;
}

export async function verifyFile(
  path: string,
  options: { workers?: number; maxBytes?: number; onCheck?: (c: Check) => void; onProgress?: (p: VerifyProgress) => void },
): Promise<VerificationReport> {
  const size = archiveSize(path);
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    throw new UnusableInput(`archive is ${size} bytes, more than the limit of ${options.maxBytes} (raise it with --max-size)`);
  }
  return verifyArchiveStream(
    { chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }), size },
    {
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
      checkBallots: workerBallotChecker(options.workers ?? defaultWorkerCount()),
      ...(options.onCheck ? { onCheck: options.onCheck } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
}

/** One verification, from the file to what is printed (in the main thread or a worker). */
export async function verifyOutcome(run: VerifyRun, on: { onCheck?: (c: Check) => void; onProgress?: (p: VerifyProgress) => void }): Promise<VerifyOutcome> {
  let report: VerificationReport;
  try {
    report = await verifyFile(run.path, {
      ...(run.workers !== undefined ? { workers: run.workers } : {}),
      ...(run.maxBytes !== undefined ? { maxBytes: run.maxBytes } : {}),
      ...on,
    });
  } catch (e) {
    if (!(e instanceof UnusableInput)) throw e;
    return { unusable: e.message };
  }
  const counts = report.status === 'valid' ? methodCounts(report) : [];
  const result = report.result?.map((q) => q.map(String)) ?? report.mixedResult?.map((q) => q.map((x) => (typeof x === 'bigint' ? String(x) : x)));
  return {
    status: report.status,
    conclusion: report.conclusion,
    line: conclusionLine(report),
    checks: report.checks.map(({ name, status, detail }) => ({ name, status, detail })),
    ...(report.uuid !== undefined ? { uuid: report.uuid } : {}),
    ...(report.phase !== undefined ? { phase: report.phase } : {}),
    ...(result ? { result } : {}),
    counts: counts.map((c) => ({ question: c.question, method: c.method, outcome: c.outcome, line: formatMethodCount(c) })),
  };
}

/** The verification in a worker thread whose heap limit follows the election (verify-thread.ts);
 * done again in this thread, without a limit, if that worker runs out of memory anyway. */
export async function boundedOutcome(
  run: VerifyRun,
  heapMb: number | undefined,
  onCheck?: (c: Check) => void,
  onProgress?: (p: VerifyProgress) => void,
  /** The bounded run: the worker thread (a test gives one that stops where it chooses). */
  inWorker: typeof verifyInWorker = verifyInWorker,
): Promise<VerifyOutcome> {
  const limit = heapMb ?? heapLimitMb(setupBytes(run.path));
  if (limit === 0) return verifyOutcome(run, { ...(onCheck ? { onCheck } : {}), ...(onProgress ? { onProgress } : {}) });
  const bounded = await inWorker(run, limit, onCheck, onProgress);
  if ('outcome' in bounded) return bounded.outcome;
  process.stderr.write(`the verification needed more than its memory limit (${limit} MB); it starts again without a limit\n`);
  // the same checks come again in the same order: those already printed are not printed twice
  let seen = 0;
  return verifyOutcome(run, {
    ...(onCheck ? { onCheck: (c: Check) => (seen++ < bounded.checks ? undefined : onCheck(c)) } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}

export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { workers: { type: 'string' }, 'max-size': { type: 'string' }, 'heap-mb': { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' }, progress: { type: 'boolean' } },
    1,
  );
  const path = positionals[0];
  if (!path) {
    console.log('invalid: unusable input: no archive given (usage: jirga verify ARCHIVE.bel)');
    return 2;
  }
  const workers = integerOption(values, 'workers', 1, 256);
  const maxBytes = integerOption(values, 'max-size', 1);
  const heapMb = integerOption(values, 'heap-mb', 0, 1 << 20);
  const outcome = await boundedOutcome(
    { path, ...(workers !== undefined ? { workers } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) },
    heapMb,
    values.json || values.quiet ? undefined : (c: Check) => console.log(formatCheck(c)),
    // on standard error, so that standard output stays the report
    values.progress ? (p: VerifyProgress) => process.stderr.write(`${p.checked} ballot(s) checked, ${p.bytes} of ${p.totalBytes ?? '?'} bytes read\n`) : undefined,
  );
  if ('unusable' in outcome) {
    console.log(`invalid: unusable input: ${outcome.unusable}`);
    return 2;
  }
  if (!values.json && !values.quiet) for (const c of outcome.counts) console.log(c.line);
  if (values.json) {
    console.log(
      JSON.stringify(
        // each check in English, as the plain lines say it (the codes are for interfaces in other languages)
        { status: outcome.status, conclusion: outcome.conclusion, checks: outcome.checks, uuid: outcome.uuid, phase: outcome.phase, result: outcome.result,
          ...(outcome.counts.length ? { counts: outcome.counts.map(({ question, method, outcome }) => ({ question, method, outcome })) } : {}),
        },
        null,
        2,
      ),
    );
  }
  console.log(outcome.line);
  return outcome.status === 'valid' ? 0 : outcome.status === 'invalid' ? 1 : 2;
}
