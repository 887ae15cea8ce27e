// The .bel archive (spec 4.4) against belenios-tool's own archives: rebuilt from its
// chain of events, Jirga's writer gives the same bytes (belenios regenerates the archive
// and compares bytes, so anything else is an error); GNU tar reads what it writes; an
// archive continued with `resume` is the archive written in one go; and every way an
// archive can be unreadable is refused as unusable input, saying where.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArchiveWriter,
  canonicalArchive,
  decodeEvent,
  parseArchive,
  payloadsOfEvent,
  setupOfArchive,
  type ParsedArchive,
} from '../../src/protocol/archive.ts';
import type { ElectionEvent } from '../../src/protocol/codec.ts';
import { UnusableInput } from '../../src/kernel/errors.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';
import { ROOT, tempDir } from '../helpers/tools.ts';

const fixture = (shape: 'basic' | 'threshold') => new Uint8Array(readFileSync(join(ROOT, 'test', 'fixtures', 'belenios', shape, 'election.bel')));

function eventsOf(parsed: ParsedArchive): ElectionEvent[] {
  return parsed.records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, 'event'));
}

function lookupOf(parsed: ParsedArchive): (hash: string) => string | undefined {
  const byHash = new Map(parsed.records.map((r) => [r.hash, r.text]));
  return (hash) => byHash.get(hash);
}

/** Without the members that are undefined (absent from the JSON). */
const plain = (e: ElectionEvent) => JSON.parse(JSON.stringify(e)) as ElectionEvent;

const unusable = (pattern: RegExp) => (e: unknown) => e instanceof UnusableInput && pattern.test(e.message);

describe("belenios-tool's archives, byte for byte", () => {
  for (const shape of ['basic', 'threshold'] as const) {
    test(`${shape}: rebuilt from its events, the archive is the same bytes`, () => {
      const bytes = fixture(shape);
      const parsed = parseArchive(bytes);
      const events = eventsOf(parsed);
      assert.deepEqual(
        [...new Set(events.map((e) => e.type))],
        ['Setup', 'Ballot', 'EndBallots', 'EncryptedTally', 'PartialDecryption', 'Result'],
      );
      assert.deepEqual(canonicalArchive(parsed.timestamp, events, lookupOf(parsed)), bytes);
    });

    test(`${shape}: records are read with their offsets, hashes and the chain of events`, () => {
      const bytes = fixture(shape);
      const parsed = parseArchive(bytes);
      assert.equal(parsed.size, bytes.length);
      assert.equal(parsed.headerText, `{"version":1,"timestamp":"${parsed.timestamp}"}`);
      let previous: { hash: string; height: number } | undefined;
      for (const r of parsed.records) {
        assert.equal(r.hash, sha256Hex(r.text));
        // the record's tar header names it, at its offset
        const name = new TextDecoder().decode(bytes.subarray(r.offset, r.offset + 100)).replace(/\0+$/, '');
        assert.equal(name, `${r.hash}.${r.kind}.json`);
        if (r.kind === 'event') {
          const e = decodeEvent(r.text, 'event');
          assert.equal(e.parent, previous?.hash);
          assert.equal(e.height, previous ? previous.height + 1 : 0);
          previous = { hash: r.hash, height: e.height };
        }
      }
    });
  }

  test('GNU tar lists every entry with the mode, owner, size and date belenios writes', () => {
    const bytes = fixture('basic');
    const parsed = parseArchive(bytes);
    const ours = canonicalArchive(parsed.timestamp, eventsOf(parsed), lookupOf(parsed));
    const file = join(tempDir('jirga-tar-'), 'election.bel');
    writeFileSync(file, ours);
    const listing = spawnSync('tar', ['--numeric-owner', '--full-time', '--utc', '-tvf', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    assert.equal(listing.status, 0, listing.stderr);
    const lines = listing.stdout.trim().split('\n');
    assert.equal(lines.length, parsed.records.length + 1);
    const date = new Date(Number(parsed.timestamp) * 1000).toISOString().replace('T', ' ').replace(/\.000Z$/, '');
    const expected = [{ name: 'BELENIOS', size: parsed.headerText.length }, ...parsed.records.map((r) => ({ name: `${r.hash}.${r.kind}.json`, size: Buffer.byteLength(r.text) }))];
    lines.forEach((line, i) => {
      const [mode, owner, size, day, time, name] = line.split(/\s+/);
      assert.equal(mode, '-rw-r--r--');
      assert.equal(owner, '0/0');
      assert.equal(Number(size), expected[i]!.size);
      assert.equal(`${day} ${time}`, date);
      assert.equal(name, expected[i]!.name);
    });
  });
});

describe('continuing an archive (ArchiveWriter.resume)', () => {
  test('the first part plus what resume appends is the archive written in one go', () => {
    const bytes = fixture('threshold');
    const parsed = parseArchive(bytes);
    const events = eventsOf(parsed);
    const lookup = lookupOf(parsed);
    for (const cut of [1, 3, events.length - 1]) {
      const first = canonicalArchive(parsed.timestamp, events.slice(0, cut), lookup);
      const writer = ArchiveWriter.resume(parseArchive(first));
      assert.equal(writer.lastEvent?.event.height, cut - 1);
      for (const e of events.slice(cut)) {
        for (const t of payloadsOfEvent(e, lookup)) writer.addData(t);
        const added = writer.addEvent(e.type, e.payload);
        assert.deepEqual(plain(added.event), e);
      }
      const appended = writer.toBytes();
      assert.equal(appended.length, bytes.length - first.length, `cut at ${cut}`);
      assert.deepEqual(new Uint8Array([...first, ...appended]), bytes, `cut at ${cut}`);
      // offsets of the appended records are offsets in the whole archive
      assert.deepEqual(
        writer.records.map((r) => r.offset),
        parsed.records.slice(parsed.records.length - writer.records.length).map((r) => r.offset),
      );
    }
  });

  test('resuming an archive with no event yet starts the chain at height 0', () => {
    const header = new ArchiveWriter(42n).toBytes();
    assert.equal(header.length, 1024);
    const writer = ArchiveWriter.resume(parseArchive(header));
    assert.equal(writer.lastEvent, undefined);
    const setup = writer.addEvent('Setup', sha256Hex('x'));
    assert.deepEqual(plain(setup.event), { height: 0, type: 'Setup', payload: sha256Hex('x') });
    assert.equal(writer.toBytes().length, 1024);
    const whole = parseArchive(new Uint8Array([...header, ...writer.toBytes()]));
    assert.equal(whole.records[0]!.text, '{"height":0,"type":"Setup","payload":"' + sha256Hex('x') + '"}');
  });

  test('a record appended as stored keeps its text and becomes the head of the chain', () => {
    const writer = new ArchiveWriter(1n);
    const text = '{"height":0,"type":"Setup","payload":"' + sha256Hex('setup') + '"}';
    const hash = writer.addRecordText('event', text);
    assert.equal(hash, sha256Hex(text));
    assert.deepEqual(writer.lastEvent, { event: decodeEvent(text, 'event'), hash });
    const next = writer.addEvent('EndBallots');
    assert.deepEqual(plain(next.event), { parent: hash, height: 1, type: 'EndBallots' });
    // a data record does not move the head
    writer.addRecordText('data', '"x"');
    assert.equal(writer.lastEvent!.hash, next.hash);
    const parsed = parseArchive(writer.toBytes());
    assert.deepEqual(parsed.records.map((r) => [r.kind, r.text]), [
      ['event', text],
      ['event', `{"parent":"${hash}","height":1,"type":"EndBallots"}`],
      ['data', '"x"'],
    ]);
  });

  test('entries are padded to 512-byte blocks, whatever the length of the text', () => {
    for (const length of [0, 1, 511, 512, 513, 1024, 1025]) {
      const writer = new ArchiveWriter(7n);
      writer.addData('x'.repeat(length));
      const bytes = writer.toBytes();
      assert.equal(bytes.length, 1024 + 512 + Math.ceil(length / 512) * 512, `length ${length}`);
      assert.equal(parseArchive(bytes).records[0]!.text.length, length);
    }
  });
});

describe('payloads of each event, in the order belenios writes them', () => {
  const parsed = parseArchive(fixture('threshold'));
  const lookup = lookupOf(parsed);
  const events = eventsOf(parsed);
  const first = (type: ElectionEvent['type']) => events.find((e) => e.type === type)!;

  test('each event comes after its payloads, in the archive as belenios-tool wrote it', () => {
    let i = 0;
    const records = parsed.records;
    for (const e of events) {
      const payloads = payloadsOfEvent(e, lookup);
      assert.deepEqual(records.slice(i, i + payloads.length).map((r) => r.text), payloads, e.type);
      i += payloads.length + 1;
    }
    assert.equal(i, records.length);
    assert.equal(payloadsOfEvent(first('Setup'), lookup).length, 4);
    assert.equal(payloadsOfEvent(first('EncryptedTally'), lookup).length, 2);
    assert.equal(payloadsOfEvent(first('PartialDecryption'), lookup).length, 2);
    assert.equal(payloadsOfEvent(first('Ballot'), lookup).length, 1);
    assert.equal(payloadsOfEvent(first('Result'), lookup).length, 1);
    assert.deepEqual(payloadsOfEvent(first('EndBallots'), lookup), []);
  });

  test('a payload that is missing, or not in the archive, or where none may be, is named', () => {
    assert.throws(() => payloadsOfEvent({ height: 3, type: 'Ballot' }, lookup), unusable(/^Ballot event at height 3 has no payload$/));
    const absent = sha256Hex('absent');
    assert.throws(() => payloadsOfEvent({ height: 3, type: 'Result', payload: absent }, lookup), unusable(new RegExp(`^payload ${absent} referenced by the Result event at height 3 is not in the archive$`)));
    assert.throws(() => payloadsOfEvent({ height: 5, type: 'EndBallots', payload: absent }, lookup), unusable(/^EndBallots event at height 5 must not have a payload$/));
    assert.throws(() => payloadsOfEvent({ height: 5, type: 'EndShuffles', payload: absent }, lookup), unusable(/^EndShuffles event at height 5 must not have a payload$/));
    // the setup data names three payloads: each must be there
    const setup = first('Setup');
    const setupData = JSON.parse(lookup(setup.payload!)!) as Record<string, string>;
    for (const [field, what] of [['election', 'election'], ['trustees', 'trustees'], ['credentials', 'public credentials']] as const) {
      const without = (h: string) => (h === setupData[field] ? undefined : lookup(h));
      assert.throws(() => payloadsOfEvent(setup, without), unusable(new RegExp(`^${what} ${setupData[field]} referenced by the Setup event`)));
    }
    const tally = first('EncryptedTally');
    const sized = JSON.parse(lookup(tally.payload!)!) as { encrypted_tally: string };
    assert.throws(
      () => payloadsOfEvent(tally, (h) => (h === sized.encrypted_tally ? undefined : lookup(h))),
      unusable(/^encrypted tally [0-9a-f]{64} referenced by the EncryptedTally event/),
    );
    const pd = first('PartialDecryption');
    const owned = JSON.parse(lookup(pd.payload!)!) as { payload: string };
    assert.throws(
      () => payloadsOfEvent(pd, (h) => (h === owned.payload ? undefined : lookup(h))),
      unusable(/^partial decryption [0-9a-f]{64} referenced by the PartialDecryption event/),
    );
    assert.throws(
      () => payloadsOfEvent({ ...pd, type: 'Shuffle' }, (h) => (h === owned.payload ? undefined : lookup(h))),
      unusable(/^shuffle [0-9a-f]{64} referenced by the Shuffle event/),
    );
  });

  test("the setup of an archive is its first event's election, trustees and credentials", () => {
    const setup = setupOfArchive(parsed);
    const [election, trustees, credentials] = payloadsOfEvent(first('Setup'), lookup);
    assert.deepEqual(setup, { election, trustees, credentials });
    assert.match(setup.election, /^\{"version":1,/);
    assert.throws(() => setupOfArchive(parseArchive(new ArchiveWriter(1n).toBytes())), unusable(/^the archive has no events$/));
    const writer = new ArchiveWriter(1n);
    writer.addEvent('EndBallots');
    assert.throws(() => setupOfArchive(parseArchive(writer.toBytes())), unusable(/^the first event of the archive is not Setup$/));
    const noPayload = new ArchiveWriter(1n);
    noPayload.addEvent('Setup');
    assert.throws(() => setupOfArchive(parseArchive(noPayload.toBytes())), unusable(/^the first event of the archive is not Setup$/));
  });
});

describe('unreadable archives are unusable input, saying where', () => {
  const good = fixture('basic');
  const parsed = parseArchive(good);
  const second = parsed.records[0]!.offset; // the first record after the BELENIOS header
  const withBytes = (offset: number, text: string) => {
    const copy = new Uint8Array(good);
    copy.set(new TextEncoder().encode(text), offset);
    return copy;
  };

  test('size limit: an archive of exactly the limit is read, one byte over is not', () => {
    assert.equal(parseArchive(good, good.length).size, good.length);
    assert.throws(() => parseArchive(good, good.length - 1), unusable(new RegExp(`^archive is ${good.length} bytes, more than the limit of ${good.length - 1} \\(raise it with --max-size\\)$`)));
  });

  test('not a Belenios archive', () => {
    assert.throws(() => parseArchive(new Uint8Array(0)), unusable(/^archive is empty$/));
    assert.throws(() => parseArchive(good.subarray(0, 511)), unusable(/does not start with the BELENIOS tar header/));
    assert.throws(() => parseArchive(withBytes(0, 'BELENIOZ')), unusable(/does not start with the BELENIOS tar header/));
    assert.throws(() => parseArchive(good.subarray(512)), unusable(/does not start with the BELENIOS tar header/));
  });

  test('truncated archives', () => {
    assert.throws(() => parseArchive(good.subarray(0, good.length - 100)), unusable(/^archive is truncated \(\d+ bytes is not a whole number of 512-byte tar blocks\)$/));
    const last = parsed.records[parsed.records.length - 1]!;
    const cut = good.subarray(0, last.offset + 512);
    assert.throws(() => parseArchive(cut), unusable(new RegExp(`^archive is truncated: entry "${last.hash}.event.json" needs \\d+ bytes, only 0 remain$`)));
  });

  test('an empty tar header (the end-of-archive blocks belenios never writes)', () => {
    const padded = new Uint8Array([...good, ...new Uint8Array(1024)]);
    assert.throws(() => parseArchive(padded), unusable(new RegExp(`^archive has an empty tar header at byte ${good.length} \\(not written by Belenios\\)$`)));
  });

  test('a size field that is not octal', () => {
    assert.throws(() => parseArchive(withBytes(second + 124, '0000000009x')), unusable(/^entry "[0-9a-f]{64}\.data\.json": the tar header has no valid size$/));
    assert.throws(() => parseArchive(withBytes(second + 124, '\0')), unusable(/the tar header has no valid size$/));
    // spaces around the digits are allowed, as tar writes them
    const size = Buffer.byteLength(parsed.records[0]!.text).toString(8);
    assert.equal(parseArchive(withBytes(second + 124, ` ${size.padStart(9, '0')} `)).records[0]!.text, parsed.records[0]!.text);
  });

  test('an entry that is not UTF-8', () => {
    const copy = new Uint8Array(good);
    copy[second + 512] = 0xff;
    assert.throws(() => parseArchive(copy), unusable(/^entry "[0-9a-f]{64}\.data\.json" is not UTF-8 text$/));
  });

  test('an entry not named <sha256>.data.json or <sha256>.event.json', () => {
    assert.throws(() => parseArchive(withBytes(second, 'X')), unusable(/^archive entry "X[0-9a-f]{63}\.data\.json" is not named <sha256>\.data\.json or <sha256>\.event\.json$/));
    assert.throws(() => parseArchive(withBytes(second + 64, '.blob.json')), unusable(/is not named <sha256>/));
  });

  test('a name is at most the 100 bytes of the tar name field', () => {
    const w = new ArchiveWriter(1n);
    w.addData('x');
    const bytes = w.toBytes();
    bytes.set(new TextEncoder().encode('a'.repeat(100)), 1024);
    assert.equal(bytes[1124], '0'.charCodeAt(0)); // the mode field follows the name: it is not part of it
    assert.throws(() => parseArchive(bytes), unusable(new RegExp(`^archive entry "${'a'.repeat(100)}" is not named`)));
  });

  test('an archive header that is not version 1', () => {
    const w = new ArchiveWriter(1n);
    const bytes = w.toBytes();
    bytes.set(new TextEncoder().encode('{"version":2,"timestamp":"1"}'), 512);
    assert.throws(() => parseArchive(bytes), unusable(/archive header: .*version/));
  });
});
