// What the search answers a reader, apart from the screening verdict: for "Haqani"
// and "Mullah Omar" the listed people who carry the name come first, each with
// reasons that agree with it; one-part names say how many listed people carry
// them; the reasons are codes with parameters (worded by the screens), and their
// English form is the CLI's `why`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPairReason, REASON_CODES, sameName, search, whyText, type Reason } from '../../src/sanctions/index.ts';
import { loadBundledSanctions } from '../../src/node/sanctions-files.ts';

const ds = loadBundledSanctions();
const codes = (rs: readonly Reason[]) => rs.map((r) => r.code);

describe('the search answer: closest entries, with their reasons', () => {
  test('"Haqani": ten listed Haqqanis, each with the part of the name that agrees, none a screening match', () => {
    const hits = search(ds, 'Haqani');
    assert.equal(hits.length, 10);
    for (const h of hits) {
      assert.equal(ds.byId.get(h.entityId)!.status, 'listed', h.entityId);
      const pairs = h.reasons.filter(isPairReason);
      assert.equal(pairs.length, 1, `${h.entityId}: ${h.why}`);
      assert.equal(pairs[0]!.params.query, 'haqani');
      assert.match(pairs[0]!.params.listed, /^haq+ani$/);
      // one part agrees: a lead for a reader, too little for the screening verdict
      assert.equal(h.match, false, h.entityId);
    }
    const persons = hits.filter((h) => ds.byId.get(h.entityId)!.schema === 'Person').map((h) => h.entityId);
    for (const id of ['TAi.006', 'TAi.040', 'TAi.146']) assert.ok(persons.includes(id), `${id} in ${persons.join(' ')}`);
    // the spelling of the lists decides the code: the same letters, or a transliteration variant
    const najibullah = hits.find((h) => h.entityId === 'TAi.071')!;
    assert.deepEqual(najibullah.reasons.filter(isPairReason), [{ code: 'same-spelling', params: { query: 'haqani', listed: 'haqani' } }]);
    const jalaluddin = hits.find((h) => h.entityId === 'TAi.040')!;
    assert.deepEqual(jalaluddin.reasons.filter(isPairReason), [{ code: 'transliteration-variant', params: { query: 'haqani', listed: 'haqqani' } }]);
    assert.deepEqual(jalaluddin.reasons[0], { code: 'name-parts', params: { matched: 1, of: 1, kind: 'primary', name: 'HAQQANI JALALUDDIN', reference: 'GB:AFG0036' } });
    assert.ok(codes(jalaluddin.reasons).includes('name-also-has'));
  });

  test('"Haqani" is carried by 14 listed people and one organisation, spelt Haqqani or Haqani', () => {
    assert.deepEqual(sameName(ds, 'Haqani'), { name: 'haqani', people: 14, organisations: 1, spellings: ['haqqani', 'haqani'] });
    // in Arabic script too, and the lists' Arabic spelling is among them
    const arabic = sameName(ds, 'حقانی')!;
    assert.equal(arabic.people, 14);
    assert.ok(arabic.spellings.includes('حقانی'));
    // the ten shown are among the carriers, and a longer list shows all of them
    assert.equal(search(ds, 'Haqani', { limit: 50 }).length, 15);
  });

  test('"Mullah Omar": TAi.004 first (the listed title counts), the two listed Omars only, and the verdict says why it is no', () => {
    const hits = search(ds, 'Mullah Omar');
    assert.deepEqual(
      hits.map((h) => h.entityId),
      ['TAi.004', 'TAi.171'],
      'an entry none of whose name parts agrees (Amir, Omari) is not shown, whatever sound key it shares',
    );
    const omar = hits[0]!;
    assert.ok(omar.score >= 0.9, String(omar.score));
    assert.equal(omar.match, false);
    assert.deepEqual(
      omar.reasons.find((r) => r.code === 'title-set-aside'),
      { code: 'title-set-aside', params: { titles: ['mullah'], listed: 'mullah', bonus: 0.03 } },
    );
    assert.deepEqual(omar.reasons.at(-1), { code: 'not-a-match', params: { because: 'few-parts' } });
    assert.deepEqual(sameName(ds, 'Mullah Omar'), { name: 'omar', people: 2, organisations: 0, spellings: ['omar', 'عمر'] });
  });

  test('names of several parts have no count; a short form is not the same name', () => {
    assert.equal(sameName(ds, 'Sirajuddin Haqqani'), undefined);
    assert.equal(sameName(ds, 'Haqani, Sirajuddin'), undefined);
    // Siraj is the short form of Sirajuddin: the Sirajuddins do not carry "Siraj"
    const siraj = sameName(ds, 'Siraj')!;
    assert.ok(!siraj.spellings.some((s) => s.startsWith('sirajud')), siraj.spellings.join(' '));
  });

  test('every reason has a known code, and the English why is made from the reasons', () => {
    const known = new Set<string>(REASON_CODES);
    for (const q of ['Haqani', 'Mullah Omar', 'HAQANI, Sirajuddin', 'Sirajuddin Haqqani son of Jalaluddin', 'سراج الدین حقانی', 'Abdul Ghani Baradar']) {
      for (const h of search(ds, { name: q, birthDate: '1970' })) {
        for (const r of h.reasons) assert.ok(known.has(r.code), `${q}: ${r.code}`);
        assert.equal(h.why, whyText(h.reasons));
        assert.ok(codes(h.reasons).some((c) => c.startsWith('birth-')), `${q}: the date of birth is weighed`);
      }
    }
    assert.equal(
      whyText([
        { code: 'as-form', params: { form: 'Sirajuddin Haqqani' } },
        { code: 'name-parts', params: { matched: 2, of: 2, kind: 'alias', name: 'Serajuddin Haqani', reference: 'TAi.144' } },
        { code: 'transliteration-variant', params: { query: 'sirajuddin', listed: 'serajuddin' } },
        { code: 'sounds-alike', params: { query: 'haqqani', listed: 'haqani' } },
        { code: 'birth-far', params: { year: '1950', gap: 20, listed: ['1970', '1978'] } },
        { code: 'not-a-match', params: { because: 'common-names' } },
      ]),
      "as 'Sirajuddin Haqqani': all 2 name tokens match alias 'Serajuddin Haqani' (TAi.144): sirajuddin≈serajuddin, haqqani~haqani (sounds alike); born 1950: 20 years from the listed date of birth (1970, 1978), which lowers the score; not a match: only very common names agree",
    );
  });
});
