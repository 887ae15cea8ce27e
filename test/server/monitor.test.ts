// The accountability monitor over HTTP, on PGlite and on the machine's Postgres:
// sources (malformed URLs, future dates, oversized copies refused, nothing
// half-saved), claims that must cite a source, review by a second person (a
// reviewer cannot approve their own claim), the append-only history, retraction
// (out of the scores, visible as retracted), scores recomputed when weights
// change, unknown states refused, feeds and exports, import all-or-nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { parseCsv } from '../../src/kernel/csv.ts';
import { latestToday } from '../../src/monitor/model.ts';
import { Browser } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

const PASSWORD = 'a-long-enough-password';
const SOURCE = { title: 'Report on a meeting', publisher: 'A news agency', url: 'https://news.example.org/2025/report', publishedOn: '2025-06-01', language: 'en' };

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`monitor API on ${kind}`, () => {
    let server: TestServer;
    let org: Browser;
    let editor: Browser;
    let reviewer: Browser;
    let reviewer2: Browser;
    let anonymous: Browser;
    const count = async (table: string) => (await server.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

    before(async () => {
      server = await startTestServer(kind, { math: false });
      org = new Browser(server.base);
      anonymous = new Browser(server.base);
      await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      const account = async (username: string, role: string) => {
        assert.deepEqual(await org.ok('POST', '/api/organiser/accounts', { username, password: PASSWORD, role }), { username, role });
        const b = new Browser(server.base);
        assert.equal((await b.ok('POST', '/api/session', { username, password: PASSWORD })).role, role);
        return b;
      };
      editor = await account('editor1', 'editor');
      reviewer = await account('reviewer1', 'reviewer');
      reviewer2 = await account('reviewer2', 'reviewer');
    });
    after(async () => server?.stop());

    const source = async (who = editor, input: object = SOURCE): Promise<string> => (await who.ok('POST', '/api/monitor/sources', input)).id;
    const engagement = (sources: string[], state = 'QA', type = 'ministerial-visit', extra: object = {}) => ({
      kind: 'engagement',
      text: { en: `A ${type} with ${state}` },
      date: '2025-05-30',
      sources,
      engagement: { state, type, ...extra },
    });

    test('roles: monitor accounts cannot run conventions; the public cannot write; an unknown role is refused', async () => {
      assert.equal((await editor.request('GET', '/api/organiser/conventions')).status, 403);
      assert.equal((await anonymous.request('POST', '/api/monitor/sources', SOURCE)).status, 401);
      assert.equal((await anonymous.request('GET', '/api/monitor/work')).status, 401);
      const me = await editor.ok('GET', '/api/monitor/work');
      assert.deepEqual(me.me, { username: 'editor1', role: 'editor', canReview: false });
      const bad = await org.request('POST', '/api/organiser/accounts', { username: 'someone', password: PASSWORD, role: 'admin' });
      assert.equal(bad.status, 400);
      assert.match(bad.json.error, /role: organiser, reviewer or editor/);
      assert.equal((await org.request('POST', '/api/organiser/accounts', { username: 'editor1', password: PASSWORD, role: 'editor' })).status, 409);
    });

    test('the six benchmarks ship in three languages and the evidence base starts empty', async () => {
      const d = await anonymous.ok('GET', '/api/monitor');
      assert.deepEqual(
        d.benchmarks.map((b: any) => b.id),
        ['inclusive-settlement', 'terror-ties', 'detainees', 'women-and-girls', 'humanitarian-access', 'doha-agreement'],
      );
      for (const b of d.benchmarks) {
        for (const l of ['fa-AF', 'ps-AF']) assert.match(b.title[l], /[\u0600-\u06FF]/, `${b.id} title in ${l}`);
        assert.equal(b.current, null);
      }
      assert.deepEqual(d.states, []);
      assert.equal(d.samples, false);
      assert.deepEqual((await anonymous.ok('GET', '/api/monitor/claims')).claims, []);
    });

    test('bad sources are refused with a clear message and nothing is saved', async () => {
      const before = await count('monitor_sources');
      const tomorrow = new Date(Date.parse(`${latestToday()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const cases: [object, RegExp][] = [
        [{ ...SOURCE, url: 'not a url' }, /not a usable web address/],
        [{ ...SOURCE, url: 'javascript:alert(1)' }, /not a usable web address/],
        [{ ...SOURCE, url: 'ftp://files.example.org/x' }, /not a usable web address/],
        [{ ...SOURCE, publishedOn: tomorrow }, /in the future/],
        [{ ...SOURCE, publishedOn: '2025-02-30' }, /not a real calendar date/],
        [{ ...SOURCE, title: '' }, /give the title/],
        [{ ...SOURCE, sha256: 'abc' }, /64 hexadecimal/],
        [{ ...SOURCE, copy: { name: 'a.pdf', type: 'application/pdf', base64: Buffer.from('one').toString('base64') }, sha256: 'a'.repeat(64) }, /does not match the uploaded copy/],
      ];
      for (const [input, message] of cases) {
        const r = await editor.request('POST', '/api/monitor/sources', input);
        assert.equal(r.status, 400, JSON.stringify(input));
        assert.match(r.json.error, message);
      }
      // an oversized copy: 10 MiB + 1 byte
      const big = await editor.request('POST', '/api/monitor/sources', { ...SOURCE, copy: { name: 'big.pdf', type: 'application/pdf', base64: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') } });
      assert.ok(big.status === 400 || big.status === 413, `status ${big.status}`);
      assert.match(big.json.error, /larger than 10 MiB/);
      assert.equal(await count('monitor_sources'), before, 'nothing half-saved');
      assert.equal(await count("monitor_history WHERE entity = 'source'"), before);
    });

    test('a source with an uploaded copy keeps its SHA-256; the copy is public only once a published claim cites it', async () => {
      const bytes = Buffer.from('%PDF-1.4 a copy of the report');
      const sha = createHash('sha256').update(bytes).digest('hex');
      const r = await editor.ok('POST', '/api/monitor/sources', { ...SOURCE, copy: { name: 'report.pdf', type: 'application/pdf', base64: bytes.toString('base64') } });
      assert.equal(r.sha256, sha);
      assert.equal((await anonymous.request('GET', `/api/monitor/sources/${r.id}/copy`)).status, 404);
      const { id } = await editor.ok('POST', '/api/monitor/claims', engagement([r.id], 'TM', 'agreement', { sector: 'transport-transit' }));
      await reviewer.ok('POST', `/api/monitor/claims/${id}/approve`, {});
      const copy = await anonymous.request('GET', `/api/monitor/sources/${r.id}/copy`);
      assert.equal(copy.status, 200);
      assert.equal(copy.text, bytes.toString());
      const pub = await anonymous.ok('GET', `/api/monitor/claims/${id}`);
      assert.equal(pub.sources[0].sha256, sha);
    });

    test('a claim without a source is refused; unknown states and bad engagement details too', async () => {
      const before = await count('monitor_claims');
      const s = await source();
      const cases: [object, RegExp][] = [
        [engagement([]), /at least one source/],
        [{ kind: 'statement', text: { en: 'Something happened' }, date: '2025-01-01' }, /at least one source/],
        [engagement(['NoSuchSource1']), /no such source: NoSuchSource1/],
        [engagement([s], 'ZZ'), /unknown state/],
        [engagement([s], 'Qatar'), /unknown state/],
        [engagement([s], 'QA', 'agreement'), /needs its sector/],
        [engagement([s], 'QA', 'ministerial-visit', { sector: 'health' }), /only an agreement has one/],
        [engagement([s], 'QA', 'tea-party'), /type: one of/],
        [{ ...engagement([s]), date: '2999-01-01' }, /in the future/],
        [{ kind: 'assessment', text: { en: 'Not met' }, date: '2025-01-01', assessment: { benchmark: 'women-and-girls', status: 'not-met', evidence: [] } }, /at least one published claim/],
        [{ kind: 'rumour', text: { en: 'x' }, date: '2025-01-01', sources: [s] }, /kind: one of/],
      ];
      for (const [input, message] of cases) {
        const r = await editor.request('POST', '/api/monitor/claims', input);
        assert.equal(r.status, 400, JSON.stringify(input));
        assert.match(r.json.error, message);
      }
      assert.equal(await count('monitor_claims'), before, 'nothing half-saved');
      // lower-case codes are accepted and stored upper-case
      const { id } = await editor.ok('POST', '/api/monitor/claims', engagement([s], 'qa'));
      assert.equal((await editor.ok('GET', `/api/monitor/work/claims/${id}`)).claim.engagement.state, 'QA');
    });

    test('review: a reviewer cannot approve their own claim, nor one they edited; a second reviewer can; history shows every change', async () => {
      const s = await source(reviewer);
      const { id } = await reviewer.ok('POST', '/api/monitor/claims', engagement([s], 'CN', 'envoy-credentials'));
      // not public while proposed
      assert.equal((await anonymous.request('GET', `/api/monitor/claims/${id}`)).status, 404);
      const own = await reviewer.request('POST', `/api/monitor/claims/${id}/approve`, {});
      assert.equal(own.status, 403);
      assert.match(own.json.error, /another reviewer must approve/);
      // an editor cannot approve at all
      assert.equal((await editor.request('POST', `/api/monitor/claims/${id}/approve`, {})).status, 403);
      // reviewer2 edits it: now reviewer2 cannot approve either
      await reviewer2.ok('PUT', `/api/monitor/claims/${id}`, { ...engagement([s], 'CN', 'envoy-credentials'), text: { en: 'China accepted the credentials of a regime envoy', 'fa-AF': 'چین اعتبارنامهٔ فرستادهٔ رژیم را پذیرفت' } });
      assert.equal((await reviewer2.request('POST', `/api/monitor/claims/${id}/approve`, {})).status, 403);
      // the workspace says so, so that the page offers them no approve button
      assert.deepEqual((await reviewer2.ok('GET', '/api/monitor/work')).authors[id], ['reviewer1', 'reviewer2']);
      // the organiser (a third person) approves
      await org.ok('POST', `/api/monitor/claims/${id}/approve`, { note: 'checked against the source' });
      assert.equal((await reviewer2.request('POST', `/api/monitor/claims/${id}/approve`, {})).status, 409);
      // a published claim cannot be edited
      assert.equal((await reviewer.request('PUT', `/api/monitor/claims/${id}`, engagement([s], 'CN', 'ministerial-visit'))).status, 409);

      const work = await editor.ok('GET', `/api/monitor/work/claims/${id}`);
      assert.deepEqual(work.history.map((h: any) => [h.action, h.by]), [['proposed', 'reviewer1'], ['edited', 'reviewer2'], ['approved', 'organiser']]);
      assert.deepEqual(work.history[1].changes, ['text']);
      // the public sees the same history with roles, never usernames
      const pub = await anonymous.ok('GET', `/api/monitor/claims/${id}`);
      assert.deepEqual(pub.history.map((h: any) => [h.action, h.by]), [['proposed', 'reviewer'], ['edited', 'reviewer'], ['approved', 'organiser']]);
      assert.doesNotMatch(JSON.stringify(pub), /reviewer1|reviewer2|editor1/);
      // the history table refuses changes and deletions (append-only)
      const n = await count('monitor_history');
      await server.ctx.db.query("UPDATE monitor_history SET action = 'forged'");
      await server.ctx.db.query('DELETE FROM monitor_history');
      await server.ctx.db.query('DELETE FROM monitor_claims');
      assert.equal(await count('monitor_history'), n);
      assert.equal(await count("monitor_history WHERE action = 'forged'"), 0);
      assert.ok((await count('monitor_claims')) > 0);
    });

    test('scores: published events count, retracted ones leave the score but stay visible, weights recompute every score', async () => {
      const s = await source();
      const publish = async (input: object) => {
        const { id } = await editor.ok('POST', '/api/monitor/claims', input);
        await reviewer.ok('POST', `/api/monitor/claims/${id}/approve`, {});
        return id as string;
      };
      const state = async () => (await anonymous.ok('GET', '/api/monitor/states/UZ')).tally;
      assert.equal((await state()).score, 0);
      const visit = await publish({ ...engagement([s], 'UZ', 'ministerial-visit'), date: '2025-01-10' });
      await publish({ ...engagement([s], 'UZ', 'agreement', { sector: 'trade-investment' }), date: '2025-02-10' });
      await publish({ ...engagement([s], 'UZ', 'humanitarian-contact'), date: '2025-03-10' });
      // proposed only: not counted
      await editor.ok('POST', '/api/monitor/claims', { ...engagement([s], 'UZ', 'formal-recognition'), date: '2025-04-10' });
      let t = await state();
      assert.equal(t.score, 2 + 2, 'visit 2 + trade agreement 2; humanitarian 0; proposed not counted');
      assert.equal(t.events, 2);
      assert.equal(t.humanitarian, 1);
      assert.deepEqual(t.series, [{ date: '2025-01-10', score: 2 }, { date: '2025-02-10', score: 4 }]);

      // retraction needs a reason, and only a reviewer can do it
      assert.equal((await reviewer.request('POST', `/api/monitor/claims/${visit}/retract`, { reason: '' })).status, 400);
      assert.equal((await editor.request('POST', `/api/monitor/claims/${visit}/retract`, { reason: 'wrong' })).status, 403);
      await reviewer2.ok('POST', `/api/monitor/claims/${visit}/retract`, { reason: 'the visit was cancelled; the source was mistaken' });
      t = await state();
      assert.equal(t.score, 2, 'retracted visit no longer counts');
      const page = await anonymous.ok('GET', '/api/monitor/states/UZ');
      const retracted = page.events.find((e: any) => e.id === visit);
      assert.equal(retracted.status, 'retracted');
      assert.equal(retracted.retractionReason, 'the visit was cancelled; the source was mistaken');
      assert.equal((await anonymous.ok('GET', `/api/monitor/claims/${visit}`)).claim.status, 'retracted');
      assert.equal((await reviewer2.request('POST', `/api/monitor/claims/${visit}/retract`, { reason: 'again' })).status, 409);

      // weights: only reviewers; bad weights refused; every score recomputed
      const weights = (await anonymous.ok('GET', '/api/monitor')).weights;
      const changed = { ...weights, sectors: { ...weights.sectors, 'trade-investment': 7 } };
      assert.equal((await editor.request('PUT', '/api/monitor/weights', changed)).status, 403);
      const neg = await reviewer.request('PUT', '/api/monitor/weights', { ...weights, types: { ...weights.types, 'ministerial-visit': -1 } });
      assert.equal(neg.status, 400);
      assert.match(neg.json.error, /cannot be negative/);
      await reviewer.ok('PUT', '/api/monitor/weights', changed);
      assert.equal((await state()).score, 7);
      const dashboard = await anonymous.ok('GET', '/api/monitor');
      assert.equal(dashboard.weights.sectors['trade-investment'], 7);
      assert.equal(dashboard.states.find((x: any) => x.state === 'UZ').score, 7);
      const history = await reviewer.ok('GET', '/api/monitor/weights/history');
      assert.equal(history.at(-1).by, 'reviewer1');
      assert.equal(history.at(-1).weights.sectors['trade-investment'], 7);
    });

    test('formal recognition and credentials count once per state; unknown state pages are 404', async () => {
      const s = await source();
      for (const date of ['2025-01-01', '2025-02-01']) {
        const { id } = await editor.ok('POST', '/api/monitor/claims', { ...engagement([s], 'RU', 'formal-recognition'), date });
        await reviewer.ok('POST', `/api/monitor/claims/${id}/approve`, {});
      }
      const t = (await anonymous.ok('GET', '/api/monitor/states/RU')).tally;
      assert.equal(t.events, 2);
      assert.equal(t.score, 10);
      assert.equal((await anonymous.request('GET', '/api/monitor/states/ZZ')).status, 404);
    });

    test('assessments cite published evidence; the dashboard shows the latest; a benchmark timeline lists them', async () => {
      const s = await source();
      const { id: proposed } = await editor.ok('POST', '/api/monitor/claims', { kind: 'statement', text: { en: 'Girls above grade six remain barred from school' }, date: '2025-03-21', sources: [s], benchmarks: ['women-and-girls'] });
      const assessment = (status: string, date: string, evidence: string[]) => ({ kind: 'assessment', text: { en: `Assessed ${status}` }, date, assessment: { benchmark: 'women-and-girls', status, evidence } });
      const unpublished = await editor.request('POST', '/api/monitor/claims', assessment('not-met', '2025-03-22', [proposed]));
      assert.equal(unpublished.status, 400);
      assert.match(unpublished.json.error, /only published claims can be cited/);
      await reviewer.ok('POST', `/api/monitor/claims/${proposed}/approve`, {});
      for (const [status, date] of [['not-met', '2025-03-22'], ['regressing', '2025-06-01']]) {
        const { id } = await editor.ok('POST', '/api/monitor/claims', assessment(status!, date!, [proposed]));
        await reviewer.ok('POST', `/api/monitor/claims/${id}/approve`, {});
      }
      const d = await anonymous.ok('GET', '/api/monitor');
      const b = d.benchmarks.find((x: any) => x.id === 'women-and-girls');
      assert.equal(b.current.assessment.status, 'regressing');
      assert.equal(b.assessments, 2);
      const page = await anonymous.ok('GET', '/api/monitor/benchmarks/women-and-girls');
      assert.deepEqual(page.assessments.map((a: any) => a.assessment.status), ['regressing', 'not-met']);
      assert.deepEqual(page.evidence.map((e: any) => e.id), [proposed]);
      assert.ok(page.sources[s]);
      assert.equal((await anonymous.request('GET', '/api/monitor/benchmarks/nope')).status, 404);
    });

    test('benchmark definitions are editable by reviewers, with history', async () => {
      const edit = { title: { en: 'Rights of women and girls', 'fa-AF': 'حقوق زنان و دختران', 'ps-AF': 'د ښځو او نجونو حقونه' }, definition: { en: 'Education, work, movement, participation.' } };
      assert.equal((await editor.request('PUT', '/api/monitor/benchmarks/women-and-girls', edit)).status, 403);
      await reviewer.ok('PUT', '/api/monitor/benchmarks/women-and-girls', edit);
      const page = await anonymous.ok('GET', '/api/monitor/benchmarks/women-and-girls');
      assert.equal(page.benchmark.definition.en, 'Education, work, movement, participation.');
      assert.equal((await server.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM monitor_history WHERE entity = 'benchmark' AND entity_id = 'women-and-girls'"))[0]!.n, 1);
    });

    test('feeds and exports carry published and retracted claims only', async () => {
      const s = await source();
      const { id: hidden } = await editor.ok('POST', '/api/monitor/claims', { ...engagement([s], 'IN', 'ministerial-visit'), text: { en: 'A proposal nobody reviewed yet' } });
      const feed = await anonymous.request('GET', '/api/monitor/feed.atom');
      assert.equal(feed.status, 200);
      assert.match(String(feed.headers['content-type']), /application\/atom\+xml/);
      assert.match(feed.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      assert.match(feed.text, /\[Retracted\] /);
      assert.doesNotMatch(feed.text, new RegExp(hidden));
      const entries = feed.text.match(/<entry>/g)?.length ?? 0;
      const json = await anonymous.request('GET', '/api/monitor/claims.json');
      const exported = JSON.parse(json.text);
      assert.equal(exported.claims.length, entries);
      assert.ok(exported.claims.every((c: any) => c.status === 'published' || c.status === 'retracted'));
      assert.doesNotMatch(json.text, /editor1|reviewer1|reviewer2/, 'no usernames in the public export');
      const csv = parseCsv((await anonymous.request('GET', '/api/monitor/claims.csv')).text);
      assert.equal(csv[0]![0], 'claim');
      assert.deepEqual(new Set(csv.slice(1).map((r) => r[0])), new Set(exported.claims.map((c: any) => c.id)));
    });

    test('import: all or nothing, entering as proposed', async () => {
      const beforeClaims = await count('monitor_claims');
      const beforeSources = await count('monitor_sources');
      const header = 'claim,kind,date,text_en,state,engagement_type,sector,source_title,source_publisher,source_url,source_published_on,source_language';
      const good = `${header}\nk1,engagement,2025-02-02,A trade agreement,KZ,agreement,trade-investment,Trade report,Ministry,https://example.gov/trade,2025-02-03,en\nk2,engagement,2025-02-04,A visit,KZ,ministerial-visit,,Trade report,Ministry,https://example.gov/trade,2025-02-03,en\n`;
      const bad = good + 'k3,engagement,2025-02-05,Bad state,XX,ministerial-visit,,Trade report,Ministry,https://example.gov/trade,2025-02-03,en\n';
      const r = await editor.request('POST', '/api/monitor/import', { format: 'csv', content: bad });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /CSV line 4.*unknown state/);
      assert.equal(await count('monitor_claims'), beforeClaims);
      assert.equal(await count('monitor_sources'), beforeSources);
      assert.deepEqual(await editor.ok('POST', '/api/monitor/import', { format: 'csv', content: good }), { sources: 1, claims: 2 });
      assert.equal(await count("monitor_claims WHERE status = 'proposed' AND body->'engagement'->>'state' = 'KZ'"), 2);
      assert.equal((await anonymous.ok('GET', '/api/monitor/states/KZ')).tally.score, 0, 'imports are not published');
      // JSON round trip of the public export: ids become keys, everything re-enters as proposed
      const exported = (await anonymous.request('GET', '/api/monitor/claims.json')).text;
      const n = JSON.parse(exported).claims.filter((c: any) => c.kind !== 'assessment').length;
      const parsed = JSON.parse(exported);
      parsed.claims = parsed.claims.filter((c: any) => c.kind !== 'assessment');
      const back = await editor.ok('POST', '/api/monitor/import', { format: 'json', content: JSON.stringify(parsed) });
      assert.equal(back.claims, n);
      const notJson = await editor.request('POST', '/api/monitor/import', { format: 'json', content: '{oops' });
      assert.equal(notJson.status, 400);
      assert.match(notJson.json.error, /not valid JSON/);
    });

    test('the map: SVG shapes with ISO codes, and every state for pickers', async () => {
      const map = await anonymous.ok('GET', '/api/monitor/map');
      assert.ok(map.shapes.length > 150);
      const af = map.shapes.find((s: any) => s.code === 'AF');
      assert.match(af.d, /^M[\d.-]+,[\d.-]+/);
      const qa = map.states.find((s: any) => s.code === 'QA');
      assert.equal(qa.names['ps-AF'], 'قطر');
      assert.equal(map.states.length, 250);
    });
  });
}
