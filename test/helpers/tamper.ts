// Tampering with archives for tests: change records and re-chain the archive so
// that every hash and parent is consistent again and only the intended check fails.
import { ArchiveWriter, decodeEvent, parseArchive } from '../../src/protocol/archive.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';

export interface RecordView {
  kind: 'data' | 'event';
  text: string;
  index: number;
}

/** Rebuild the archive, letting `edit` replace data records (return the new text,
 * or null to drop the record). References to changed hashes inside later data
 * (setup data, owned payloads, sized tallies) and events follow automatically. */
export function rechain(bytes: Uint8Array, edit: (r: RecordView) => string | null): Uint8Array {
  const parsed = parseArchive(bytes);
  const writer = new ArchiveWriter(parsed.timestamp);
  const renamed = new Map<string, string>();
  parsed.records.forEach((r, index) => {
    if (r.kind === 'data') {
      let text = edit({ kind: 'data', text: r.text, index });
      if (text === null) return;
      for (const [from, to] of renamed) text = text.replaceAll(from, to);
      const hash = writer.addData(text);
      if (hash !== r.hash) renamed.set(r.hash, hash);
    } else {
      const e = decodeEvent(r.text, 'event');
      const payload = e.payload && (renamed.get(e.payload) ?? e.payload);
      writer.addEvent(e.type, payload);
    }
  });
  return writer.toBytes();
}

/** Drop records by index from the raw archive bytes, without re-chaining. */
export function dropRecords(bytes: Uint8Array, indexes: number[]): Uint8Array {
  const parsed = parseArchive(bytes);
  const offsets = parsed.records.map((r) => r.offset).concat([bytes.length]);
  const keep: Uint8Array[] = [bytes.subarray(0, offsets[0])];
  parsed.records.forEach((_, i) => {
    if (!indexes.includes(i)) keep.push(bytes.subarray(offsets[i], offsets[i + 1]));
  });
  const out = new Uint8Array(keep.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const k of keep) {
    out.set(k, o);
    o += k.length;
  }
  return out;
}

export function recordsOf(bytes: Uint8Array) {
  return parseArchive(bytes).records;
}

/** Change bytes inside a record without renaming it (the hash no longer matches). */
export function corruptInPlace(bytes: Uint8Array, recordIndex: number, find: string, replace: string): Uint8Array {
  const parsed = parseArchive(bytes);
  const r = parsed.records[recordIndex]!;
  if (find.length !== replace.length) throw new Error('in-place corruption must keep the length');
  const at = r.text.indexOf(find);
  if (at < 0) throw new Error(`"${find}" not found in record ${recordIndex}`);
  const out = Uint8Array.from(bytes);
  const start = r.offset + 512 + Buffer.byteLength(r.text.slice(0, at));
  out.set(Buffer.from(replace), start);
  if (sha256Hex(Buffer.from(out.subarray(r.offset + 512, r.offset + 512 + Buffer.byteLength(r.text))).toString()) === r.hash) {
    throw new Error('corruption did not change the content');
  }
  return out;
}
