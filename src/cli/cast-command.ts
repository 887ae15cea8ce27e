// `jirga cast FILE --server URL`: submit a sealed ballot someone gave you (to the election's
// server, or to a relay that forwards it: `jirga serve --relay-to`) (a file saved
// from the voting page, the block pasted from a messenger, or belenios-tool's ballot
// JSON; "-" reads standard input) to a Jirga server's ballot box. The ballot is sent as
// it is: encrypted and signed, it says nothing of its voter, and the answer names only
// its tracker. Exit 0 and the tracker on stdout when the board has it (cast now, or
// already there); 1 when the board refused it, with the server's reason; 2 when the file
// is not a usable ballot or the server cannot be reached (try again: nothing was counted
// that you were not told about).
import { electionsApi } from '../api/elections.ts';
import { castOutcome } from '../courier/cast-answer.ts';
import { readSealedBallot, type SealedProblem } from '../courier/sealed-ballot.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { integerOption, parseOptions, readStdin, readText, requireOption, serverBase } from './io.ts';

const PROBLEMS: Record<SealedProblem, string> = {
  empty: 'is empty',
  'not-a-ballot': 'holds neither a sealed ballot nor a ballot (JSON)',
  damaged: 'holds a sealed ballot that was damaged on its way (its content no longer matches its tracker): ask for it again',
  incomplete: 'holds only part of a sealed ballot (its END line is missing): ask for it again, or copy all of it',
};

export async function castCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { server: { type: 'string' }, timeout: { type: 'string' } }, 1);
  const path = positionals[0];
  if (!path) throw new InvalidRequest('usage: jirga cast FILE --server URL   (FILE "-" reads standard input)');
  const base = serverBase(requireOption(values, 'server'));
  const timeoutSeconds = integerOption(values, 'timeout', 1, 3600) ?? 60;
  const what = path === '-' ? 'standard input' : `"${path}"`;
  const reading = readSealedBallot(path === '-' ? await readStdin() : readText(path, 'sealed ballot'));
  if (!reading.ok) throw new UnusableInput(`${what} ${PROBLEMS[reading.problem]}`);
  const { ballot } = reading;

  const endpoint = `${base}/api/elections/${encodeURIComponent(ballot.election)}/ballots`;
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ballot.text, signal: AbortSignal.timeout(timeoutSeconds * 1000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    console.error(`jirga cast: could not reach ${base} (${cause}); the ballot (tracker ${ballot.tracker}) may not have arrived. Send it again later: a copy that did arrive is recognised and never counted twice.`);
    return 2;
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.ok) {
    const answer = electionsApi.cast.response.safeParse(json);
    if (!answer.success) {
      console.error(`jirga cast: ${base} answered ${response.status} with something that is not a Jirga answer; is this a Jirga server?`);
      return 2;
    }
    if (answer.data.tracker !== ballot.tracker) {
      console.error(`jirga cast: the server answered with tracker ${answer.data.tracker}, but this ballot's tracker is ${ballot.tracker}: check the ballot box yourself`);
      return 1;
    }
    if (answer.data.relayed) {
      // a relay: it keeps the ballot and forwards it; the primary's ballot box is where it counts
      console.error(`${answer.data.alreadyRecorded ? 'already with' : 'taken by'} the relay at ${base}: it forwards the ballot to the ballot box of election ${ballot.election} until that has it (GET ${base}/api/relay/ballots?tracker=… says where it stands); check the tracker on the election's own server`);
    } else {
      console.error(answer.data.alreadyRecorded ? `already in the ballot box of election ${ballot.election}: nothing was added` : `cast: in the ballot box of election ${ballot.election}${answer.data.replaced ? ' (it replaces an earlier ballot of the same credential)' : ''}`);
    }
    console.log(ballot.tracker);
    return 0;
  }
  const outcome = castOutcome(response.status, json);
  if (outcome.kind === 'refused') {
    console.error(`jirga cast: the ballot box refused the ballot (tracker ${ballot.tracker}): ${outcome.reason}`);
    return 1;
  }
  console.error(`jirga cast: ${base} could not take the ballot now: ${outcome.kind === 'retry' ? outcome.reason : `HTTP ${response.status}`}. Send it again later (tracker ${ballot.tracker}).`);
  return 2;
}
