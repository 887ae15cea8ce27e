// Bad input gets a clear error and exit code 2: never a crash trace, never "valid". An
// archive that reads but holds a number outside the group or Z_q fails a check: exit 1.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArchive, setupOfArchive } from '../../src/protocol/archive.ts';
import { signBallot } from '../../src/protocol/ballot.ts';
import { decodeText, writeBallot, writeJson, zBallot, type BallotH } from '../../src/protocol/codec.ts';
import { loadElection } from '../../src/protocol/election.ts';
import { simulateElection } from '../../src/protocol/simulate.ts';
import { deriveCredentialSecret } from '../../src/protocol/credentials.ts';
import { rechain } from '../helpers/tamper.ts';
import { jirga, lastLine, tempDir, type Run } from '../helpers/tools.ts';

function assertUnusable(r: Run, reason: RegExp) {
  assert.equal(r.code, 2, `exit code 2 expected:\n${r.stdout}\n${r.stderr}`);
  const all = r.stdout + r.stderr;
  assert.doesNotMatch(all, /^valid:/m, 'never "valid"');
  assert.doesNotMatch(all, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.match(all, reason);
}

/** Read, and a check failed: exit 1 with the check's reason. */
function assertInvalid(r: Run, reason: RegExp) {
  assert.equal(r.code, 1, `exit code 1 expected:\n${r.stdout}\n${r.stderr}`);
  const all = r.stdout + r.stderr;
  assert.doesNotMatch(all, /^valid:/m, 'never "valid"');
  assert.doesNotMatch(all, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.match(lastLine(r.stdout), /^invalid: (ballots|election): /);
  assert.match(all, reason);
}

function verifyBytes(bytes: Uint8Array, extra: string[] = []): Run {
  const file = join(tempDir(), 'input.bel');
  writeFileSync(file, bytes);
  return jirga(['verify', file, ...extra]);
}

describe('jirga verify on unusable input exits 2 with a reason (1 for a number out of range)', () => {
  let sim: ReturnType<typeof simulateElection>;
  before(() => {
    sim = simulateElection({ voters: 3, trustees: 1 });
  });

  const ballotIndex = (bytes: Uint8Array) => parseArchive(bytes).records.findIndex((r) => r.text.startsWith('{"election_uuid"'));

  /** Replace the first ballot by `change(ballot)`, re-signed, and re-chain. */
  function withBallot(change: (b: BallotH) => void): Uint8Array {
    const ctx = loadElection(setupOfArchive(parseArchive(sim.archive)).election);
    const target = ballotIndex(sim.archive);
    return rechain(sim.archive, ({ text, index }) => {
      if (index !== target) return text;
      const b = (decodeText(zBallot, text, 'ballot') as BallotH);
      change(b);
      const credential = sim.privateCredentials.map((l) => l.split(' ').pop()!).find((c) => ctx.group.powG(deriveCredentialSecret(ctx.group, ctx.election.uuid, c)) === b.credential)!;
      return writeJson(writeBallot(signBallot(ctx, b, deriveCredentialSecret(ctx.group, ctx.election.uuid, credential))));
    });
  }

  test('a file that does not exist', () => {
    const r = jirga(['verify', '/nonexistent/election.bel']);
    assertUnusable(r, /does not exist/);
    assert.match(lastLine(r.stdout), /^invalid: unusable input: /);
  });
  test('a directory', () => assertUnusable(jirga(['verify', tempDir()]), /is a directory/));
  test('no argument', () => assertUnusable(jirga(['verify']), /no archive given/));
  test('an empty file', () => assertUnusable(verifyBytes(new Uint8Array(0)), /archive is empty/));
  test('bytes that are not a tar archive', () => assertUnusable(verifyBytes(new TextEncoder().encode('{"hello": "world"}\n'.repeat(40))), /this is not a Belenios archive \(\.bel\)/));
  test('a truncated archive', () => assertUnusable(verifyBytes(sim.archive.subarray(0, Math.floor(sim.archive.length / 2 / 512) * 512 + 100)), /truncated/));
  test('an archive cut at a block boundary inside a record', () => {
    const records = parseArchive(sim.archive).records;
    const big = records.find((r) => r.text.length > 1024)!;
    assertUnusable(verifyBytes(sim.archive.subarray(0, big.offset + 1024)), /truncated/);
  });
  test('an oversized archive', () => assertUnusable(verifyBytes(sim.archive, ['--max-size', '4096']), /more than the limit of 4096/));
  test('malformed JSON in a ballot', () => {
    const target = ballotIndex(sim.archive);
    const bytes = rechain(sim.archive, ({ text, index }) => (index === target ? text.slice(0, 200) : text));
    assertUnusable(verifyBytes(bytes), /ballot 1 of 3 .*not valid JSON/);
  });
  test('a ballot field of the wrong type', () => {
    const target = ballotIndex(sim.archive);
    const bytes = rechain(sim.archive, ({ text, index }) => (index === target ? text.replace('"credential":"', '"credential":"x') : text));
    assertUnusable(verifyBytes(bytes), /credential: expected a number written in base 10/);
  });
  test('a proof number out of range (not below q)', () => {
    const G = loadElection(setupOfArchive(parseArchive(sim.archive)).election).group;
    const bytes = withBallot((b) => {
      b.answers[0]!.overall_proof[0]!.response += G.q;
    });
    assertInvalid(verifyBytes(bytes), /a proof contains a number that is not below q/);
  });
  test('a ciphertext outside the subgroup', () => {
    const G = loadElection(setupOfArchive(parseArchive(sim.archive)).election).group;
    const bytes = withBallot((b) => {
      b.answers[1]!.choices[0]!.alpha = G.p - b.answers[1]!.choices[0]!.alpha; // order 2q
    });
    assertInvalid(verifyBytes(bytes), /question 2, choice 1: alpha is not an element of the group/);
  });
  test('a number larger than p', () => {
    const G = loadElection(setupOfArchive(parseArchive(sim.archive)).election).group;
    const bytes = withBallot((b) => {
      b.answers[0]!.choices[1]!.beta += G.p;
    });
    assertInvalid(verifyBytes(bytes), /question 1, choice 2: beta is not an element of the group/);
  });
  test('an election key outside the subgroup', () => {
    const { election } = setupOfArchive(parseArchive(sim.archive));
    const key = /"public_key":"(\d+)"/.exec(election)![1]!;
    const G = loadElection(election).group;
    const bytes = rechain(sim.archive, ({ text }) => (text === election ? text.replace(key, String(G.p - BigInt(key))) : text));
    assertInvalid(verifyBytes(bytes), /election: the election's public key is not an element of the group/);
  });
  test('a number with a leading zero in a partial decryption', () => {
    const bytes = rechain(sim.archive, ({ text }) => (text.startsWith('{"decryption_factors"') ? text.replace('[["', '[["0') : text));
    assertUnusable(verifyBytes(bytes), /partial decryption 1: decryption_factors\[0\]\[0\]: expected a number written in base 10/);
  });
  test('an unknown group', () => {
    const { election } = setupOfArchive(parseArchive(sim.archive));
    const bytes = rechain(sim.archive, ({ text }) => (text === election ? text.replace('BELENIOS-2048', 'TOY-64') : text));
    assertUnusable(verifyBytes(bytes), /unknown group "TOY-64"/);
  });
});

describe('other commands refuse bad input with a message', () => {
  test('simulate with a non-number', () => assertUnusable(jirga(['simulate', '--out', join(tempDir(), 'x.bel'), '--voters', 'many']), /--voters must be a whole number/));
  test('simulate with a threshold above the trustees', () => assertUnusable(jirga(['simulate', '--out', join(tempDir(), 'x.bel'), '--voters', '2', '--trustees', '2', '--threshold', '3']), /--threshold must be between 1 and --trustees/));
  test('an unknown option', () => assertUnusable(jirga(['verify', 'x.bel', '--fast']), /Unknown option '--fast'/));
  test('an unknown command', () => assertUnusable(jirga(['frobnicate']), /unknown command "frobnicate"/));
  test('a template with max above the number of answers', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.json'), JSON.stringify({ description: '', name: 'n', questions: [{ answers: ['a'], min: 0, max: 2, question: 'q' }] }));
    assertUnusable(jirga(['simulate', '--out', join(dir, 'x.bel'), '--voters', '1', '--template', join(dir, 't.json')]), /max \(2\) is larger than the number of answers \(1\)/);
  });
  test('generate-ballot with choices that break the rules', () => {
    const sim = simulateElection({ voters: 2, open: true });
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${sim.uuid}.bel`), sim.archive);
    writeFileSync(join(dir, 'cred'), sim.privateCredentials[0]!.split(' ').pop()! + '\n');
    writeFileSync(join(dir, 'two.json'), '[[1,1,0,0],[0,1,0,0,0]]');
    assertUnusable(jirga(['election', 'generate-ballot', '--dir', dir, '--privcred', join(dir, 'cred'), '--ballot', join(dir, 'two.json')]), /question 1: select exactly 1 answer\(s\), not 2/);
    writeFileSync(join(dir, 'bad.json'), '[[1,0,0,0],[0,1,0,0,0]');
    assertUnusable(jirga(['election', 'generate-ballot', '--dir', dir, '--privcred', join(dir, 'cred'), '--ballot', join(dir, 'bad.json')]), /plaintext ballot is not valid JSON/);
    writeFileSync(join(dir, 'cred'), 'not-a-credential\n');
    writeFileSync(join(dir, 'ok.json'), '[[1,0,0,0],[0,1,0,0,0]]');
    assertUnusable(jirga(['election', 'generate-ballot', '--dir', dir, '--privcred', join(dir, 'cred'), '--ballot', join(dir, 'ok.json')]), /not a valid secret credential/);
  });
});
