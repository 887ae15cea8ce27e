// The verifier's archive reader under attack (issue 16): a fast-check property mutates a
// real belenios-tool archive (test/fixtures/belenios/basic) — truncations, bit flips,
// and tar header tricks: a wrong size field, a bad checksum, names with ../ or an
// absolute path, a symlink, hard link or directory entry, a huge declared size (octal
// or base-256), end-of-archive blocks or a duplicate entry appended — and requires:
//   - in process (verifyArchive, 100 cases): the report is never 'valid' unless the
//     bytes are unchanged, and nothing but UnusableInput is thrown (anything else would
//     be a crash with a stack trace in `jirga verify`);
//   - through the CLI (`jirga verify`, 8 cases): exit 1 (fails verification) or 2
//     (unusable), an 'invalid:' last line, and no stack trace.
// Both run with a fixed seed (161616); JIRGA_PROPERTY_SEED=n runs other cases.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { UnusableInput } from '../../src/kernel/errors.ts';
import { registerOpensslEngine } from '../../src/node/openssl-engine.ts';
import { parseArchive } from '../../src/protocol/archive.ts';
import { verifyArchive } from '../../src/protocol/verify.ts';
import { assertAsyncProperty, fixedSeed } from '../helpers/property.ts';
import { fixture, memoBallotChecker } from '../helpers/tamper-cases.ts';
import { jirga, lastLine, tempDir } from '../helpers/tools.ts';

const SEED = fixedSeed(161_616);
const BLOCK = 512;
/** A path a reader that followed entry names or links would write or read. */
const ESCAPE = '/tmp/jirga-verify-fuzz-escaped';

interface Mutation {
  what: string;
  bytes: Uint8Array;
}

/** A case, shown in a failure by what it did (not by its 100 KB of bytes). */
const mutation = (what: string, bytes: Uint8Array): Mutation => Object.assign({ what, bytes }, { [fc.toStringMethod]: () => JSON.stringify(what) });

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Write `text` at `at` in the header of the entry at `entry`, then (if asked) a checksum that matches the new header. */
function patchHeader(original: Uint8Array, entry: number, patches: [number, Uint8Array][], fixChecksum: boolean): Uint8Array {
  const b = Uint8Array.from(original);
  for (const [at, bytes] of patches) b.set(bytes, entry + at);
  if (fixChecksum) {
    b.set(ascii('        '), entry + 148);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += b[entry + i]!;
    b.set(ascii(sum.toString(8).padStart(6, '0') + '\0 '), entry + 148);
  }
  return b;
}

const field = (text: string, length: number) => {
  const f = new Uint8Array(length);
  f.set(ascii(text).subarray(0, length));
  return f;
};

function mutations(original: Uint8Array): fc.Arbitrary<Mutation> {
  const parsed = parseArchive(original);
  const entries = [0, ...parsed.records.map((r) => r.offset)];
  const sizes = new Map(entries.map((o) => [o, parseInt(String.fromCharCode(...original.subarray(o + 124, o + 135)), 8)]));
  const entry = fc.constantFrom(...entries);
  const fix = fc.boolean();
  const header = (what: string, make: (at: number) => [number, Uint8Array][]) =>
    fc.tuple(entry, fix).map(([at, fixChecksum]) => mutation(`${what} in the header at byte ${at}${fixChecksum ? ' (checksum recomputed)' : ''}`, patchHeader(original, at, make(at), fixChecksum)));
  return fc.oneof(
    fc.nat({ max: original.length - 1 }).map((n) => mutation(`truncated to ${n} bytes`, original.subarray(0, n))),
    fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
      const b = Uint8Array.from(original);
      b[at] = b[at]! ^ (1 << bit);
      return mutation(`bit ${bit} of byte ${at} flipped`, b);
    }),
    fc.tuple(entry, fc.constantFrom(-1, 1, 511, 512, -BLOCK * 2, 10 ** 6)).chain(([at, delta]) =>
      fix.map((fixChecksum) => {
        const size = Math.max(0, sizes.get(at)! + delta);
        return mutation(`size field of the entry at byte ${at} set to ${size}`, patchHeader(original, at, [[124, field(size.toString(8).padStart(11, '0'), 12)]], fixChecksum));
      }),
    ),
    header('a huge declared size (8 GiB)', () => [[124, field('77777777777', 12)]]),
    header('a base-256 size', () => [[124, Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0])]]),
    fc.tuple(entry, fc.constantFrom('00000000', '0000000\0', '7777777 ', 'zzzzzzzz')).map(([at, sum]) => mutation(`checksum ${JSON.stringify(sum)} at byte ${at}`, patchHeader(original, at, [[148, ascii(sum)]], false))),
    fc.tuple(entry, fc.constantFrom('../', '../../../../', '/', './', 'x/../'), fix).map(([at, prefix, fixChecksum]) => {
      const name = String.fromCharCode(...original.subarray(at, at + 100)).replace(/\0+$/, '');
      return mutation(`name "${prefix}${name}" at byte ${at}`, patchHeader(original, at, [[0, field(prefix + name, 100)]], fixChecksum));
    }),
    header(`name ${ESCAPE}`, () => [[0, field(ESCAPE, 100)]]),
    fc.tuple(entry, fc.constantFrom('1', '2', '5', '7', 'L', 'x', '\0'), fix).map(([at, flag, fixChecksum]) =>
      mutation(`typeflag ${JSON.stringify(flag)} (link to ${ESCAPE}) at byte ${at}`, patchHeader(original, at, [[156, ascii(flag)], [157, field(ESCAPE, 100)]], fixChecksum)),
    ),
    fc.constantFrom(1, 2).map((n) => {
      const b = new Uint8Array(original.length + n * BLOCK);
      b.set(original);
      return mutation(`${n} end-of-archive block(s) appended`, b);
    }),
    fc.constantFrom(...parsed.records.map((_, i) => i)).map((i) => {
      const start = parsed.records[i]!.offset;
      const end = parsed.records[i + 1]?.offset ?? original.length;
      const b = new Uint8Array(original.length + end - start);
      b.set(original);
      b.set(original.subarray(start, end), original.length);
      return mutation(`record ${i} appended again`, b);
    }),
  );
}

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

describe('jirga verify under fuzzing: never valid unless unchanged, never a crash', () => {
  let original: Uint8Array;
  before(() => {
    registerOpensslEngine();
    original = fixture('basic').bytes;
  });

  test('the unchanged archive is valid (the property below can tell)', async () => {
    assert.equal((await verifyArchive(original, { checkBallots: memoBallotChecker })).status, 'valid');
  });

  test('in process: 100 mutated archives are invalid or unusable, and only UnusableInput is thrown', { timeout: 120_000 }, async () => {
    const kinds = new Map<string, number>();
    await assertAsyncProperty(
      fc.asyncProperty(mutations(original), async ({ what, bytes }) => {
        const unchanged = Buffer.from(bytes).equals(Buffer.from(original));
        let status: string;
        try {
          status = (await verifyArchive(bytes, { checkBallots: memoBallotChecker })).status;
        } catch (e) {
          assert.ok(e instanceof UnusableInput, `${what}: ${e instanceof Error ? e.stack : String(e)}`);
          status = 'unusable (thrown)';
        }
        kinds.set(status, (kinds.get(status) ?? 0) + 1);
        if (unchanged) assert.equal(status, 'valid', what);
        else assert.notEqual(status, 'valid', `${what}: the mutated archive is called valid`);
      }),
      100,
      SEED,
    );
    // the cases reach both kinds of refusal: the reader's and the checks'
    assert.ok((kinds.get('invalid') ?? 0) > 0 && (kinds.get('unusable') ?? 0) + (kinds.get('unusable (thrown)') ?? 0) > 0, JSON.stringify([...kinds]));
    assert.ok(!existsSync(ESCAPE), `${ESCAPE} was written`);
  });

  test('through the CLI: 8 mutated archives exit 1 or 2 with an "invalid:" conclusion and no stack trace', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const wrong: string[] = [];
    fc.sample(mutations(original), { seed: SEED, numRuns: 8 }).forEach(({ what, bytes }, i) => {
      const file = join(dir, `mutated-${i}.bel`);
      writeFileSync(file, bytes);
      const r = jirga(['verify', file]);
      const problems = [
        ...(r.code === 1 || r.code === 2 ? [] : [`exit ${r.code}`]),
        ...(/^invalid: /.test(lastLine(r.stdout)) ? [] : ['no "invalid:" conclusion']),
        ...(STACK_TRACE.test(r.stdout + r.stderr) ? ['a stack trace'] : []),
        ...(r.stderr.trim() === '' ? [] : ['output on stderr']),
      ];
      if (problems.length) wrong.push(`${what}: ${problems.join(', ')}\n${r.stdout.slice(-300)}\n${r.stderr.slice(0, 500)}`);
    });
    assert.deepEqual(wrong, []);
    assert.ok(!existsSync(ESCAPE), `${ESCAPE} was written`);
  });
});
