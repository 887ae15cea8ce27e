// Accounts and the monitor's two-person rule, stated honestly (issue 16, door 11): an
// organiser creates the accounts, so every account creation and role change is in the
// public history (account numbers and roles, never names), and the public history of a
// claim names its accounts by number, so a reader can see that the approving reviewer's
// account was made, say, by the claim's own author an hour before. Role changes end the
// account's sessions; the last organiser cannot be demoted. And a ballot sent to a draft
// election gets the same 404 as reading it (a 409 told that the draft exists).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { Browser } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { migrate, openDatabase } from '../../src/store/db.ts';

const PASSWORD = 'a-long-enough-password';
const SOURCE = { title: 'Report on a meeting', publisher: 'A news agency', url: 'https://news.example.org/2025/report', publishedOn: '2025-06-01', language: 'en' };

describe('accounts: public record of creations and role changes', () => {
  let server: TestServer;
  let org: Browser;
  let anonymous: Browser;
  const accounts = new Map<string, number>();

  before(async () => {
    server = await startTestServer('pglite', { math: false });
    org = new Browser(server.base);
    anonymous = new Browser(server.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
  });
  after(async () => server?.stop());

  const signIn = async (username: string) => {
    const b = new Browser(server.base);
    await b.ok('POST', '/api/session', { username, password: PASSWORD });
    return b;
  };
  const create = async (username: string, role: string) => {
    await org.ok('POST', '/api/organiser/accounts', { username, password: PASSWORD, role });
    const list: { account: number; username: string; role: string }[] = await org.ok('GET', '/api/organiser/accounts');
    const mine = list.find((a) => a.username === username)!;
    assert.equal(mine.role, role);
    accounts.set(username, mine.account);
    return mine.account;
  };

  test('every account creation is public, by number and role, with the organiser account that made it — never a name', async () => {
    const editor = await create('editor-amina', 'editor');
    const reviewer = await create('reviewer-farid', 'reviewer');
    const organiserNumber = (await org.ok('GET', '/api/organiser/accounts')).find((a: { username: string }) => a.username === 'organiser').account;
    const history = await anonymous.ok('GET', '/api/monitor/accounts');
    const created = history.entries.filter((e: { action: string }) => e.action === 'created');
    assert.deepEqual(
      created.map((e: { account: number; role: string; by: number | null; byRole: string | null }) => [e.account, e.role, e.by, e.byRole]),
      [
        [organiserNumber, 'organiser', null, null], // the server's first account: made by no account
        [editor, 'editor', organiserNumber, 'organiser'],
        [reviewer, 'reviewer', organiserNumber, 'organiser'],
      ],
    );
    const text = JSON.stringify(history);
    for (const name of ['editor-amina', 'reviewer-farid']) assert.ok(!text.includes(name), `the public history names no account (${name})`);
  });

  test("a claim's public history names its accounts by number, which the account history explains", async () => {
    const editor = await signIn('editor-amina');
    const reviewer = await signIn('reviewer-farid');
    const source = (await editor.ok('POST', '/api/monitor/sources', SOURCE)).id;
    const { id } = await editor.ok('POST', '/api/monitor/claims', { kind: 'engagement', text: { en: 'A ministerial visit with QA' }, date: '2025-05-30', sources: [source], engagement: { state: 'QA', type: 'ministerial-visit' } });
    await reviewer.ok('POST', `/api/monitor/claims/${id}/approve`, {});
    const page = await anonymous.ok('GET', `/api/monitor/claims/${id}`);
    const byAction = Object.fromEntries(page.history.map((h: { action: string; by: string; account: number | null }) => [h.action, [h.by, h.account]]));
    assert.deepEqual(byAction.proposed, ['editor', accounts.get('editor-amina')]);
    assert.deepEqual(byAction.approved, ['reviewer', accounts.get('reviewer-farid')]);
    assert.ok(!JSON.stringify(page).includes('reviewer-farid'));
  });

  test('a role change is public (from → to, by whom), ends the sessions of the changed account, and only an organiser may do it', async () => {
    const editorNumber = accounts.get('editor-amina')!;
    const editor = await signIn('editor-amina');
    const before = await server.ctx.db.query('SELECT count(*)::int AS n FROM monitor_history');
    const refused = await editor.request('PUT', `/api/organiser/accounts/${editorNumber}/role`, { role: 'reviewer' });
    assert.equal(refused.status, 403, 'an editor cannot promote themselves');
    assert.deepEqual(await server.ctx.db.query('SELECT count(*)::int AS n FROM monitor_history'), before, 'nothing recorded');

    assert.deepEqual(await org.ok('PUT', `/api/organiser/accounts/${editorNumber}/role`, { role: 'reviewer' }), { username: 'editor-amina', role: 'reviewer' });
    assert.equal((await editor.request('GET', '/api/monitor/work')).status, 401, 'the old session (as an editor) has ended');
    const again = await signIn('editor-amina');
    assert.equal((await again.ok('GET', '/api/monitor/work')).me.canReview, true);

    const history = await anonymous.ok('GET', '/api/monitor/accounts');
    const change = history.entries.at(-1);
    assert.deepEqual({ action: change.action, account: change.account, from: change.previousRole, to: change.role, byRole: change.byRole }, { action: 'role-changed', account: editorNumber, from: 'editor', to: 'reviewer', byRole: 'organiser' });
  });

  test('bad role changes are refused with a message and change nothing: unknown account, unknown role, a malformed number, the last organiser', async () => {
    const count = async () => (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM monitor_history'))[0]!.n;
    const n = await count();
    const missing = await org.request('PUT', '/api/organiser/accounts/9999/role', { role: 'editor' });
    assert.equal(missing.status, 404);
    const role = await org.request('PUT', `/api/organiser/accounts/${accounts.get('reviewer-farid')}/role`, { role: 'admin' });
    assert.equal(role.status, 400);
    assert.match(role.json.error, /role/);
    const malformed = await org.request('PUT', '/api/organiser/accounts/seven/role', { role: 'editor' });
    assert.equal(malformed.status, 400);
    const organiserNumber = (await org.ok('GET', '/api/organiser/accounts')).find((a: { username: string }) => a.username === 'organiser').account;
    const last = await org.request('PUT', `/api/organiser/accounts/${organiserNumber}/role`, { role: 'editor' });
    assert.equal(last.status, 409);
    assert.equal(last.json.code, 'last-organiser');
    assert.equal(await count(), n, 'nothing recorded');
    assert.equal((await org.ok('GET', '/api/session')).role, 'organiser');
    // with a second organiser, the first may step down
    const second = await create('second-organiser', 'organiser');
    assert.ok(second > 0);
    assert.equal((await org.ok('PUT', `/api/organiser/accounts/${organiserNumber}/role`, { role: 'reviewer' })).role, 'reviewer');
    assert.equal((await org.request('GET', '/api/organiser/accounts')).status, 401, 'its own session ended too');
  });

  test('a ballot sent to a draft election gets the same 404 as reading it: the draft stays private', async () => {
    const organiser = await signIn('second-organiser');
    const { id } = await organiser.ok('POST', '/api/organiser/conventions', { title: { en: 'Private drafts' }, description: { en: 'Made by tests' } });
    const { uuid } = await organiser.ok('POST', `/api/organiser/conventions/${id}/elections`, SAMPLE_DRAFT);
    const read = await anonymous.request('GET', `/api/elections/${uuid}`);
    const cast = await anonymous.request('POST', `/api/elections/${uuid}/ballots`, { some: 'ballot' });
    const unknown = await anonymous.request('POST', '/api/elections/AAAAAAAAAAAAAA/ballots', { some: 'ballot' });
    assert.equal(read.status, 404);
    assert.equal(cast.status, 404, `a ballot to a draft: ${cast.text}`);
    assert.deepEqual(cast.json, read.json, 'the same answer as reading the draft');
    assert.deepEqual(cast.json, unknown.json, 'the same answer as an election that does not exist');
  });
});

test('migration 009 records the accounts that existed before, at their creation time, creator unknown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jirga-migration-'));
  const migrations = join(dir, 'migrations');
  const source = join(import.meta.dirname, '..', '..', 'src', 'store', 'migrations');
  cpSync(source, migrations, { recursive: true });
  const later = readdirSync(migrations).filter((f) => f >= '009');
  for (const f of later) rmSync(join(migrations, f));
  const db = await openDatabase({ dataDir: join(dir, 'db'), migrations: false });
  try {
    await migrate(db, migrations);
    await db.query("INSERT INTO accounts (username, password_hash, role, created_at) VALUES ('old-reviewer', 'x', 'reviewer', '2026-01-02T03:04:05Z')");
    for (const f of later) cpSync(join(source, f), join(migrations, f));
    await migrate(db, migrations);
    const rows = await db.query<{ entity_id: string; action: string; account_id: number | null; at: Date | string; after: { role: string } }>("SELECT entity_id, action, account_id, at, after FROM monitor_history WHERE entity = 'account'");
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.action, 'created');
    assert.equal(rows[0]!.account_id, null);
    assert.equal(new Date(rows[0]!.at).toISOString(), '2026-01-02T03:04:05.000Z');
    assert.equal(rows[0]!.after.role, 'reviewer');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
