// What keeps the streamed verifier's memory flat (issue 18, "memory that does not grow
// with the election"): a large record is not copied more than it must be, and the
// credentials record is read without a second list beside it — each time with exactly
// the verdicts and words of the general path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalEntry, isCanonicalEntry, TarSplitter, type TarEntry } from '../../src/protocol/archive.ts';
import { checkPublicCredentials, simpleCredentialStrings } from '../../src/protocol/verify-checks.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';

const TS = 1_700_000_000n;

/** The tar entry of a record as a reader gets it, through a splitter fed in small chunks. */
function readBack(name: string, text: string, chunk = 700): TarEntry {
  const head = canonicalEntry('BELENIOS', '{"version":1,"timestamp":"1700000000"}', TS);
  const e = canonicalEntry(name, text, TS);
  const bytes = new Uint8Array([...head.header, ...head.padded, ...e.header, ...e.padded]);
  const s = new TarSplitter();
  const entries: TarEntry[] = [];
  for (let at = 0; at < bytes.length; at += chunk) entries.push(...s.push(bytes.slice(at, at + chunk)));
  s.end();
  assert.equal(entries.length, 2);
  return entries[1]!;
}

describe('a record entry checked against the canonical bytes without a padded copy', () => {
  const name = `${'a'.repeat(64)}.data.json`;
  const text = '["1","2,3","é"]' + 'x'.repeat(1500);

  test('the splitter gives each entry in a buffer of its own, exactly its length, whatever the chunks', () => {
    for (const chunk of [100, 511, 512, 700, 4096, 1 << 20]) {
      const e = readBack(name, text, chunk);
      assert.equal(e.text, text);
      assert.equal(e.header.buffer.byteLength, 512 + e.padded.length, `chunks of ${chunk}`);
      assert.deepEqual(e.padded, canonicalEntry(name, text, TS).padded);
    }
  });

  test('isCanonicalEntry says what comparing with canonicalEntry says', () => {
    const e = readBack(name, text);
    assert.equal(isCanonicalEntry(e, name, text, TS), true);
    assert.equal(isCanonicalEntry(e, name, text, TS + 1n), false, 'another timestamp');
    assert.equal(isCanonicalEntry(e, `${'b'.repeat(64)}.data.json`, text, TS), false, 'another name');
    assert.equal(isCanonicalEntry(e, name, text.slice(0, -1), TS), false, 'a shorter text');
    assert.equal(isCanonicalEntry(e, name, text.slice(0, -1) + 'y', TS), false, 'another last character');
    for (const where of ['header', 'body', 'padding'] as const) {
      const header = e.header.slice();
      const padded = e.padded.slice();
      if (where === 'header') header[200] = header[200]! ^ 1;
      else if (where === 'body') padded[3] = padded[3]! ^ 1;
      else padded[padded.length - 1] = 1;
      assert.equal(isCanonicalEntry({ ...e, header, padded }, name, text, TS), false, `one byte of the ${where} changed`);
    }
  });
});

describe('the credentials record read one string at a time', () => {
  const cases = ['[]', '[""]', '["1"]', '["12","34,5",",,"]', '["1","2"]'];
  test('gives exactly what JSON.parse gives for the form belenios writes', () => {
    for (const text of cases) assert.deepEqual([...simpleCredentialStrings(text)!], JSON.parse(text), text);
  });

  test('any other form goes to the general path (undefined)', () => {
    for (const text of ['', '[', ']', '[ ]', '["1", "2"]', '["1",]', '[,"1"]', '["1""2"]', '["1"', '"1"]', '["\\u0031"]', '["1a"]', '["-1"]', '[1]', '{"a":"1"}', '["1"],', '["1"]\n', '["1","2"', '["1","2]']) {
      assert.equal(simpleCredentialStrings(text), undefined, JSON.stringify(text));
    }
  });

  test('the credentials check says the same on either path', () => {
    const group = getGroup('BELENIOS-2048');
    const g = group.g;
    const g2 = group.mul(g, g);
    const outcome = (text: string) => {
      try {
        const r = checkPublicCredentials(group, text);
        return { size: r.value.size, detail: r.detail };
      } catch (e) {
        return { error: String(e), detail: (e as { detail?: unknown }).detail };
      }
    };
    // the same record with a space after each comma goes through JSON.parse and the schema
    const spaced = (text: string) => text.replaceAll('","', '", "');
    for (const text of [`["${g}","${g2}"]`, `["${g},3","${g2},2"]`, `["${g}","${g}"]`, `["${g}","5"]`, `["${g}","1,2,3"]`, `["${g}","0${g2}"]`, `["${g}","${group.p}"]`]) {
      assert.notEqual(simpleCredentialStrings(text), undefined);
      assert.equal(simpleCredentialStrings(spaced(text)), undefined);
      assert.deepEqual(outcome(text), outcome(spaced(text)), text.slice(0, 20));
    }
    assert.deepEqual(outcome(`["${g}","${g2}"]`).size, 2);
  });
});
