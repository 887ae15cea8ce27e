// The in-browser verifier speaks the reader's language: every code of the verifier's closed
// set of details (src/protocol/verify-details.ts) is worded in English, Dari and Pashto
// (web/src/i18n/<language>/verifier.ts), and the report of every tampered archive and every
// untouched one (test/helpers/tamper-cases.ts), rendered in Dari and in Pashto as the page
// renders it (web/src/features/elections/check-details.ts), holds no Latin letters outside
// identifiers (hashes, trackers, uuids, event types, fields), and no sentence left uncoded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DETAIL_CODES, englishDetail, readSentence, type Detail } from '../../src/protocol/verify-details.ts';
import { verifyArchive, type Check } from '../../src/protocol/verify.ts';
import { detailParts, isUncoded, type Part } from '../../web/src/features/elections/check-details.ts';
import enVerifier from '../../web/src/i18n/en/verifier.ts';
import faVerifier from '../../web/src/i18n/fa-AF/verifier.ts';
import psVerifier from '../../web/src/i18n/ps-AF/verifier.ts';
import { fixture, HONEST_BOARDS, memoBallotChecker, TAMPER_CASES } from '../helpers/tamper-cases.ts';

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const LATIN_LETTERS = /[A-Za-z]/;
const DICTS = { en: enVerifier, 'fa-AF': faVerifier, 'ps-AF': psVerifier } as Record<string, Record<string, string>>;

const render = (d: Detail, language: 'en' | 'fa-AF' | 'ps-AF'): Part[] => detailParts(d, (key) => DICTS[language]![key], language);
const words = (parts: Part[]) => parts.map((p) => ('text' in p ? p.text : '')).join('');
const shown = (parts: Part[]) => parts.map((p) => ('text' in p ? p.text : 'id' in p ? `‹${p.id}›` : 'own' in p ? `«${p.own}»` : `[en: ${p.en}]`)).join('');
const own = (parts: Part[]) => parts.flatMap((p) => ('own' in p ? [p] : []));

describe('every detail of the verifier in three languages', () => {
  test('each code has its words in English, Dari and Pashto, and no other detail key exists', () => {
    const keys = (dict: Record<string, string>) => Object.keys(dict).filter((k) => k.startsWith('detail.')).sort();
    const expected = DETAIL_CODES.map((c) => `detail.${c}`).sort();
    for (const [language, dict] of Object.entries(DICTS)) assert.deepEqual(keys(dict), expected, language);
    for (const code of DETAIL_CODES) {
      for (const language of ['fa-AF', 'ps-AF']) {
        const text = DICTS[language]![`detail.${code}`]!;
        assert.match(text, ARABIC_SCRIPT, `${language} ${code}`);
        // Latin letters only inside `identifiers`
        assert.doesNotMatch(text.replace(/`[^`]*`/g, '').replace(/\{\w+\}/g, ''), LATIN_LETTERS, `${language} ${code}: ${text}`);
      }
      assert.notEqual(DICTS['fa-AF']![`detail.${code}`], DICTS['ps-AF']![`detail.${code}`], code);
    }
  });

  test('a sentence of the deeper modules is read back into its code only when the code gives it back exactly', () => {
    const ballot = readSentence('ballot was made for a different version of the election (election_hash differs)', ['ballotOtherVersion']);
    assert.equal(ballot.code, 'ballotOtherVersion');
    const q = readSentence('trustee group 2 (Pedersen, trustees 3-5): threshold 2 does not match polynomials of 3 coefficients');
    assert.deepEqual(q, { code: 'trusteeGroup', params: { group: 2, first: 3, last: 5 }, reason: { code: 'groupThreshold', params: { threshold: 2, degree: 3 } } });
    assert.equal(englishDetail(q), 'trustee group 2 (Pedersen, trustees 3-5): threshold 2 does not match polynomials of 3 coefficients');
    // the same words with a number that is not one: not read
    assert.equal(readSentence('trustee group x (Pedersen, trustees 3-5): polynomials of different sizes').code, 'other');
    // a repeated parameter must repeat
    assert.equal(readSentence('trustee group 1 (Pedersen, trustees 1-3): coefficient commitments 2 are not signed by trustee 3').code, 'other');
    assert.equal(readSentence('something nobody wrote').code, 'other');
    assert.equal(englishDetail(readSentence('something nobody wrote')), 'something nobody wrote');
  });

  test('the election name is shown as text in the reader’s language, never as the JSON election.json holds', () => {
    const d: Detail = { code: 'electionOk', params: { name: JSON.stringify({ en: 'Council', 'fa-AF': 'شورا', 'ps-AF': 'شورا' }), uuid: 'XAb1N7q2fzVTij', group: 'BELENIOS-2048', questions: 2, fingerprint: 'abc' } };
    assert.deepEqual(own(render(d, 'fa-AF')), [{ own: 'شورا', lang: 'fa-AF' }]);
    assert.doesNotMatch(shown(render(d, 'fa-AF')), /\{|"en"/);
    assert.deepEqual(own(render(d, 'en')), [{ own: 'Council', lang: 'en' }]);
    // written in English only: shown in English, marked as such
    assert.deepEqual(own(render({ ...d, params: { ...d.params, name: JSON.stringify({ en: 'Council' }) } }, 'ps-AF')), [{ own: 'Council', lang: 'en' }]);
    // not written by Jirga: as written
    assert.deepEqual(own(render({ ...d, params: { ...d.params, name: 'Belenios reference' } }, 'ps-AF')), [{ own: 'Belenios reference', lang: undefined }]);
    assert.match(englishDetail(d), /^"Council" \(XAb1N7q2fzVTij\)/);
    assert.match(words(render(d, 'fa-AF')), /۲ پرسش/, 'numbers in Persian digits');
  });
});

describe('every report, in Dari and Pashto, holds no English words', () => {
  const boards = [
    ...HONEST_BOARDS.map((h) => ({ label: `untouched ${h.fixture}: ${h.name}`, fixture: h.fixture, make: h.make })),
    ...TAMPER_CASES.map((t) => ({ label: `${t.check}: ${t.name}`, fixture: t.fixture, make: t.make })),
  ];
  for (const b of boards) {
    test(b.label, async () => {
      const r = await verifyArchive(b.make(fixture(b.fixture)), { checkBallots: memoBallotChecker });
      for (const c of r.checks as Check[]) {
        assert.ok(!isUncoded(c), `${c.name}: not coded: ${c.detail}`);
        assert.equal(englishDetail(c), c.detail);
        for (const language of ['fa-AF', 'ps-AF'] as const) {
          const parts = render(c, language);
          assert.doesNotMatch(words(parts), LATIN_LETTERS, `${language}, ${c.name}: ${shown(parts)}`);
          assert.doesNotMatch(words(parts), /[0-9]/, `${language}, ${c.name}: Latin digits in ${shown(parts)}`);
          assert.doesNotMatch(shown(parts), /\{\w+\}/, `${language}, ${c.name}: a placeholder left: ${shown(parts)}`);
          assert.ok(!parts.some((p) => 'en' in p), `${language}, ${c.name}: English shown`);
        }
      }
    });
  }
});
