// The steps after voting — compute-encrypted-tally, decrypt, decrypt-threshold,
// compute-result — verify the whole board first and refuse one that does not verify:
// exit 1 naming the failed check, nothing on standard output (no tally, decryption or
// result that someone could append). On the honest board the same commands work and
// give what belenios-tool gave (its tally and result are in the fixture).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeText, zOwned, zPartialDecryption } from '../../src/protocol/codec.ts';
import { flattenTrusteeKeys } from '../../src/protocol/trustees.ts';
import { partialDecryptionProblem } from '../../src/protocol/tally.ts';
import { zEncryptedTally, zTrustees } from '../../src/protocol/codec.ts';
import { boardOf, closedPrefix, fixture, FIXTURE_DIR, prefixThrough, TAMPER_CASES, without, writeBoard, type Board, type FixtureName } from '../helpers/tamper-cases.ts';
import { jirga, tempDir, type Run } from '../helpers/tools.ts';

function boardDir(board: Board): string {
  const dir = tempDir('jirga-downstream-');
  writeFileSync(join(dir, 'election.bel'), writeBoard(board));
  return dir;
}

const tampered = (name: string): Board => {
  const t = TAMPER_CASES.find((c) => c.name === name);
  assert.ok(t, name);
  return boardOf(t.make(fixture(t.fixture)));
};
const honest = (name: FixtureName) => boardOf(fixture(name).bytes);

function keyFile(fixtureName: FixtureName, file: string): string {
  const dir = tempDir('jirga-key-');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURE_DIR, fixtureName, file), join(dir, file));
  return join(dir, file);
}

function refused(r: Run, check: RegExp) {
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stdout, '', 'nothing is printed that could be appended to the board');
  assert.match(r.stderr, /jirga: the archive does not verify: /);
  assert.match(r.stderr, check);
  assert.doesNotMatch(r.stderr, /at .*\.(ts|mjs):\d+/, 'no stack trace');
}

describe('steps after voting refuse a board that does not verify', () => {
  test('compute-encrypted-tally: refused when a ballot is forged; on the honest board, the tally belenios-tool computed', () => {
    const bad = jirga(['election', 'compute-encrypted-tally', '--dir', boardDir(closedPrefix(tampered("a ballot's signature altered")))]);
    refused(bad, /\[FAIL\] ballots: ballot 2 of 5 .*signature does not verify/);

    const good = jirga(['election', 'compute-encrypted-tally', '--dir', boardDir(closedPrefix(honest('basic')))]);
    assert.equal(good.code, 0, good.stderr);
    const published = honest('basic').events.find((e) => e.type === 'EncryptedTally')!;
    assert.ok(published.type === 'EncryptedTally');
    const [tallyLine, sizedLine] = good.stdout.trim().split('\n');
    assert.equal(tallyLine, published.tally, 'the same bytes as belenios-tool');
    assert.match(sizedLine!, new RegExp(`^\\{"num_tallied":${published.numTallied},"total_weight":${published.totalWeight},"encrypted_tally":"[0-9a-f]{64}"\\}$`));
  });

  test('compute-encrypted-tally: refused when a ballot was cast after the close', () => {
    const r = jirga(['election', 'compute-encrypted-tally', '--dir', boardDir(tampered('a ballot accepted after EndBallots (re-chained)'))]);
    refused(r, /\[FAIL\] event chain: Ballot event at height 7 comes after EndBallots/);
  });

  test('decrypt (basic trustee): refused when the published tally overstates the ballots; honest board gives a decryption that verifies', () => {
    const key = keyFile('basic', 'trustee-1.privkey');
    const bad = jirga(['election', 'decrypt', '--dir', boardDir(prefixThrough(tampered('the number of tallied ballots overstated'), 'EncryptedTally')), '--privkey', key, '--trustee-id', '1']);
    refused(bad, /\[FAIL\] encrypted tally: it claims 5 tallied ballots; the board has 4/);

    const board = prefixThrough(honest('basic'), 'EncryptedTally');
    const good = jirga(['election', 'decrypt', '--dir', boardDir(board), '--privkey', key, '--trustee-id', '1']);
    assert.equal(good.code, 0, good.stderr);
    const [pdLine, ownedLine] = good.stdout.trim().split('\n');
    assert.equal(decodeText(zOwned, ownedLine!, 'owned').owner, 1);
    const tallyEvent = board.events.at(-1)!;
    assert.ok(tallyEvent.type === 'EncryptedTally');
    const ctx = fixture('basic').ctx;
    const X = flattenTrusteeKeys(decodeText(zTrustees, board.setup.trustees, 'trustees'))[0]!.public_key;
    assert.equal(partialDecryptionProblem(ctx, decodeText(zEncryptedTally, tallyEvent.tally, 'tally'), X, decodeText(zPartialDecryption, pdLine!, 'pd')), undefined);
  });

  test('decrypt-threshold: refused when a vote was added to the encrypted tally', () => {
    const args = (dir: string) => ['election', 'decrypt-threshold', '--dir', dir, '--key', keyFile('threshold', 'trustee-2.key'), '--decryption-key', keyFile('threshold', 'trustee-2.dkey'), '--trustee-id', '2'];
    const bad = jirga(args(boardDir(prefixThrough(tampered('one vote added to the encrypted tally (decryptions and result redone on it)'), 'EncryptedTally'))));
    refused(bad, /\[FAIL\] encrypted tally: the published encrypted tally is not the product of the counted ballots/);
    const good = jirga(args(boardDir(prefixThrough(honest('threshold'), 'EncryptedTally'))));
    assert.equal(good.code, 0, good.stderr);
    assert.equal(decodeText(zOwned, good.stdout.trim().split('\n')[1]!, 'owned').owner, 2);
  });

  test('compute-result: refused when a partial decryption is forged; honest board gives belenios-tool’s result', () => {
    const bad = jirga(['election', 'compute-result', '--dir', boardDir(without(tampered('a decryption factor altered'), 'Result'))]);
    refused(bad, /\[FAIL\] partial decryptions: partial decryption of trustee 1: question 2, answer 1: decryption proof does not verify/);

    for (const name of ['basic', 'threshold'] as const) {
      const good = jirga(['election', 'compute-result', '--dir', boardDir(without(honest(name), 'Result'))]);
      assert.equal(good.code, 0, good.stderr);
      const published = honest(name).events.at(-1)!;
      assert.ok(published.type === 'Result');
      assert.equal(good.stdout.trim(), published.result, `${name}: the same result as belenios-tool`);
    }
  });

  test('compute-result: refused on a board whose tar is cut (exit 2, unusable)', () => {
    const dir = tempDir('jirga-downstream-');
    const bytes = fixture('basic').bytes;
    writeFileSync(join(dir, 'election.bel'), bytes.subarray(0, bytes.length - 300));
    const r = jirga(['election', 'compute-result', '--dir', dir]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /archive is truncated/);
  });
});
