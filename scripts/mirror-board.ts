// A board for measuring `jirga mirror` (docs/performance.md, "Mirrors: pulling and
// verifying a board"): serves the records API of one .bel file, in pages of at most 1000
// events and about 4 MiB (at least one event), as `jirga mirror --serve` does.
//   node --import tsx scripts/mirror-board.ts serve FILE.bel PORT
//   node --import tsx scripts/mirror-board.ts prefix FILE.bel OUT.bel HEIGHT   (the archive up to an event height)
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { ArchiveWriter, decodeEvent, parseArchive } from '../src/protocol/archive.ts';

const [command, file, arg, extra] = process.argv.slice(2);
const parsed = parseArchive(readFileSync(file!), Number.MAX_SAFE_INTEGER);
const records = parsed.records.map(({ kind, hash, text }) => ({ kind, hash, text }));
const events = records.flatMap((r, i) => (r.kind === 'event' ? [i] : []));
if (command === 'prefix') {
  const height = Number(extra);
  const w = new ArchiveWriter(parsed.timestamp);
  for (const r of records.slice(0, events[height]! + 1)) w.addRecordText(r.kind, r.text);
  writeFileSync(arg!, w.toBytes());
} else if (command === 'serve') {
  const uuid = JSON.parse(records[0]!.text).uuid as string;
  const head = { height: events.length - 1, hash: records[events[events.length - 1]!]!.hash };
  if (decodeEvent(records[events[0]!]!.text, 'event').type !== 'Setup') throw new Error('not an archive');
  createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname !== `/api/elections/${uuid}/records`) return res.writeHead(404).end('{"error":"no","code":"not-found"}');
    const after = url.searchParams.get('after');
    const first = after === null ? 0 : Number(after) + 1;
    const from = first === 0 ? 0 : events[first - 1]! + 1;
    const bytes = (h: number) => records.slice(from, events[h]! + 1).reduce((n, r) => n + r.text.length + 512, 0);
    let through = first;
    while (through < Math.min(first + 999, head.height) && bytes(through + 1) <= 4 * 1024 * 1024) through++;
    const page = first > head.height ? [] : records.slice(from, events[through]! + 1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ timestamp: String(parsed.timestamp), head, records: page, through: Math.max(through, first - 1), more: through < head.height }));
  }).listen(Number(arg), '127.0.0.1', () => console.log(`board of election ${uuid} at height ${head.height} on port ${arg}`));
} else {
  console.error('usage: mirror-board.ts serve FILE.bel PORT | prefix FILE.bel OUT.bel HEIGHT');
  process.exit(2);
}
