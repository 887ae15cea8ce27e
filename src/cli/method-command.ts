// `jirga method schulze [--blank-allowed=B] [--nchoices=N]`
// `jirga method majority-judgment [--blank-allowed=B] [--nchoices=N] [--ngrades=G]`
// `jirga method stv [--nseats=N]`
// As `belenios-tool method …` (2.0): the ballots (decrypted answers of a ranked or graded
// question, a JSON array of arrays of whole numbers) on standard input, the result as
// belenios-tool writes it on standard output, byte for byte. Exit 0 on success, 2 on
// unusable input or options (belenios-tool exits 123/124 there).
import { InvalidRequest } from '../kernel/errors.ts';
import { writeJson } from '../protocol/json.ts';
import { MAX_CHOICES, majorityJudgment, majorityJudgmentJson, parseMethodBallots, schulze, schulzeJson, stv, stvJson } from '../protocol/methods/index.ts';
import { integerOption, parseOptions, readStdin, type Options } from './io.ts';

/** --blank-allowed takes true or false, as belenios-tool's (cmdliner) boolean options do; it is mandatory. */
function blankAllowed(values: Options): boolean {
  const v = values['blank-allowed'];
  if (v === undefined) throw new InvalidRequest('--blank-allowed is missing: give --blank-allowed=true or --blank-allowed=false');
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InvalidRequest(`--blank-allowed must be true or false, not "${String(v)}"`);
}

function mandatory(value: number | undefined, name: string): number {
  if (value === undefined) throw new InvalidRequest(`--${name} is missing`);
  return value;
}

async function schulzeCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { 'blank-allowed': { type: 'string' }, nchoices: { type: 'string' } });
  const nchoices = integerOption(values, 'nchoices', 0, MAX_CHOICES) ?? 0;
  const blank = blankAllowed(values);
  const ballots = parseMethodBallots(await readStdin());
  process.stdout.write(writeJson(schulzeJson(schulze(ballots, { nchoices, blankAllowed: blank }))) + '\n');
  return 0;
}

async function majorityJudgmentCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { 'blank-allowed': { type: 'string' }, nchoices: { type: 'string' }, ngrades: { type: 'string' } });
  const nchoices = integerOption(values, 'nchoices', 0, MAX_CHOICES) ?? 0;
  const ngrades = mandatory(integerOption(values, 'ngrades', 1, MAX_CHOICES), 'ngrades');
  const blank = blankAllowed(values);
  const ballots = parseMethodBallots(await readStdin());
  process.stdout.write(writeJson(majorityJudgmentJson(majorityJudgment(ballots, { nchoices, ngrades, blankAllowed: blank }))) + '\n');
  return 0;
}

async function stvCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { nseats: { type: 'string' } });
  const nseats = mandatory(integerOption(values, 'nseats', 1), 'nseats');
  const ballots = parseMethodBallots(await readStdin());
  process.stdout.write(writeJson(stvJson(stv(ballots, nseats))) + '\n');
  return 0;
}

export const METHOD_COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  schulze: schulzeCommand,
  'majority-judgment': majorityJudgmentCommand,
  stv: stvCommand,
};
