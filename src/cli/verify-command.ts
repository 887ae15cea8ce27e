// `jirga verify ARCHIVE.bel`: every check, one line each, then `valid: ...` or
// `invalid: ...` as the last line. Exit 0 valid, 1 invalid, 2 unusable input.
import { DEFAULT_MAX_ARCHIVE_BYTES } from '../protocol/archive.ts';
import { UnusableInput } from '../kernel/errors.ts';
import { verifyArchive, type Check, type VerificationReport } from '../protocol/verify.ts';
import { defaultWorkerCount, workerBallotChecker } from '../node/ballot-pool.ts';
import { integerOption, parseOptions, readBytes } from './io.ts';

const MARK: Record<Check['status'], string> = { ok: 'ok  ', failed: 'FAIL', unusable: 'BAD ', skipped: 'skip' };

export function formatCheck(c: Check): string {
  return `[${MARK[c.status]}] ${c.name}: ${c.detail}`;
}

export function conclusionLine(report: VerificationReport): string {
  if (report.status === 'valid') return `valid: ${report.conclusion}`;
  if (report.status === 'unusable') return `invalid: unusable input: ${report.conclusion}`;
  return `invalid: ${report.conclusion}`;
}

export async function verifyFile(path: string, options: { workers?: number; maxBytes?: number; onCheck?: (c: Check) => void }): Promise<VerificationReport> {
  const size = options.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  const bytes = readBytes(path, 'archive', size, (n) => `archive is ${n} bytes, more than the limit of ${size} (raise it with --max-size)`);
  return verifyArchive(bytes, {
    maxBytes: size,
    checkBallots: workerBallotChecker(options.workers ?? defaultWorkerCount()),
    ...(options.onCheck ? { onCheck: options.onCheck } : {}),
  });
}

export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { workers: { type: 'string' }, 'max-size': { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' } },
    1,
  );
  const path = positionals[0];
  if (!path) {
    console.log('invalid: unusable input: no archive given (usage: jirga verify ARCHIVE.bel)');
    return 2;
  }
  const workers = integerOption(values, 'workers', 1, 256);
  const maxBytes = integerOption(values, 'max-size', 1);
  let report: VerificationReport;
  try {
    report = await verifyFile(path, {
      ...(workers !== undefined ? { workers } : {}),
      ...(maxBytes !== undefined ? { maxBytes } : {}),
      ...(values.json || values.quiet ? {} : { onCheck: (c: Check) => console.log(formatCheck(c)) }),
    });
  } catch (e) {
    if (!(e instanceof UnusableInput)) throw e;
    console.log(`invalid: unusable input: ${e.message}`);
    return 2;
  }
  if (values.json) {
    console.log(
      JSON.stringify(
        // each check in English, as the plain lines say it (the codes are for interfaces in other languages)
        { status: report.status, conclusion: report.conclusion, checks: report.checks.map(({ name, status, detail }) => ({ name, status, detail })), uuid: report.uuid, phase: report.phase, result: report.result?.map((q) => q.map(String)) },
        null,
        2,
      ),
    );
  }
  console.log(conclusionLine(report));
  return report.status === 'valid' ? 0 : report.status === 'invalid' ? 1 : 2;
}
