// The sanctions API over HTTP: screening with reasons, clear errors for bad input,
// an entity with its names, listings and relations with their source sentences,
// the network and the coverage table.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser } from '../helpers/browser-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('sanctions API', () => {
  let server: TestServer;
  let web: Browser;
  before(async () => {
    server = await startTestServer('pglite', { math: false });
    web = new Browser(server.base);
  });
  after(async () => server?.stop());

  test('search: "Haqani, Sirajuddin" finds TAi.144 first, flagged, with every list reference and why', async () => {
    const r = await web.ok('GET', `/api/sanctions/search?q=${encodeURIComponent('Haqani, Sirajuddin')}`);
    assert.equal(r.query, 'Haqani, Sirajuddin');
    const first = r.matches[0];
    assert.equal(first.id, 'TAi.144');
    assert.deepEqual(first.refs, ['TAi.144', 'GB:AFG0112', 'US:10743']);
    assert.deepEqual(first.lists, ['UN', 'GB', 'US']);
    assert.equal(first.match, true);
    assert.match(first.why, /read "LAST, First" as "First LAST"/);
    // Arabic script, and a birth year that does not fit
    const ar = await web.ok('GET', `/api/sanctions/search?q=${encodeURIComponent('سراج الدین حقانی')}`);
    assert.equal(ar.matches[0].id, 'TAi.144');
    const dob = await web.ok('GET', `/api/sanctions/search?q=${encodeURIComponent('Sirajuddin Haqqani')}&dob=1950`);
    assert.ok(dob.matches[0].score < first.score);
    assert.match(dob.matches[0].why, /born 1950: \d+ years from the listed date of birth/);
    // a public figure on no list: nothing flagged
    const none = await web.ok('GET', `/api/sanctions/search?q=${encodeURIComponent('Hamid Karzai')}`);
    assert.equal(none.matches.filter((m: { match: boolean }) => m.match).length, 0);
  });

  test('search: a one-part name says how many listed people carry it; the reasons come as codes with parameters', async () => {
    const r = await web.ok('GET', `/api/sanctions/search?q=Haqani`);
    assert.deepEqual(r.sameName, { name: 'haqani', people: 14, organisations: 1, spellings: ['haqqani', 'haqani'] });
    assert.equal(r.matches.length, 10);
    assert.equal(r.matches.filter((m: { match: boolean }) => m.match).length, 0, 'one part agreeing is not a screening match');
    const jalaluddin = r.matches.find((m: { id: string }) => m.id === 'TAi.040');
    assert.deepEqual(
      jalaluddin.reasons.find((x: { code: string }) => x.code === 'transliteration-variant'),
      { code: 'transliteration-variant', params: { query: 'haqani', listed: 'haqqani' } },
    );
    // all of them, with a larger limit
    const all = await web.ok('GET', `/api/sanctions/search?q=Haqani&limit=50`);
    assert.equal(all.matches.length, 15);
    const omar = await web.ok('GET', `/api/sanctions/search?q=${encodeURIComponent('Mullah Omar')}`);
    assert.deepEqual(omar.matches.map((m: { id: string }) => m.id), ['TAi.004', 'TAi.171']);
    assert.equal(omar.sameName.people, 2);
    // a full name has no count
    const full = await web.ok('GET', `/api/sanctions/search?q=${encodeURIComponent('Sirajuddin Haqqani')}`);
    assert.equal(full.sameName, null);
  });

  test('bad input: a clear 400, an unknown reference a 404', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/sanctions/search', /q: give a name to search for/],
      ['/api/sanctions/search?q=%20%20', /q: give a name to search for/],
      [`/api/sanctions/search?q=${'a'.repeat(201)}`, /at most 200 characters/],
      ['/api/sanctions/search?q=Omar&dob=19x7', /dob: a year of birth/],
      ['/api/sanctions/search?q=Omar&limit=500', /limit: a whole number from 1 to 50/],
      ['/api/sanctions/search?q=Omar&colour=red', /colour/],
      ['/api/sanctions/network?ref=TAi.144&depth=9', /depth: 1, 2 or 3/],
    ];
    for (const [url, message] of cases) {
      const r = await web.request('GET', url);
      assert.equal(r.status, 400, url);
      assert.match(r.json.error, message, url);
    }
    const missing = await web.request('GET', '/api/sanctions/entities/TAi.999');
    assert.equal(missing.status, 404);
    assert.match(missing.json.error, /no one with reference "TAi\.999"/);
  });

  test('entity: names in every script, three listings, family from the UN narrative with the sentences', async () => {
    const e = await web.ok('GET', `/api/sanctions/entities/${encodeURIComponent('GB:AFG0112')}`);
    assert.equal(e.id, 'TAi.144');
    assert.ok(e.names.some((n: { script: string; full: string }) => n.script === 'arabic' && n.full === 'سراج الدين جلال الدين حقانى'));
    assert.deepEqual(e.listings.map((l: { list: string }) => l.list).sort(), ['GB', 'UN', 'US']);
    const son = e.relations.find((r: any) => r.other.id === 'TAi.040' && r.relation.type === 'family');
    assert.equal(son.phrase, 'son of');
    assert.deepEqual(
      son.relation.sources.map((s: any) => `${s.reference}: ${s.sentence}`).sort(),
      ['TAi.040: Father of Sirajuddin Jallaloudine Haqqani (TAi.144), Nasiruddin Haqqani (TAi.146) and Badruddin Haqqani (deceased).', 'TAi.144: Son of Jalaluddin Haqqani (TAi.040).'],
    );
    const brother = e.relations.find((r: any) => r.other.caption === 'Badruddin Haqqani');
    assert.equal(brother.other.status, 'unlisted');
    assert.equal(brother.relation.derived.rule, 'children of the same parent');
    assert.match(brother.phrase, /sibling of \(inferred: children of the same parent\)/);
  });

  test('network and coverage', async () => {
    const net = await web.ok('GET', '/api/sanctions/network?ref=TAi.144&depth=1');
    const ids = new Set(net.nodes.map((n: { id: string }) => n.id));
    for (const id of ['TAi.144', 'TAi.040', 'TAi.146', 'TAe.012']) assert.ok(ids.has(id), id);
    assert.ok(net.edges.every((x: { source: string; target: string }) => ids.has(x.source) && ids.has(x.target)));
    const cov = await web.ok('GET', '/api/sanctions/coverage');
    const jalaluddin = cov.rows.find((r: { id: string }) => r.id === 'TAi.040');
    assert.deepEqual([jalaluddin.UN, jalaluddin.GB, jalaluddin.US], [['TAi.040'], ['GB:AFG0036'], []]);
    assert.deepEqual(jalaluddin.unlistedRelatives.map((r: { caption: string }) => r.caption), ['Badruddin Haqqani']);
    assert.equal(cov.totals.listed, 161);
    const lists = await web.ok('GET', '/api/sanctions/lists');
    assert.deepEqual(lists.lists.map((l: { list: string; date: string }) => `${l.list} ${l.date}`), ['UN 2024-09-26', 'GB 2025-08-11', 'US 2022-01']);
    // no one added to the UN Taliban list since 2015 (the US subset gives no listing dates)
    assert.deepEqual(lists.lists.map((l: { latestListing: string | null }) => l.latestListing), ['2015-11-02', '2015-11-02', null]);
  });

  test('caching: the lists for an hour; the rest revalidated by ETag (304 while no relation claim was published or retracted)', async () => {
    const lists = await fetch(`${server.base}/api/sanctions/lists`);
    assert.equal(lists.headers.get('cache-control'), 'public, max-age=3600');
    for (const path of ['/api/sanctions/coverage', '/api/sanctions/entities/TAi.144', '/api/sanctions/network?ref=TAi.144', '/api/sanctions/search?q=Haqqani']) {
      const first = await fetch(server.base + path);
      assert.equal(first.status, 200, path);
      assert.equal(first.headers.get('cache-control'), 'no-cache', path);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^W\/"[0-9a-f]+-[0-9a-f]{16}"$/, path);
      const again = await fetch(server.base + path, { headers: { 'if-none-match': etag! } });
      assert.equal(again.status, 304, path);
      assert.equal(await again.text(), '');
      const stale = await fetch(server.base + path, { headers: { 'if-none-match': 'W/"old"' } });
      assert.equal(stale.status, 200, path);
    }
  });
});
