// `jirga archive ...` and `jirga election ...`: the bulletin board and the voting,
// tally and decryption steps, mirroring belenios-tool's commands and outputs.
import { basename, join } from 'node:path';
import { ArchiveWriter, parseArchive, setupOfArchive } from '../protocol/archive.ts';
import { loadElection, nonHomomorphicCount } from '../protocol/election.ts';
import { createBallot, parsePlaintextBallot } from '../protocol/ballot.ts';
import {
  EVENT_TYPES,
  decodeText,
  writeEncryptedTally,
  writeJson,
  writeOwned,
  writePartialDecryption,
  writeResult,
  writeSetupData,
  writeSizedEncryptedTally,
  zElection,
  zPublicCredentials,
  zNumber,
  type EventType,
} from '../protocol/codec.ts';
import { stripCredentialId } from '../protocol/credentials.ts';
import { InvalidRequest, UnusableInput, VerificationFailure } from '../kernel/errors.ts';
import { sha256Hex } from '../protocol/hash.ts';
import { recoverThresholdKey } from '../protocol/threshold.ts';
import { combineDecryptionFactors, partialDecryptionOf, resultOf } from '../protocol/tally.ts';
import { flattenTrusteeKeys } from '../protocol/trustees.ts';
import type { VerifiedBoard, VerificationReport } from '../protocol/verify.ts';
import { existsSync } from 'node:fs';
import { appendBytes, findArchive, integerOption, parseOptions, readBytes, readLines, readStdin, readTrimmed, requireOption, writeFile } from './io.ts';
import { conclusionLine, formatCheck, verifyFile } from './verify-command.ts';

const dirOf = (values: Record<string, unknown>) => (values.dir as string | undefined) ?? '.';

function archiveInit(args: string[]): number {
  const { values } = parseOptions(args, { dir: { type: 'string' }, election: { type: 'string' }, trustees: { type: 'string' }, 'public-creds': { type: 'string' } });
  const dir = dirOf(values);
  const election = readTrimmed((values.election as string | undefined) ?? join(dir, 'election.json'), 'election');
  const trustees = readTrimmed((values.trustees as string | undefined) ?? join(dir, 'trustees.json'), 'trustees');
  const credsText = readTrimmed((values['public-creds'] as string | undefined) ?? join(dir, 'public_creds.json'), 'public credentials');
  const publicCreds = writeJson(decodeText(zPublicCredentials, credsText, 'public credentials').map(stripCredentialId));
  const uuid = decodeText(zElection, election, 'election').uuid;
  const file = join(dir, `${uuid}.bel`);
  if (existsSync(file)) throw new InvalidRequest(`${file} already exists`);
  const writer = new ArchiveWriter(BigInt(Math.floor(Date.now() / 1000)));
  const setup = { election: writer.addData(election), trustees: writer.addData(trustees), credentials: writer.addData(publicCreds) };
  writer.addEvent('Setup', writer.addData(writeJson(writeSetupData(setup))));
  writeFile(file, writer.toBytes());
  return 0;
}

/** Append stdin lines as data records, then an event whose payload is the last line. */
async function archiveAddEvent(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' }, type: { type: 'string' } });
  const type = requireOption(values, 'type');
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new InvalidRequest(`--type must be one of ${EVENT_TYPES.join(', ')}`);
  const file = findArchive(dirOf(values));
  const parsed = parseArchive(readBytes(file, 'archive'));
  const lines = (await readStdin()).split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
  const writer = ArchiveWriter.resume(parsed);
  let payload: string | undefined;
  for (const line of lines) payload = writer.addData(line);
  writer.addEvent(type as EventType, payload);
  appendBytes(file, writer.toBytes());
  return 0;
}

async function verifiedBoard(dir: string, allowInvalid = false): Promise<{ board: VerifiedBoard; report: VerificationReport }> {
  const report = await verifyFile(findArchive(dir), {});
  if (report.status !== 'valid' && !allowInvalid) {
    for (const c of report.checks) if (c.status !== 'ok') console.error(formatCheck(c));
    const Err = report.status === 'unusable' ? UnusableInput : VerificationFailure;
    throw new Err(`the archive does not verify: ${report.conclusion}`);
  }
  return { board: report.board!, report };
}

async function generateBallot(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' }, privcred: { type: 'string' }, ballot: { type: 'string' } });
  const credential = readLines(requireOption(values, 'privcred'), 'private credential');
  if (credential.length !== 1) throw new UnusableInput('the --privcred file must contain exactly one credential');
  const plaintext = parsePlaintextBallot(readTrimmed(requireOption(values, 'ballot'), 'ballot choices'));
  // Like belenios-tool, only the election is needed to vote: the board is not re-verified.
  const ctx = loadElection(setupOfArchive(parseArchive(readBytes(findArchive(dirOf(values)), 'archive'))).election);
  const prepared = createBallot(ctx, credential[0]!.trim(), plaintext);
  console.log(prepared.text);
  console.error(`I: ballot tracker ${prepared.tracker}`);
  return 0;
}

async function computeEncryptedTally(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' } });
  const { board } = await verifiedBoard(dirOf(values));
  // the verified board's counted ballots (with re-votes, the archive is read again for the ones they replaced)
  const counted = board.counted!;
  const tally = await counted.tally();
  const tallyText = writeJson(writeEncryptedTally(tally));
  console.log(tallyText);
  console.log(writeJson(writeSizedEncryptedTally({ num_tallied: counted.count, total_weight: counted.totalWeight, encrypted_tally: sha256Hex(tallyText) })));
  return 0;
}

function requireTally(board: VerifiedBoard) {
  if (!board.tally) throw new InvalidRequest('the archive has no encrypted tally yet (close the election and run compute-encrypted-tally first)');
  // spec 3.4: ranked or graded answers are shuffled before any trustee decrypts them;
  // decrypting them unshuffled would tie each one to its ballot (belenios-tool refuses too)
  if (board.ctx && nonHomomorphicCount(board.ctx.election) > 0) {
    throw new InvalidRequest('the election has non-homomorphic (ranked or graded) questions and no shuffles were found: their ciphertexts must be shuffled before any trustee decrypts (Jirga cannot shuffle yet)');
  }
  return board.tally;
}

async function decrypt(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' }, privkey: { type: 'string' }, 'trustee-id': { type: 'string' } });
  const owner = integerOption(values, 'trustee-id', 1);
  if (owner === undefined) throw new InvalidRequest('--trustee-id is mandatory');
  const keyText = readTrimmed(requireOption(values, 'privkey'), 'private key');
  const x = decodeText(zNumber, keyText, 'private key');
  const { board } = await verifiedBoard(dirOf(values));
  const ctx = board.ctx!;
  const tally = requireTally(board);
  const expected = flattenTrusteeKeys(board.trustees!)[owner - 1];
  if (!expected || expected.public_key !== ctx.group.powG(x)) console.error(`W: this key is not trustee ${owner}'s key in the election`);
  emitPartialDecryption(owner, partialDecryptionOf(ctx, tally, x));
  return 0;
}

async function decryptThreshold(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' }, key: { type: 'string' }, 'decryption-key': { type: 'string' }, 'trustee-id': { type: 'string' } });
  const owner = integerOption(values, 'trustee-id', 1);
  if (owner === undefined) throw new InvalidRequest('--trustee-id is mandatory');
  const seed = readTrimmed(requireOption(values, 'key'), 'key');
  const encryptedKey = readTrimmed(requireOption(values, 'decryption-key'), 'decryption key');
  const { board } = await verifiedBoard(dirOf(values));
  const ctx = board.ctx!;
  const x = recoverThresholdKey(ctx.group, seed, encryptedKey);
  const expected = flattenTrusteeKeys(board.trustees!)[owner - 1];
  if (!expected || expected.public_key !== ctx.group.powG(x)) console.error(`W: this key is not trustee ${owner}'s key in the threshold parameters`);
  emitPartialDecryption(owner, partialDecryptionOf(ctx, requireTally(board), x));
  return 0;
}

function emitPartialDecryption(owner: number, pd: ReturnType<typeof partialDecryptionOf>): void {
  const pdText = writeJson(writePartialDecryption(pd));
  console.log(pdText);
  console.log(writeJson(writeOwned({ owner, payload: sha256Hex(pdText) })));
}

async function computeResult(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' } });
  const { board } = await verifiedBoard(dirOf(values));
  const tally = requireTally(board);
  const factors = combineDecryptionFactors(board.ctx!.group, board.trustees!, tally, board.partialDecryptions ?? []);
  console.log(writeJson(writeResult({ result: resultOf(board.ctx!.group, tally, factors, board.totalWeight ?? 0n) })));
  return 0;
}

async function electionVerify(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { dir: { type: 'string' } });
  const file = findArchive(dirOf(values));
  console.error(`I: verifying ${basename(file)}`);
  const report = await verifyFile(file, { onCheck: (c) => console.log(formatCheck(c)) });
  console.log(conclusionLine(report));
  return report.status === 'valid' ? 0 : report.status === 'invalid' ? 1 : 2;
}

export const ARCHIVE_COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  init: archiveInit,
  'add-event': archiveAddEvent,
};

export const ELECTION_COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  'generate-ballot': generateBallot,
  'compute-encrypted-tally': computeEncryptedTally,
  decrypt,
  'decrypt-threshold': decryptThreshold,
  'compute-result': computeResult,
  verify: electionVerify,
};
