// Schedules that bend with the network (issue 17, item 4): after an outage the organiser
// extends voting with a stated reason; the change is public (the election's view and its
// Atom feed), kept for good, and casting honours the new closing time. Refusals (an
// earlier or past time, a closed election, an election without a closing time, no reason)
// change nothing, and only an organiser may extend.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { closeOverHttp, ballotFor, Client, openElectionOverHttp, SAMPLE_DRAFT, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

const HOUR = 60 * 60 * 1000;
const VOTE = [[1, 0, 0], [0, 1, 0, 0]];
const REASON = {
  en: 'The network was cut nationwide for two days.',
  'fa-AF': 'انترنت در سراسر کشور دو روز قطع بود.',
  'ps-AF': 'انټرنیټ په ټول هېواد کې دوه ورځې پرې و.',
};

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`extending voting on ${kind}`, () => {
    let server: TestServer;
    let organiser: Client;
    let anonymous: Client;
    let e: OpenElection;
    // the server's clock, moved by the tests
    let offset = 0;
    const start = Date.now();
    const at = (ms: number) => new Date(start + ms).toISOString();
    const firstClose = at(HOUR);
    const draft = (closesAt: string | null): ElectionDraft => ({ ...SAMPLE_DRAFT, closesAt, trustees: { count: 1, threshold: null } });

    before(async () => {
      server = await startTestServer(kind, { now: () => new Date(Date.now() + offset) });
      organiser = new Client(server.base);
      anonymous = new Client(server.base);
      e = await openElectionOverHttp(organiser, { voters: 4, password: ORGANISER_PASSWORD, draft: draft(firstClose) });
    });
    after(() => server.stop());

    const view = () => anonymous.ok('GET', `/api/elections/${e.uuid}`);
    const extend = (body: unknown, client = organiser, uuid = e.uuid) => client.request('POST', `/api/organiser/elections/${uuid}/extend`, body);
    const cast = (voter: number) => anonymous.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, voter, VOTE));
    const stored = async () => (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schedule_changes'))[0]!.n;

    test('refusals change nothing: an earlier or equal time, a past time, no reason, a bad date, anyone but an organiser', async () => {
      const before = await view();
      assert.equal(before.closesAt, new Date(firstClose).toISOString());
      assert.deepEqual(before.scheduleChanges, []);
      const refusals: [unknown, number, string, Client?][] = [
        [{ closesAt: at(HOUR / 2), reason: REASON }, 400, 'close-not-later'],
        [{ closesAt: firstClose, reason: REASON }, 400, 'close-not-later'],
        [{ closesAt: at(3 * HOUR), reason: {} }, 400, 'invalid-request'],
        [{ closesAt: at(3 * HOUR), reason: { en: '   ', 'fa-AF': '' } }, 400, 'invalid-request'],
        [{ closesAt: at(3 * HOUR) }, 400, 'invalid-request'],
        [{ closesAt: 'next Tuesday', reason: REASON }, 400, 'invalid-request'],
        [{ closesAt: at(3 * HOUR), reason: REASON }, 401, 'unauthenticated', anonymous],
      ];
      for (const [body, status, code, client] of refusals) {
        const r = await extend(body, client);
        assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(r.json.code, code, r.text);
      }
      // later than the current close but already past on the server's clock (the close has passed, not yet closed)
      offset = 2 * HOUR;
      const past = await extend({ closesAt: at(HOUR + HOUR / 2), reason: REASON });
      assert.equal(past.status, 400, past.text);
      assert.equal(past.json.code, 'close-in-past');
      offset = 0;
      assert.deepEqual(await view(), before, 'the election is as it was');
      assert.equal(await stored(), 0);
    });

    test('after the close passed, the organiser extends voting: public with its reason, the fingerprint unchanged, and a ballot cast between the old and the new close is accepted', async () => {
      assert.equal((await cast(0)).status, 200, 'before the first close');
      const before = await view();
      const json = (await anonymous.request('GET', `/api/elections/${e.uuid}/election.json`)).text;
      // the outage: the first close passes; a ballot now is refused
      offset = HOUR + 60_000;
      const late = await cast(1);
      assert.equal(late.status, 409, late.text);
      assert.equal(late.json.code, 'voting-closed');
      const newClose = at(3 * HOUR);
      const r = await extend({ closesAt: newClose, reason: { ...REASON, en: `  ${REASON.en} ` } });
      assert.equal(r.status, 200, r.text);
      const change = { at: r.json.at, from: new Date(firstClose).toISOString(), to: new Date(newClose).toISOString(), reason: REASON };
      assert.deepEqual(r.json, change);
      assert.ok(Math.abs(Date.parse(r.json.at) - (Date.now() + offset)) < 60_000, 'recorded at the server clock');
      const after = await view();
      assert.equal(after.closesAt, change.to);
      assert.deepEqual(after.scheduleChanges, [change]);
      // the voting dates are not in election.json: the fingerprint and the file are unchanged
      assert.equal(after.fingerprint, before.fingerprint);
      assert.equal((await anonymous.request('GET', `/api/elections/${e.uuid}/election.json`)).text, json);
      // the organiser's view shows it too
      assert.deepEqual((await organiser.ok('GET', `/api/organiser/elections/${e.uuid}`)).scheduleChanges, [change]);
      // between the old and the new close: accepted
      const cast1 = await cast(1);
      assert.equal(cast1.status, 200, cast1.text);
      // a second extension, oldest first
      offset = 3 * HOUR + 60_000;
      assert.equal((await cast(2)).json.code, 'voting-closed', 'the new close is honoured');
      const second = await extend({ closesAt: at(5 * HOUR), reason: { 'ps-AF': REASON['ps-AF'] } });
      assert.equal(second.status, 200, second.text);
      assert.deepEqual((await view()).scheduleChanges.map((c: { from: string; to: string }) => [c.from, c.to]), [
        [new Date(firstClose).toISOString(), change.to],
        [change.to, new Date(at(5 * HOUR)).toISOString()],
      ]);
      assert.equal((await cast(2)).status, 200);
      // kept for good: the table refuses edits and deletions
      await server.ctx.db.query('DELETE FROM schedule_changes');
      await server.ctx.db.query("UPDATE schedule_changes SET reason = '{}'::jsonb");
      assert.equal((await view()).scheduleChanges.length, 2);
      assert.deepEqual((await view()).scheduleChanges[0].reason, REASON);
    });

    test('the Atom feed lists each change with its reason in every language given', async () => {
      const r = await fetch(`${server.base}/api/elections/${e.uuid}/feed.atom`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^application\/atom\+xml/);
      const feed = await r.text();
      assert.match(feed, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      assert.equal(feed.match(/<entry>/g)?.length, 2);
      for (const text of Object.values(REASON)) assert.ok(feed.includes(text), text);
      assert.ok(feed.includes(`Voting was extended from ${new Date(firstClose).toISOString()} to ${new Date(at(3 * HOUR)).toISOString()}.`));
      assert.ok(feed.includes(`href="${server.base}/e/${e.uuid}"`));
      assert.equal((await fetch(`${server.base}/api/elections/NoSuchElection1/feed.atom`)).status, 404);
    });

    test('a closed election, a draft, and an open election without a closing time cannot be extended', async () => {
      const { uuid: draftUuid } = await organiser.ok('POST', `/api/organiser/conventions/${(await view()).conventionId}/elections`, draft(at(HOUR)));
      const d = await extend({ closesAt: at(10 * HOUR), reason: REASON }, organiser, draftUuid);
      assert.equal(d.status, 409, d.text);
      assert.equal(d.json.code, 'election-not-open');

      const open = await openElectionOverHttp(organiser, { voters: 1, password: ORGANISER_PASSWORD, draft: draft(null) });
      const none = await extend({ closesAt: at(10 * HOUR), reason: REASON }, organiser, open.uuid);
      assert.equal(none.status, 409, none.text);
      assert.equal(none.json.code, 'no-closing-time');
      assert.equal((await anonymous.ok('GET', `/api/elections/${open.uuid}`)).closesAt, null);

      await closeOverHttp(organiser, e.uuid);
      const before = await view();
      const closed = await extend({ closesAt: at(10 * HOUR), reason: REASON });
      assert.equal(closed.status, 409, closed.text);
      assert.equal(closed.json.code, 'election-not-open');
      assert.deepEqual(await view(), before);
      assert.equal(await stored(), 2);
    });
  });
}
