// The glossary (docs/glossary.md) holds on every screen: one word per idea and one register
// per language. Words the glossary replaced must not come back (an Iranian coinage for the
// credential, a verb that reads "throw away" for casting or for the tested ballot), and no
// informal Dari imperative or singular Pashto imperative is left.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fa, ps } from '../../web/src/i18n/dictionaries.ts';

const END = '(?=[\\s.،؛:!؟»)]|$)';
const offending = (dict: Record<string, string>, pattern: RegExp) =>
  Object.entries(dict)
    .filter(([, text]) => pattern.test(text))
    .map(([key, text]) => `${key}: ${text}`);

describe('glossary and register', () => {
  test('Dari: the credential is «رمز رأی‌دهی», never «شناسه»; «سابقه» is not the public record', () => {
    assert.deepEqual(offending(fa, /شناسه|سابقهٔ عمومی/), []);
  });

  test('Dari: casting names the ballot box; a tested ballot is void (باطل), never thrown away', () => {
    assert.deepEqual(offending(fa, /دور انداخت|دور می‌انداز/), []);
    // «انداختن» (to drop, to throw) only with the box it goes into
    assert.deepEqual(
      offending(fa, /انداخت|بیندازید|می‌انداز/).filter((line) => !/صندوق/.test(line)),
      [],
    );
  });

  test('Dari: formal plural imperatives only', () => {
    assert.deepEqual(offending(fa, new RegExp(`(^|[\\s«])(کن|بده|بزن|بگذر|بفرست|ببین|بنویس|بخوان|بیا|برو)${END}`)), []);
  });

  test('Pashto: polite plural imperatives only; لېست; a tested ballot is void, not thrown away', () => {
    // singular imperatives; «کړه» also ends past-tense statements (ثبت یې نه کړه), so it is looked for only at a button's end
    assert.deepEqual(offending(ps, new RegExp(`(^|[\\s«])(وښایه|وباسه|ولیکه|وګوره|ولېږه)${END}`)), []);
    assert.deepEqual(offending(ps, /\sکړه$/), []);
    assert.deepEqual(offending(ps, /لیست|غورځول|وغورځ|غورځوي|انګلستان/), []);
  });

  test('Pashto: no template puts an inserted name after «د» (it would need the oblique case)', () => {
    // numbers do not inflect; country and group names do (د روسیې, not د روسیه). People's names
    // ({name}: mostly men's, consonant-final, unchanged in the oblique) are left to the native reviewers.
    assert.deepEqual(offending(ps, /د \{(state|country|group|groups|dimension)\}/), []);
  });
});
