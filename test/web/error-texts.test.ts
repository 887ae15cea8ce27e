// Every error code the server can send (the closed set of src/kernel/errors.ts) is worded
// in English, Dari and Pashto, in the frame's texts (loaded on every page) or the errors'
// (fetched by ErrorMessage when one is shown): a voter whose ballot is refused reads why in their language,
// not the server's English.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES } from '../../src/kernel/errors.ts';
import { ERROR_TEXTS } from '../../web/src/components/error-texts.ts';
import enErrors from '../../web/src/i18n/en/errors.ts';
import enFrame from '../../web/src/i18n/en/frame.ts';
import faErrors from '../../web/src/i18n/fa-AF/errors.ts';
import faFrame from '../../web/src/i18n/fa-AF/frame.ts';
import psErrors from '../../web/src/i18n/ps-AF/errors.ts';
import psFrame from '../../web/src/i18n/ps-AF/frame.ts';

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const LATIN_LETTERS = /[A-Za-z]/;

describe('error codes in the reader’s language', () => {
  test('every code of ERROR_CODES has a sentence, and no other code does', () => {
    assert.deepEqual(Object.keys(ERROR_TEXTS).sort(), [...ERROR_CODES].sort());
  });

  for (const code of ERROR_CODES) {
    test(code, () => {
      const key = ERROR_TEXTS[code];
      const en = ({ ...enFrame, ...enErrors } as Record<string, string>)[key];
      const fa = ({ ...faFrame, ...faErrors } as Record<string, string>)[key];
      const ps = ({ ...psFrame, ...psErrors } as Record<string, string>)[key];
      assert.ok(en && en.trim() !== '', `${code}: ${key} has no English text in the frame's or the errors' texts`);
      for (const [name, text] of [['Dari', fa], ['Pashto', ps]] as const) {
        assert.ok(text && text.trim() !== '', `${code}: ${key} has no ${name} text`);
        assert.notEqual(text, en, `${code}: the ${name} text is the English one`);
        assert.match(text, ARABIC_SCRIPT, `${code}: the ${name} text is not in Arabic script`);
        assert.doesNotMatch(text, LATIN_LETTERS, `${code}: the ${name} text holds English words: "${text}"`);
      }
      assert.notEqual(fa, ps, `${code}: the Dari and Pashto texts are the same`);
    });
  }
});
