// `jirga simulate`: a whole election with Jirga's own code, written as a .bel archive.
import { decodeText, zTemplate } from '../protocol/codec.ts';
import { InvalidRequest } from '../kernel/errors.ts';
import { simulateElectionWith } from '../protocol/simulate.ts';
import { defaultWorkerCount } from '../node/ballot-pool.ts';
import { workerBallotMaker } from '../node/simulate-pool.ts';
import { integerOption, parseOptions, readText, requireOption, writeFile } from './io.ts';

export async function simulateCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    out: { type: 'string' },
    voters: { type: 'string' },
    trustees: { type: 'string' },
    threshold: { type: 'string' },
    template: { type: 'string' },
    revotes: { type: 'string' },
    weights: { type: 'boolean' },
    group: { type: 'string' },
    open: { type: 'boolean' },
    choices: { type: 'string' },
    workers: { type: 'string' },
    progress: { type: 'boolean' },
  });
  const out = requireOption(values, 'out');
  const voters = integerOption(values, 'voters', 1, 1_000_000);
  if (voters === undefined) throw new InvalidRequest('--voters is mandatory');
  const trustees = integerOption(values, 'trustees', 1, 100);
  const threshold = integerOption(values, 'threshold', 1, 100);
  const revotes = integerOption(values, 'revotes', 0, 1_000_000);
  const template = typeof values.template === 'string' ? decodeText(zTemplate, readText(values.template, 'template'), 'template') : undefined;
  const workers = integerOption(values, 'workers', 1, 256) ?? defaultWorkerCount();
  const started = Date.now();
  const progress = values.progress === true ? (made: number, total: number) => process.stderr.write(`\r${made}/${total} ballots made`) : undefined;
  const r = await simulateElectionWith({
    voters,
    ...(trustees !== undefined ? { trustees } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(revotes !== undefined ? { revotes } : {}),
    ...(template ? { template } : {}),
    ...(typeof values.group === 'string' ? { group: values.group } : {}),
    weights: values.weights === true,
    open: values.open === true,
  }, workerBallotMaker(workers, progress));
  if (progress) process.stderr.write('\n');
  writeFile(out, r.archive);
  // the plaintext of every ballot, by tracker: anyone can recompute the result from it
  if (typeof values.choices === 'string') writeFile(values.choices, JSON.stringify(r.cast.map(({ tracker, plaintext }) => ({ tracker, choices: plaintext }))) + '\n');
  console.log(`election ${r.uuid}: ${voters} voter(s), ${r.ballots} ballot(s), ${r.trusteesDescription}`);
  let same = true;
  if (r.result) {
    same = JSON.stringify(r.result.map((q) => q.map(String))) === JSON.stringify(r.expected.map((q) => q.map(String)));
    console.log(`result ${JSON.stringify(r.result.map((q) => q.map(Number)))} (${same ? 'equals' : 'DIFFERS FROM'} the voters' choices)`);
  } else {
    console.log('voting is still open (no tally)');
  }
  console.log(`written to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return same ? 0 : 1;
}
