// Relation claims: an analyst's "X is the business partner of TAi.144" for the
// sanctions network, on PGlite and Postgres (migration 005). It must cite a source,
// name references that are in the loaded lists, be published by a second person, and
// drop out of the network when retracted; it travels in the CSV and JSON exports.
// (The parties below are test data, not claims about real people.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseCsv } from '../../src/kernel/csv.ts';
import { MonitorService } from '../../src/services/monitor/service.ts';
import { coverage, entity, withClaimedRelations } from '../../src/sanctions/index.ts';
import { loadBundledSanctions } from '../../src/node/sanctions-files.ts';
import { Browser } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'a-long-enough-password';
const SOURCE = { title: 'Company register extract (test)', publisher: 'A test registry', url: 'https://registry.example.org/extract/1', publishedOn: '2025-03-01', language: 'en' };
const PARTNER = 'Test Partner Trading Company';

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`relation claims on ${kind}`, () => {
    let server: TestServer;
    let editor: Browser;
    let reviewer: Browser;
    let anonymous: Browser;
    let sourceId: string;
    const count = async () => (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM monitor_claims'))[0]!.n;
    const relationClaim = (relation: object, sources = [sourceId]) => ({ kind: 'relation', text: { en: 'A business partner of TAi.144 (test)' }, date: '2025-02-01', sources, relation });

    before(async () => {
      server = await startTestServer(kind, { math: false });
      const org = new Browser(server.base);
      anonymous = new Browser(server.base);
      await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      const account = async (username: string, role: string) => {
        await org.ok('POST', '/api/organiser/accounts', { username, password: PASSWORD, role });
        const b = new Browser(server.base);
        await b.ok('POST', '/api/session', { username, password: PASSWORD });
        return b;
      };
      editor = await account('editor-r', 'editor');
      reviewer = await account('reviewer-r', 'reviewer');
      sourceId = (await editor.ok('POST', '/api/monitor/sources', SOURCE)).id;
    });
    after(async () => server?.stop());

    test('bad relations are refused with a reason, and nothing is saved', async () => {
      const before = await count();
      const cases: Array<[object, RegExp, string[]?]> = [
        [{ subject: 'Sirajuddin', relation: 'associate-of', object: { ref: 'TAi.040' } }, /not a list reference: give it as printed, e\.g\. TAi\.144/],
        [{ subject: 'TAi.999', relation: 'associate-of', object: { ref: 'TAi.040' } }, /TAi\.999: not in the loaded sanctions lists/],
        [{ subject: 'TAi.144', relation: 'associate-of', object: { ref: 'US:9999999' } }, /US:9999999: not in the loaded sanctions lists/],
        [{ subject: 'TAi.144', relation: 'friend-of', object: { ref: 'TAi.040' } }, /relation: one of parent-of, child-of/],
        [{ subject: 'TAi.144', relation: 'associate-of', object: { ref: 'TAi.144' } }, /two different parties/],
        [{ subject: 'TAi.144', relation: 'associate-of', object: { name: 'X' } }, /too short/],
        [{ subject: 'TAi.144', relation: 'associate-of', object: {} }, /object: a listed party as \{"ref": "TAi\.040"\}/],
        [{ subject: 'TAi.144', relation: 'business-partner-of', object: { name: PARTNER, schema: 'Organization' } }, /a claim must cite at least one source/, []],
      ];
      for (const [relation, message, sources] of cases) {
        const r = await editor.request('POST', '/api/monitor/claims', relationClaim(relation, sources));
        assert.equal(r.status, 400, JSON.stringify(relation));
        assert.match(r.json.error, message);
      }
      assert.equal(await count(), before);
    });

    test('published by a second person, shown in the network with the claim as source; retracted, it drops out', async () => {
      const ds = loadBundledSanctions();
      const service = new MonitorService(server.ctx);
      const { id } = await editor.ok('POST', '/api/monitor/claims', relationClaim({ subject: 'TAi.144', relation: 'business-partner-of', object: { name: PARTNER, schema: 'Organization' } }));
      const { id: id2 } = await editor.ok('POST', '/api/monitor/claims', relationClaim({ subject: 'GB:AFG0036', relation: 'parent-of', object: { ref: 'TAi.146' } }));
      assert.deepEqual(await service.publishedRelations(), [], 'proposed claims are not in the network');
      assert.equal((await editor.request('POST', `/api/monitor/claims/${id}/approve`, {})).status, 403);
      await reviewer.ok('POST', `/api/monitor/claims/${id}/approve`, {});
      await reviewer.ok('POST', `/api/monitor/claims/${id2}/approve`, {});
      const published = await service.publishedRelations();
      assert.equal(published.length, 2);

      const { dataset, unplaced } = withClaimedRelations(ds, published);
      assert.deepEqual(unplaced, []);
      const partner = entity(dataset, 'TAi.144')!.relations.find((r) => r.relation.sources.some((s) => s.kind === 'claim' && s.claimId === id))!;
      assert.equal(partner.other.caption, PARTNER);
      assert.equal(partner.other.status, 'unlisted');
      assert.equal(partner.phrase, 'business partner of');
      const row = coverage(dataset).rows.find((r) => r.id === 'TAi.144')!;
      assert.deepEqual(row.unlistedPartners.map((p) => p.caption), [PARTNER]);
      assert.equal(coverage(ds).rows.find((r) => r.id === 'TAi.144')!.unlistedPartners.length, 0, 'the lists alone name no unlisted partner');
      // a claim that repeats what a list says adds its source beside the list's sentence
      const father = entity(dataset, 'TAi.146')!.relations.filter((r) => r.other.id === 'TAi.040' && r.relation.type === 'family' && !r.relation.derived);
      assert.ok(father.some((r) => r.relation.sources.some((s) => s.kind === 'claim')));
      assert.ok(father.some((r) => r.relation.sources.some((s) => s.kind === 'list-narrative')));
      assert.deepEqual(ds.relations.filter((r) => r.sources.some((s) => s.kind === 'claim')), [], 'the loaded lists are not modified');
      // the public sanctions API shows it, with the claim as source
      const partners = async () => (await anonymous.ok('GET', '/api/sanctions/coverage')).rows.find((r: { id: string }) => r.id === 'TAi.144').unlistedPartners.map((p: { caption: string }) => p.caption);
      assert.deepEqual(await partners(), [PARTNER]);
      const viaApi = (await anonymous.ok('GET', '/api/sanctions/entities/TAi.144')).relations.find((r: any) => r.other.caption === PARTNER);
      assert.deepEqual(viaApi.relation.sources, [{ kind: 'claim', claimId: id }]);

      await reviewer.ok('POST', `/api/monitor/claims/${id}/retract`, { reason: 'the registry extract was about another company (test)' });
      assert.deepEqual((await service.publishedRelations()).map((r) => r.claimId), [id2]);
      assert.deepEqual(await partners(), [], 'a retracted claim leaves the network');
      const { claim } = await anonymous.ok('GET', `/api/monitor/claims/${id}`);
      assert.equal(claim.status, 'retracted');
      assert.deepEqual(claim.relation, { subject: 'TAi.144', relation: 'business-partner-of', object: { name: PARTNER, schema: 'Organization' } });
    });

    test('relations travel in the CSV and JSON exports and come back through import', async () => {
      const csv = parseCsv((await anonymous.request('GET', '/api/monitor/claims.csv')).text);
      const header = csv[0]!;
      const row = csv.slice(1).find((r) => r[header.indexOf('relation_subject')] === 'GB:AFG0036')!;
      assert.equal(row[header.indexOf('relation')], 'parent-of');
      assert.equal(row[header.indexOf('relation_object_ref')], 'TAi.146');
      const before = await count();
      const content = [header, row].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
      assert.deepEqual(await editor.ok('POST', '/api/monitor/import', { format: 'csv', content }), { sources: 1, claims: 1 });
      const json = (await anonymous.request('GET', '/api/monitor/claims.json')).text;
      assert.deepEqual(
        JSON.parse(json)
          .claims.filter((c: any) => c.kind === 'relation')
          .map((c: any) => [c.status, c.relation])
          .sort((a: any, b: any) => a[0].localeCompare(b[0])),
        [
          ['published', { subject: 'GB:AFG0036', relation: 'parent-of', object: { ref: 'TAi.146' } }],
          ['retracted', { subject: 'TAi.144', relation: 'business-partner-of', object: { name: PARTNER, schema: 'Organization' } }],
        ],
      );
      assert.deepEqual(await editor.ok('POST', '/api/monitor/import', { format: 'json', content: json }), { sources: 1, claims: 2 });
      assert.equal(await count(), before + 3);
      const bad = content.replace('TAi.146', 'TAi.998');
      const r = await editor.request('POST', '/api/monitor/import', { format: 'csv', content: bad });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /claim 1: TAi\.998: not in the loaded sanctions lists.*nothing was imported/);
      assert.equal(await count(), before + 3);
    });
  });
}
