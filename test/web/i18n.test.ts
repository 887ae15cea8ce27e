// Every screen complete in English, Dari and Pashto: no key missing, no English in
// place of a translation, the same placeholders, and a review status for each key.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { en, fa, ps } from '../../web/src/i18n/dictionaries.ts';
import { ROOT } from '../helpers/tools.ts';
import { RELATION_CODES } from '../../src/sanctions/views.ts';

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  for (const [name, dict] of [['Dari (fa-AF)', fa], ['Pashto (ps-AF)', ps]] as const) {
    test(`${name}: every key, written in Arabic script, with the same placeholders`, () => {
      for (const [key, english] of Object.entries(en)) {
        const text = (dict as Record<string, string>)[key];
        assert.ok(text && text.trim() !== '', `${key} is missing`);
        assert.match(text, ARABIC_SCRIPT, `${key} is not written in ${name}: "${text}"`);
        assert.deepEqual(placeholders(text), placeholders(english), `${key}: placeholders differ`);
      }
      assert.deepEqual(Object.keys(dict).sort(), Object.keys(en).sort(), 'no extra keys');
    });
  }

  test('Dari and Pashto are not copies of each other (Pashto letters appear in Pashto)', () => {
    const pashtoLetters = /[ټځڅډړږښګڼۍې]/;
    const pashtoKeys = Object.values(ps).filter((t) => pashtoLetters.test(t)).length;
    assert.ok(pashtoKeys > Object.keys(en).length / 3, `only ${pashtoKeys} Pashto strings use Pashto letters`);
    // words the same in both, singular only (Pashto inflects the plural): «{n} ادعا» (one claim;
    // plural ادعاوې), «{n} دقیقه» (one minute; دقیقې), «{n} ثانیه» (one second; ثانیې)
    const alike = ['frame.brand', 'monitor.importedClaims.one', 'verify.minutes.one', 'verify.seconds.one'];
    const same = Object.keys(en).filter((k) => (fa as Record<string, string>)[k] === (ps as Record<string, string>)[k] && !alike.includes(k));
    assert.ok(same.length < 10, `identical in Dari and Pashto: ${same.join(', ')}`);
  });

  test('every relation the sanctions screens name has its words (keys built at run time)', () => {
    for (const code of RELATION_CODES) assert.ok(`sanctions.rel.${code}` in en, `sanctions.rel.${code} is missing`);
  });

  test('status.json lists every key as reviewed or awaiting review by Afghan speakers', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'i18n-status.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const status = JSON.parse(readFileSync(join(ROOT, 'web', 'src', 'i18n', 'status.json'), 'utf8'));
    for (const language of ['fa-AF', 'ps-AF']) {
      const listed = [...Object.keys(status[language].reviewed), ...status[language].awaitingReview].sort();
      assert.deepEqual(listed, Object.keys(en).sort());
    }
  });
});
