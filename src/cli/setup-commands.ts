// `jirga setup ...`: election setup, file for file as belenios-tool's `setup` does,
// so that either tool can run any step of the other's flow.
import { join } from 'node:path';
import {
  decodeText,
  writeJson,
  writePolynomial,
  writeSignedMsg,
  writeThresholdParameters,
  writeTrustees,
  writeVinput,
  writeVoutput,
  zPolynomial,
  zSignedMsg,
  zTemplate,
  zThresholdParameters,
  zTrusteePublicKey,
  zTrustees,
  zVinput,
  zVoutput,
  type Trustees,
} from '../protocol/codec.ts';
import { derivePublicCredential, generateCredentials, parseVoterLine } from '../protocol/credentials.ts';
import { splitTypedFields, typedWholeNumber } from '../kernel/typed-fields.ts';
import { makeElection } from '../protocol/election.ts';
import { InvalidRequest, UnusableInput } from '../kernel/errors.ts';
import { getGroup } from '../protocol/groups/index.ts';
import { randomBase58String } from '../protocol/random.ts';
import {
  certificateId,
  thresholdStep1,
  thresholdStep2,
  thresholdStep3,
  thresholdStep4,
  thresholdStep5,
  thresholdStep6,
} from '../protocol/threshold.ts';
import { generateTrusteeKey, writeTrusteePublicKeyText } from '../protocol/trustees.ts';
import { existsSync } from 'node:fs';
import { integerOption, parseOptions, readLines, readStdin, readText, readTrimmed, requireOption, writeFile, writeNewFile } from './io.ts';

const say = (line: string) => console.log(line);
const info = (line: string) => console.error(line);

function generateToken(args: string[]): number {
  const { values } = parseOptions(args, { length: { type: 'string' } });
  say(randomBase58String(integerOption(values, 'length', 14, 256) ?? 14));
  return 0;
}

function generateCredentialsCommand(args: string[]): number {
  const { values } = parseOptions(args, {
    uuid: { type: 'string' },
    group: { type: 'string' },
    count: { type: 'string' },
    file: { type: 'string' },
    derive: { type: 'string' },
    dir: { type: 'string' },
  });
  const group = getGroup(requireOption(values, 'group'));
  const uuid = requireOption(values, 'uuid');
  const count = integerOption(values, 'count', 1, 10_000_000);
  const given = [count !== undefined, values.file !== undefined, values.derive !== undefined].filter(Boolean).length;
  if (given !== 1) throw new InvalidRequest('give exactly one of --count, --file and --derive');
  if (typeof values.derive === 'string') {
    say(derivePublicCredential(group, uuid, values.derive).toString());
    return 0;
  }
  let lines: string[];
  if (count !== undefined) {
    // ids of equal length, as belenios-tool: 1..9, 10..99, 100..999...
    let first = 1;
    while (String(first).length !== String(first + count - 1).length) first *= 10;
    lines = Array.from({ length: count }, (_, i) => String(first + i));
  } else {
    lines = readLines(values.file as string, 'voter list');
  }
  const creds = generateCredentials(group, uuid, lines.map((l, i) => parseVoterLine(count !== undefined ? l : typedVoterLine(l, i + 1))));
  const dir = (values.dir as string | undefined) ?? '.';
  const base = join(dir, String(Math.floor(Date.now() / 1000)));
  writeNewFile(`${base}.privcreds`, creds.privateLines.map((l) => l + '\n').join(''), 0o400);
  say(`${creds.privateLines.length} private credentials with ids saved to ${base}.privcreds`);
  writeNewFile(`${base}.pubcreds`, writeJson(creds.publicWithIds), 0o444);
  say(`${creds.publicWithIds.length} public credentials saved to ${base}.pubcreds`);
  say(`The fingerprint of public credentials is ${creds.fingerprint}`);
  return 0;
}

function generateTrusteeKeyCommand(args: string[]): number {
  const { values } = parseOptions(args, { group: { type: 'string' }, dir: { type: 'string' } });
  const group = getGroup(requireOption(values, 'group'));
  const dir = (values.dir as string | undefined) ?? '.';
  const pair = generateTrusteeKey(group);
  say(`I: keypair ${pair.id} has been generated`);
  writeNewFile(join(dir, `${pair.id}.pubkey`), writeTrusteePublicKeyText(pair.publicKey) + '\n', 0o444);
  say(`I: public key saved to ${pair.id}.pubkey`);
  writeNewFile(join(dir, `${pair.id}.privkey`), writeJson(pair.privateKey) + '\n', 0o400);
  say(`I: private key saved to ${pair.id}.privkey`);
  return 0;
}

async function thresholdCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    group: { type: 'string' },
    step: { type: 'string' },
    certs: { type: 'string' },
    key: { type: 'string' },
    threshold: { type: 'string' },
    polynomials: { type: 'string' },
    dir: { type: 'string' },
  });
  const group = getGroup(requireOption(values, 'group'));
  const step = integerOption(values, 'step', 1, 6);
  const dir = (values.dir as string | undefined) ?? '.';
  const certs = () => readLines(requireOption(values, 'certs'), 'certificates').map((l, i) => decodeText(zSignedMsg, l, `certificate ${i + 1}`));
  const polynomials = () => readLines(requireOption(values, 'polynomials'), 'polynomials').map((l, i) => decodeText(zPolynomial, l, `polynomial ${i + 1}`));
  const seed = () => readTrimmed(requireOption(values, 'key'), 'key');
  switch (step) {
    case 1: {
      const { seed: s, cert, id } = thresholdStep1(group);
      info(`I: certificate ${id} has been generated`);
      writeNewFile(join(dir, `${id}.cert`), writeJson(writeSignedMsg(cert)) + '\n', 0o444);
      info(`I: certificate saved to ${id}.cert`);
      writeNewFile(join(dir, `${id}.key`), s + '\n', 0o400);
      info(`I: private key saved to ${id}.key`);
      return 0;
    }
    case 2:
      thresholdStep2(group, certs());
      info('I: certificates are valid');
      return 0;
    case 3: {
      const threshold = integerOption(values, 'threshold', 1);
      if (threshold === undefined) throw new InvalidRequest('--threshold is mandatory');
      say(writeJson(writePolynomial(thresholdStep3(group, certs(), seed(), threshold))));
      return 0;
    }
    case 4: {
      const cs = certs();
      const vinputs = thresholdStep4(group, cs, polynomials());
      vinputs.forEach((v, i) => {
        const fn = `${certificateId(cs[i]!)}.vinput`;
        writeNewFile(join(dir, fn), writeJson(writeVinput(v)) + '\n', 0o444);
        info(`I: wrote ${fn}`);
      });
      return 0;
    }
    case 5: {
      const line = (await readStdin()).split(/\r?\n/)[0] ?? '';
      const vinput = decodeText(zVinput, line, 'vinput (standard input)');
      say(writeJson(writeVoutput(thresholdStep5(group, certs(), seed(), vinput))));
      return 0;
    }
    case 6: {
      const cs = certs();
      const voutputs = (await readStdin()).split(/\r?\n/).filter((l) => l !== '').map((l, i) => decodeText(zVoutput, l, `voutput ${i + 1}`));
      const params = thresholdStep6(group, cs, polynomials(), voutputs);
      voutputs.forEach((v, i) => {
        const fn = `${certificateId(cs[i]!)}.dkey`;
        writeNewFile(join(dir, fn), v.private_key + '\n', 0o400);
        info(`I: wrote ${fn}`);
      });
      say(writeJson(writeThresholdParameters(params)));
      return 0;
    }
    default:
      throw new InvalidRequest('--step must be 1, 2, 3, 4, 5 or 6');
  }
}

function makeTrusteesCommand(args: string[]): number {
  const { values } = parseOptions(args, { dir: { type: 'string' } });
  const dir = (values.dir as string | undefined) ?? '.';
  const trustees: Trustees = [];
  const keysFile = join(dir, 'public_keys.jsons');
  if (existsSync(keysFile)) {
    readLines(keysFile, 'public keys').forEach((l, i) => trustees.push(['Single', decodeText(zTrusteePublicKey, l, `public key ${i + 1}`)]));
  }
  const thresholdFile = join(dir, 'threshold.json');
  if (existsSync(thresholdFile)) trustees.push(['Pedersen', decodeText(zThresholdParameters, readTrimmed(thresholdFile, 'threshold parameters'), 'threshold parameters')]);
  if (trustees.length === 0) throw new UnusableInput('trustees are missing (no public_keys.jsons nor threshold.json)');
  writeFile(join(dir, 'trustees.json'), writeJson(writeTrustees(trustees)) + '\n');
  return 0;
}

function makeElectionCommand(args: string[]): number {
  const { values } = parseOptions(args, { dir: { type: 'string' }, group: { type: 'string' }, uuid: { type: 'string' }, template: { type: 'string' } });
  const dir = (values.dir as string | undefined) ?? '.';
  const group = requireOption(values, 'group');
  const uuid = requireOption(values, 'uuid');
  const template = decodeText(zTemplate, readText(requireOption(values, 'template'), 'template'), 'template');
  const trusteesFile = join(dir, 'trustees.json');
  if (!existsSync(trusteesFile)) throw new UnusableInput('trustees are missing (run "jirga setup make-trustees" first)');
  const trustees = decodeText(zTrustees, readTrimmed(trusteesFile, 'trustees'), 'trustees');
  writeFile(join(dir, 'election.json'), makeElection(template, uuid, group, trustees) + '\n');
  return 0;
}

export const SETUP_COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  'generate-token': generateToken,
  'generate-credentials': generateCredentialsCommand,
  'generate-trustee-key': generateTrusteeKeyCommand,
  'generate-trustee-key-threshold': thresholdCommand,
  'make-trustees': makeTrusteesCommand,
  'make-election': makeElectionCommand,
};

/**
 * A line of a voter list as saved on a Dari, Pashto or Arabic keyboard, in the form
 * belenios-tool reads ("address[,login[,weight]]"): «،» or «؛» between fields, a
 * weight in Persian or Arabic-Indic digits. A weight that cannot be read is refused
 * with the line's number, never dropped.
 */
export function typedVoterLine(line: string, n: number): string {
  const fields = splitTypedFields(line);
  if (fields.length === 3 && fields[2] !== '') {
    const weight = typedWholeNumber(fields[2]!);
    if (weight === undefined) throw new InvalidRequest(`voter list, line ${n}: the weight "${fields[2]}" is not a whole number (write it with digits only, or leave it out for a weight of 1)`);
    fields[2] = weight;
  }
  return fields.join(',');
}
