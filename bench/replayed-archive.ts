// Makes a larger archive from a smaller one without making new ballots: every ballot
// of the board cast again K-1 more times, in rounds (all ballots, then all again…), so
// the last ballot of each credential — and so the tally, decryptions and result — stay
// the same. Used with scale-verify.bench.ts to show that memory does not grow with the
// archive when making K times as many distinct ballots takes too long on a shared
// machine (the per-credential table does not grow: same voters).
//
//   node --import tsx bench/replayed-archive.ts IN.bel K OUT.bel
import { readFileSync, writeFileSync } from 'node:fs';
import { ArchiveWriter, decodeEvent, parseArchive, payloadsOfEvent } from '../src/protocol/archive.ts';

const [input, times, output] = process.argv.slice(2);
if (!input || !times || !output) throw new Error('usage: replayed-archive.ts IN.bel K OUT.bel');
const parsed = parseArchive(readFileSync(input), Number.MAX_SAFE_INTEGER);
const byHash = new Map(parsed.records.map((r) => [r.hash, r.text]));
const events = parsed.records.filter((r) => r.kind === 'event').map((r) => decodeEvent(r.text, 'event'));
const writer = new ArchiveWriter(parsed.timestamp);
const write = (e: (typeof events)[number]) => {
  for (const text of payloadsOfEvent(e, (h) => byHash.get(h))) writer.addData(text);
  writer.addEvent(e.type, e.payload);
};
const ballots = events.filter((e) => e.type === 'Ballot');
for (const e of events) {
  if (e.type === 'Ballot') continue;
  if (e.type === 'EndBallots') for (let k = 0; k < Number(times); k++) ballots.forEach(write);
  write(e);
}
writeFileSync(output, writer.toBytes());
console.log(`${output}: ${ballots.length * Number(times)} ballots (${ballots.length} cast ${times} times)`);
