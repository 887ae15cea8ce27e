// Keep web/src/i18n/status.json in step with the English keys (web/src/i18n/en/*.ts,
// one file per feature, read in alphabetical order): new keys are added
// to "awaitingReview" for Dari and Pashto, removed keys are dropped. A reviewer who
// is a native speaker moves a key to "reviewed" with their name and the date.
//   node scripts/i18n-status.mjs          update the file
//   node scripts/i18n-status.mjs --check  exit 1 if it is out of date
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'src', 'i18n');
const english = readdirSync(join(dir, 'en')).filter((f) => f.endsWith('.ts')).sort();
const keys = english.flatMap((f) => [...readFileSync(join(dir, 'en', f), 'utf8').matchAll(/^\s+'([a-zA-Z0-9.]+)':/gm)].map((m) => m[1]));
const file = join(dir, 'status.json');
let status;
try {
  status = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  status = {};
}
const next = {
  note: 'Dari (fa-AF) and Pashto (ps-AF) texts were written by the Jirga team and await review by Afghan native speakers. A reviewer moves each key from "awaitingReview" to "reviewed" as {"key": "name, date"}; keys added later start in "awaitingReview".',
};
for (const language of ['fa-AF', 'ps-AF']) {
  const reviewed = Object.fromEntries(Object.entries(status[language]?.reviewed ?? {}).filter(([k]) => keys.includes(k)));
  next[language] = { reviewed, awaitingReview: keys.filter((k) => !(k in reviewed)) };
}
// A second opinion that is not a native speaker's sign-off (docs/glossary.md says what it
// changed and what it left): its record is kept, for the keys that still exist, and moves no
// key to "reviewed".
if (status.secondOpinion) {
  const { changed = {}, ...about } = status.secondOpinion;
  next.secondOpinion = { ...about, changed: Object.fromEntries(Object.entries(changed).map(([l, ks]) => [l, ks.filter((k) => keys.includes(k))])) };
}
const text = JSON.stringify(next, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== text) {
    console.error('web/src/i18n/status.json is out of date: run node scripts/i18n-status.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
  console.log(`${keys.length} keys; fa-AF awaiting review: ${next['fa-AF'].awaitingReview.length}; ps-AF: ${next['ps-AF'].awaitingReview.length}`);
}
