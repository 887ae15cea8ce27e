// What `jirga mirror --serve` answers from, in isolation: the index of a verified copy (refused
// when the file is not the one verified), and pages of records read from the file by their
// offsets, bounded in bytes as in events (at least one event a page), that rebuild the archive.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { indexCopy, recordsPage, sha256Of, type KeptFile } from '../../src/cli/mirror-serve.ts';
import { ArchiveWriter, parseArchive } from '../../src/protocol/archive.ts';
import { ROOT, tempDir } from '../helpers/tools.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'belenios', 'basic', 'election.bel');

function keptOf(path: string): KeptFile {
  const st = statSync(path);
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Of(readFileSync(path)) };
}

test('pages bounded in bytes and in events, each at least one event, rebuild the archive byte for byte', async () => {
  const path = join(tempDir('jirga-mirror-serve-'), 'copy.bel');
  copyFileSync(FIXTURE, path);
  const bytes = readFileSync(path);
  const parsed = parseArchive(bytes);
  const copy = await indexCopy(path, keptOf(path));
  try {
    assert.equal(copy.head.height, parsed.records.filter((r) => r.kind === 'event').length - 1);
    assert.equal(copy.box.length, 5);
    for (const [limit, maxBytes] of [[1000, 1], [1000, 40_000], [3, 1 << 30], [1, 1 << 30]] as const) {
      const records: { kind: 'data' | 'event'; text: string }[] = [];
      let after: number | undefined;
      let pages = 0;
      for (;;) {
        const page = await recordsPage(copy, after, limit, maxBytes);
        pages++;
        assert.ok(page.records.length > 0 && page.records.at(-1)!.kind === 'event', 'a page ends with an event');
        const events = page.records.filter((r) => r.kind === 'event').length;
        assert.ok(events <= limit, `at most ${limit} events`);
        // what the page takes of the file: at least a tar header and the text of each record
        const span = page.records.reduce((n, r) => n + 512 + Buffer.byteLength(r.text), 0);
        assert.ok(events === 1 || span <= maxBytes, `a page of ${events} events (${span} bytes) stays within ${maxBytes} bytes`);
        records.push(...page.records);
        after = page.through!;
        if (!page.more) break;
      }
      if (maxBytes === 1) assert.equal(pages, copy.head.height + 1, 'one event a page when each is larger than the bound');
      if (limit === 3 && maxBytes > 1e6) assert.equal(pages, Math.ceil((copy.head.height + 1) / 3));
      if (maxBytes === 40_000) assert.ok(pages > 1 && pages < copy.head.height + 1, `several events a page, several pages (${pages})`);
      const w = new ArchiveWriter(parsed.timestamp);
      for (const r of records) w.addRecordText(r.kind, r.text);
      assert.deepEqual(Buffer.from(w.toBytes()), bytes, `limit ${limit}, ${maxBytes} bytes: the archive rebuilt`);
    }
    // after the head: nothing more
    const last = await recordsPage(copy, copy.head.height, 10);
    assert.deepEqual([last.records, last.more], [[], false]);
  } finally {
    await copy.file.close();
  }
});

test('a copy is indexed only if it is the file verified: same inode, size, time and content', async () => {
  const dir = tempDir('jirga-mirror-serve-');
  const path = join(dir, 'copy.bel');
  copyFileSync(FIXTURE, path);
  const kept = keptOf(path);
  await assert.rejects(indexCopy(path, { ...kept, sha256: '0'.repeat(64) }), /changed after it was verified/);
  await assert.rejects(indexCopy(path, { ...kept, ino: kept.ino + 1 }), /changed after it was verified/);
  writeFileSync(path, readFileSync(FIXTURE)); // the same bytes written again: another time
  const rewritten = statSync(path);
  if (rewritten.mtimeMs !== kept.mtimeMs) await assert.rejects(indexCopy(path, kept), /changed after it was verified/);
  const copy = await indexCopy(path, keptOf(path));
  await copy.file.close();
});
