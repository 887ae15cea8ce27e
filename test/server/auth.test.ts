// Authentication is decided by where a route is registered (src/server/plugins/auth.ts).
// This walks every route the server registered and sends it an anonymous request (no
// cookie, no link token): each route that is not in the explicit list of public routes
// below must refuse it with 401 or 403, before looking at the request's body. A new
// route is therefore either listed here as public on purpose, or protected.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

/** What anyone may call, without logging in, joining or holding a link. */
const PUBLIC = new Set([
  'GET /api/openapi.json',
  // accounts: logging in and out
  'POST /api/session',
  'DELETE /api/session',
  // elections: reading, and casting (a ballot proves its own right: a credential's signature)
  'GET /api/elections',
  'GET /api/conventions',
  'GET /api/conventions/:id',
  'GET /api/elections/:uuid',
  'GET /api/elections/:uuid/election.json',
  'GET /api/elections/:uuid/archive.bel',
  // the board's records after a height, for mirrors
  'GET /api/elections/:uuid/records',
  // digests of the published public credentials, for the booth's check before choosing
  'GET /api/elections/:uuid/credential-digests.json',
  'GET /api/elections/:uuid/ballots',
  // the whole ballot box, streamed
  'GET /api/elections/:uuid/ballots.json',
  'GET /api/elections/:uuid/ballot',
  // relay mode: where a ballot handed to this relay stands (by its public tracker)
  'GET /api/relay/ballots',
  'POST /api/elections/:uuid/ballots',
  // the election's schedule changes (extensions of voting and why), as an Atom feed
  'GET /api/elections/:uuid/feed.atom',
  // conversations: reading, reports and exports, joining, forgetting this device
  'GET /api/conventions/:id/conversations',
  'GET /api/conversations/:id',
  'POST /api/conversations/:id/participants',
  'DELETE /api/conversations/:id/me',
  'GET /api/conversations/:id/statements',
  'GET /api/conversations/:id/report',
  'GET /api/conversations/:id/export/comments.csv',
  'GET /api/conversations/:id/export/participants-votes.csv',
  'GET /api/conversations/:id/export/votes.csv',
  'GET /api/conversations/:id/export/report.json',
  // inclusion: the questions and the published (suppressed) reports
  'GET /api/conventions/:id/inclusion',
  'GET /api/conversations/:id/composition',
  'GET /api/conventions/:id/composition',
  'GET /api/conventions/:id/composition.json',
  'GET /api/conventions/:id/composition.csv',
  // the monitor's published side
  'GET /api/monitor',
  'GET /api/monitor/benchmarks/:id',
  'GET /api/monitor/states/:code',
  'GET /api/monitor/claims',
  'GET /api/monitor/claims/:id',
  'GET /api/monitor/map',
  // who created which account, and role changes: numbers and roles, the record behind the two-person rule
  'GET /api/monitor/accounts',
  'GET /api/monitor/sources/:id/copy',
  'GET /api/monitor/feed.atom',
  'GET /api/monitor/claims.json',
  'GET /api/monitor/claims.csv',
  // the sanctions network, read-only
  'GET /api/sanctions/lists',
  'GET /api/sanctions/search',
  'GET /api/sanctions/entities/:ref',
  'GET /api/sanctions/network',
  'GET /api/sanctions/coverage',
]);

describe('every route that is not public refuses an anonymous request', () => {
  let server: TestServer;
  let ids: Record<string, string>;
  let editor: Client;

  before(async () => {
    server = await startTestServer('pglite');
    const org = new Client(server.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const convention = (await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Auth walk' }, description: {} })).id;
    const conversation = (await org.ok('POST', `/api/organiser/conventions/${convention}/conversations`, { topic: { en: 'T' }, access: 'open', moderation: 'loose', seeds: [{ text: 'Schools must open', lang: 'en' }] })).id;
    const { uuid } = await org.ok('POST', `/api/organiser/conventions/${convention}/elections`, {
      name: { en: 'E' },
      description: {},
      questions: [{ question: { en: 'Q' }, answers: [{ en: 'A' }, { en: 'B' }], min: 1, max: 1, blank: false }],
      trustees: { count: 1, threshold: null },
    });
    // a real conversation: participant routes first check that it exists (404 otherwise)
    ids = { id: conversation, uuid, sid: '0', code: 'QA', ref: 'TAi.144' };
    await org.ok('POST', '/api/organiser/accounts', { username: 'editor1', password: 'a-long-enough-password', role: 'editor' });
    editor = new Client(server.base);
    await editor.ok('POST', '/api/session', { username: 'editor1', password: 'a-long-enough-password' });
  });
  after(async () => server?.stop());

  const routes = () => server.app.registeredRoutes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/*');
  const concrete = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => ids[name] ?? 'x');

  test('the public routes are registered (the list does not rot)', () => {
    const registered = new Set(routes().map((r) => `${r.method} ${r.url}`));
    assert.deepEqual([...PUBLIC].filter((p) => !registered.has(p)), []);
  });

  test('anonymous requests get 401 or 403 from every other route', async () => {
    const anonymous = new Client(server.base);
    const protectedRoutes = routes().filter((r) => !PUBLIC.has(`${r.method} ${r.url}`));
    assert.ok(protectedRoutes.length >= 35, `${protectedRoutes.length} protected routes`);
    const open: string[] = [];
    for (const r of protectedRoutes) {
      // a body that would be valid nowhere: the refusal must come before the body is looked at
      const reply = await anonymous.request(r.method, concrete(r.url), r.method === 'POST' || r.method === 'PUT' ? { unexpected: true } : undefined);
      if (reply.status !== 401 && reply.status !== 403) open.push(`${r.method} ${r.url}: ${reply.status} ${reply.text.slice(0, 120)}`);
      else assert.ok(['unauthenticated', 'forbidden', 'not-joined'].includes(reply.json.code), `${r.method} ${r.url}: ${reply.text}`);
    }
    assert.deepEqual(open, []);
  });

  test('a monitor account gets 403 from every organiser route', async () => {
    const organiserRoutes = routes().filter((r) => r.url.startsWith('/api/organiser/'));
    assert.ok(organiserRoutes.length >= 20);
    for (const r of organiserRoutes) {
      const reply = await editor.request(r.method, concrete(r.url), r.method === 'POST' || r.method === 'PUT' ? { unexpected: true } : undefined);
      assert.equal(reply.status, 403, `${r.method} ${r.url}: ${reply.text}`);
    }
  });
});
