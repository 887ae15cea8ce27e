// Deliberation conversations over HTTP, on PGlite and on the machine's Postgres:
// organisers create and moderate, participants join (open or with a code), write
// statements and vote; bad input gets a clear 4xx and stores nothing; rate limits
// hold exactly; the math runner finds two camps; exports parse back as Polis files
// and a Polis export imports and round-trips.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TooManyRequests } from '../../src/services/conversations/errors.ts';
import { ConversationService } from '../../src/services/conversations/service.ts';
import { parsePolisExport } from '../../src/deliberation/polis-export.ts';
import { normalizeStatement, findNearDuplicate } from '../../src/deliberation/text.ts';
import type { AnalysisResult } from '../../src/deliberation/types.ts';
import { polisFolder, UBI } from '../helpers/polis-data.ts';
import { Browser, type Reply } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';


let addressCounter = 0;
/** A fresh loopback source address, so the per-address join limit applies to one test only. */
function freshAddress(): string {
  const i = addressCounter++;
  return `127.0.${10 + Math.floor(i / 250)}.${(i % 250) + 1}`;
}

const POLIS_COMMENTS = [
  'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
  '1500000003000,Fri Jul 14 02:40:03 UTC 2017,2,1,1,0,-1,"Off topic, and rude"',
  '1500000002000,Fri Jul 14 02:40:02 UTC 2017,1,0,1,2,0,"Second statement, with a comma and ""quotes"""',
  '1500000001000,Fri Jul 14 02:40:01 UTC 2017,0,0,2,0,1,First statement',
].join('\n');
const POLIS_PARTICIPANTS = [
  'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2',
  '0,0,2,2,1,1,1,-1,',
  '1,1,1,3,3,0,1,1,1',
  '3,,0,1,0,1,,-1,',
].join('\n');
const POLIS_VOTES = [
  'timestamp,datetime,comment-id,voter-id,vote',
  '1500000010000,x,0,0,1',
  '1500000011000,x,1,0,1',
  '1500000012000,x,1,0,-1',
  '1500000013000,x,0,1,1',
  '1500000014000,x,1,1,1',
  '1500000015000,x,2,1,1',
  '1500000016000,x,1,3,-1',
].join('\n');

describe('statement text (pure)', () => {
  test('normalisation unifies case, punctuation, Arabic-script variants, digits and marks', () => {
    assert.equal(normalizeStatement('  Girls MUST go to school!!  '), normalizeStatement('girls must go to school'));
    assert.equal(normalizeStatement('علي يكي ة'), normalizeStatement('علی یکی ه'));
    assert.equal(normalizeStatement('۱۲۳ ٤٥'), '123 45');
    assert.equal(normalizeStatement('مـــکتبَ'), 'مکتب');
    assert.notEqual(normalizeStatement('girls go to school'), normalizeStatement('boys go to school'));
  });
  test('near-duplicates by trigram similarity, but never across different numbers', () => {
    const existing = [{ id: 4, normalized: normalizeStatement('Girls must be allowed to go to school') }];
    assert.equal(findNearDuplicate(normalizeStatement('Girls must be allowed to go to schools'), existing)?.id, 4);
    assert.equal(findNearDuplicate(normalizeStatement('Roads in the north need repair now'), existing), undefined);
    const terms = [{ id: 1, normalized: normalizeStatement('Elections should be held every 4 years') }];
    assert.equal(findNearDuplicate(normalizeStatement('Elections should be held every 5 years'), terms), undefined);
  });
});

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`deliberation API on ${kind}`, () => {
    let server: TestServer;
    let org: Browser;
    let conventionId: string;
    // the server's clock, movable forward (statement limits per 10 minutes)
    let offset = 0;

    before(async () => {
      server = await startTestServer(kind, { now: () => new Date(Date.now() + offset), math: { minIntervalMs: 0, intervalMs: 200, debounceMs: 20 },
        // the tests come from loopback addresses (127.0.x.y), which are exempt by default (proxies)
        deliberation: { limits: { limitLoopbackAddresses: true } },
      });
      org = new Browser(server.base);
      await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      conventionId = (await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Deliberation tests' }, description: {} })).id;
    });
    after(async () => server?.stop());

    const count = async (table: string, conversation: string, where = 'true') =>
      (await server.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE conversation_id = $1 AND ${where}`, [conversation]))[0]!.n;

    const create = async (body: Record<string, unknown>): Promise<string> =>
      (await org.ok('POST', `/api/organiser/conventions/${conventionId}/conversations`, { topic: { en: 'Education' }, access: 'open', moderation: 'loose', seeds: [], ...body })).id;

    const seeds = (texts: string[]) => texts.map((text) => ({ text, lang: 'en' }));

    const joinOpen = async (id: string, address = freshAddress()) => {
      const b = new Browser(server.base, address);
      const r = await b.request('POST', `/api/conversations/${id}/participants`, {});
      assert.equal(r.status, 200, r.text);
      return { browser: b, participant: r.json.participant as number, reply: r };
    };

    test('organisers create a conversation with seeds; the public sees it', async () => {
      const anonymous = new Browser(server.base);
      const refused = await anonymous.request('POST', `/api/organiser/conventions/${conventionId}/conversations`, { topic: { en: 'x' }, access: 'open', moderation: 'loose' });
      assert.equal(refused.status, 401);
      const id = await create({ topic: { en: 'Girls’ education', 'fa-AF': 'آموزش دختران' }, description: { en: 'What should happen next?' }, seeds: [...seeds(['Schools must reopen for girls', 'Teachers need salaries']), { text: 'مکتب‌ها باید باز شوند', lang: 'fa-AF' }] });
      const list = await anonymous.ok('GET', `/api/conventions/${conventionId}/conversations`);
      const mine = list.find((c: { id: string }) => c.id === id);
      assert.deepEqual(mine, {
        id,
        topic: { en: 'Girls’ education', 'fa-AF': 'آموزش دختران' },
        description: { en: 'What should happen next?' },
        access: 'open',
        moderation: 'loose',
        state: 'open',
        counts: { participants: 0, statements: 3, votes: 0 },
      });
      const view = await anonymous.ok('GET', `/api/conversations/${id}`);
      assert.equal(view.conventionId, conventionId);
      assert.equal(view.analysedAt, null);
      const statements = await anonymous.ok('GET', `/api/conversations/${id}/statements`);
      assert.deepEqual(
        statements.map((s: any) => [s.id, s.text, s.lang, s.seed, s.meta, s.counts]),
        [
          [0, 'Schools must reopen for girls', 'en', true, false, { agree: 0, disagree: 0, pass: 0 }],
          [1, 'Teachers need salaries', 'en', true, false, { agree: 0, disagree: 0, pass: 0 }],
          [2, 'مکتب‌ها باید باز شوند', 'fa-AF', true, false, { agree: 0, disagree: 0, pass: 0 }],
        ],
      );
      const orgList = await org.ok('GET', `/api/organiser/conventions/${conventionId}/conversations`);
      assert.equal(orgList.find((c: { id: string }) => c.id === id).pending, 0);
      assert.equal((await anonymous.request('GET', '/api/conversations/NoSuchConversation1')).status, 404);
      assert.equal((await anonymous.request('GET', '/api/conventions/NoSuchConvention1/conversations')).status, 404);
    });

    test('bad conversations and seeds are refused and nothing is stored', async () => {
      const before = (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversations'))[0]!.n;
      const post = (body: unknown) => org.request('POST', `/api/organiser/conventions/${conventionId}/conversations`, body);
      let r = await post({ topic: {}, access: 'open', moderation: 'loose' });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /topic: give the text in at least one language/);
      r = await post({ topic: { en: 'x' }, access: 'everyone', moderation: 'loose' });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /access must be 'open' or 'code'/);
      r = await post({ topic: { en: 'x' }, access: 'open', moderation: 'loose', seeds: seeds(['fine', 'bell\u0007']) });
      assert.equal(r.status, 400);
      // refused at the edge, before the service reads it (src/server/plugins/input.ts), naming the seed
      assert.match(r.json.error, /seeds\[1\]\.text: cannot contain control characters \(found U\+0007\)/);
      assert.equal(r.json.code, 'control-characters');
      assert.equal(r.json.params?.field, 'body.seeds[1].text');
      r = await post({ topic: { en: 'x' }, access: 'open', moderation: 'loose', seeds: seeds(['Same thing', 'SAME thing!']) });
      assert.equal(r.status, 409);
      assert.equal(r.json.code, 'duplicate');
      assert.equal(r.json.statement, 0);
      r = await post({ topic: { en: 'x' }, access: 'open', moderation: 'loose', seeds: seeds(Array.from({ length: 201 }, (_, i) => `seed number ${i}`)) });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /at most 200 seed statements/);
      r = await org.request('POST', '/api/organiser/conventions/NoSuchConvention1/conversations', { topic: { en: 'x' }, access: 'open', moderation: 'loose' });
      assert.equal(r.status, 404);
      assert.equal((await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversations'))[0]!.n, before);
    });

    test('a participant joins, votes, and changes a vote: the latest counts, one row', async () => {
      const id = await create({ seeds: seeds(['Schools must reopen for girls', 'Teachers need salaries']) });
      const stranger = new Browser(server.base, freshAddress());
      const notJoined = await stranger.request('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      assert.equal(notJoined.status, 401);
      assert.equal(notJoined.json.code, 'not-joined');
      assert.equal((await stranger.request('GET', `/api/conversations/${id}/me`)).json.code, 'not-joined');

      const { browser: p, participant, reply } = await joinOpen(id);
      // a random id (docs/trust-model.md): it tells nothing of the order of joining
      assert.ok(Number.isInteger(participant) && participant >= 1 && participant < 2 ** 31, String(participant));
      const cookie = String(reply.headers['set-cookie']);
      assert.match(cookie, /^jirga_p=[A-Za-z0-9_-]{43}; /);
      assert.match(cookie, new RegExp(`Path=/api/conversations/${id};`));
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      // joining again on the same device keeps the same participant
      assert.equal((await p.ok('POST', `/api/conversations/${id}/participants`, {})).participant, participant);
      assert.equal(await count('participants', id), 1);

      const first = await p.ok('GET', `/api/conversations/${id}/next`);
      assert.deepEqual(first, { statement: { id: 0, text: 'Schools must reopen for girls', lang: 'en', translations: {}, meta: false }, remaining: 2, voted: 0 });
      const voted = await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      assert.equal(voted.ok, true);
      assert.deepEqual(voted.next, { statement: { id: 1, text: 'Teachers need salaries', lang: 'en', translations: {}, meta: false }, remaining: 1, voted: 1 });
      await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: -1 });
      await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 1, vote: 0 });
      assert.equal(await count('votes', id), 2);
      const rows = await server.ctx.db.query<{ statement: number; vote: number }>('SELECT statement, vote FROM votes WHERE conversation_id = $1 ORDER BY statement', [id]);
      assert.deepEqual(rows.map((r) => [r.statement, r.vote]), [[0, -1], [1, 0]]);
      assert.deepEqual(await p.ok('GET', `/api/conversations/${id}/me`), { participant, votes: { '0': -1, '1': 0 }, submitted: 0 });
      const statements = await p.ok('GET', `/api/conversations/${id}/statements`);
      assert.deepEqual(statements.map((s: any) => s.counts), [{ agree: 0, disagree: 1, pass: 0 }, { agree: 0, disagree: 0, pass: 1 }]);
      assert.deepEqual((await p.ok('GET', `/api/conversations/${id}`)).counts, { participants: 1, statements: 2, votes: 2 });
      assert.deepEqual(await p.ok('GET', `/api/conversations/${id}/next`), { statement: null, remaining: 0, voted: 2 });

      // bad votes: clear 4xx, nothing stored
      const bad = async (body: unknown, status: number, message: RegExp) => {
        const r = await p.request('POST', `/api/conversations/${id}/votes`, body);
        assert.equal(r.status, status, r.text);
        assert.match(r.json.error, message);
      };
      await bad({ statement: 0, vote: 2 }, 400, /vote must be 1 \(agree\), -1 \(disagree\) or 0 \(pass\)/);
      await bad({ statement: 'zero', vote: 1 }, 400, /statement/);
      await bad({ statement: 99, vote: 1 }, 404, /statement 99 is not open for votes/);
      await bad('{"statement": 0,', 400, /not valid JSON/);
      assert.equal(await count('votes', id), 2);
      // another conversation's cookie does not count here
      const other = await create({ seeds: seeds(['Another topic entirely']) });
      assert.equal((await p.request('GET', `/api/conversations/${other}/me`)).status, 401);
    });

    test('statements: empty, too long, control characters refused; HTML kept exactly as typed', async () => {
      const id = await create({ seeds: seeds(['A seed statement']) });
      const { browser: p } = await joinOpen(id);
      const submit = (text: unknown, lang = 'en') => p.request('POST', `/api/conversations/${id}/statements`, { text, lang });
      const refused = async (text: unknown, message: RegExp, code?: string) => {
        const r = await submit(text);
        assert.equal(r.status, 400, r.text);
        assert.match(r.json.error, message);
        if (code) assert.equal(r.json.code, code);
      };
      await refused('', /a statement cannot be empty/, 'empty-statement');
      await refused('   \n  ', /a statement cannot be empty/, 'empty-statement');
      await refused('?!.', /needs words or numbers/, 'empty-statement');
      await refused('x'.repeat(10_000), /a statement has at most 280 characters; this one has 10000/, 'statement-too-long');
      await refused('ب'.repeat(281), /at most 280 characters; this one has 281/, 'statement-too-long');
      await refused('a bell \u0007 rings', /cannot contain control characters \(found U\+0007\)/, 'control-characters');
      await refused('nul \u0000 byte', /control characters \(found U\+0000\)/, 'control-characters');
      await refused('lone \ud800 surrogate', /malformed characters/, 'invalid-text');
      await refused(42, /text must be a string/);
      const badLang = await submit('Fine text', 'fr');
      assert.equal(badLang.status, 400);
      assert.match(badLang.json.error, /lang must be one of en, fa-AF, ps-AF/);
      assert.equal(await count('statements', id), 1);

      const script = '<script>alert(1)</script>';
      const ok = await p.ok('POST', `/api/conversations/${id}/statements`, { text: `  ${script}  `, lang: 'en' });
      assert.deepEqual(ok, { id: 1, status: 'approved' });
      const exact = 'ب'.repeat(280);
      assert.equal((await p.ok('POST', `/api/conversations/${id}/statements`, { text: exact, lang: 'fa-AF' })).id, 2);
      const stored = await server.ctx.db.query<{ text: string }>('SELECT text FROM statements WHERE conversation_id = $1 AND id = 1', [id]);
      assert.equal(stored[0]!.text, script);
      const listed = await p.ok('GET', `/api/conversations/${id}/statements`);
      assert.equal(listed.find((s: { id: number }) => s.id === 1).text, script);
      assert.equal(listed.find((s: { id: number }) => s.id === 1).seed, false);
      const other = (await joinOpen(id)).browser;
      await other.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      assert.equal((await other.ok('GET', `/api/conversations/${id}/next`)).statement.text, script);
      // a participant is never shown their own statements
      await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      assert.deepEqual(await p.ok('GET', `/api/conversations/${id}/next`), { statement: null, remaining: 0, voted: 1 });
      assert.equal((await p.ok('GET', `/api/conversations/${id}/me`)).submitted, 2);
    });

    test('exact and near duplicates get 409 naming the statement, and are stored once', async () => {
      const id = await create({ seeds: seeds(['Girls must be allowed to go to school.']) });
      const a = (await joinOpen(id)).browser;
      const b = (await joinOpen(id)).browser;
      const persian = 'زنان باید حق کار کردن در اداره‌های دولتی را داشته باشند';
      assert.equal((await a.ok('POST', `/api/conversations/${id}/statements`, { text: persian, lang: 'fa-AF' })).id, 1);
      const duplicate = async (who: Browser, text: string, code: string, statement: number) => {
        const r = await who.request('POST', `/api/conversations/${id}/statements`, { text, lang: 'en' });
        assert.equal(r.status, 409, r.text);
        assert.equal(r.json.code, code);
        assert.equal(r.json.statement, statement);
        assert.match(r.json.error, new RegExp(`statement ${statement}`));
      };
      await duplicate(b, 'GIRLS must be allowed, to go to school!!', 'duplicate', 0);
      await duplicate(b, 'Girls must be allowed to go to schools', 'near-duplicate', 0);
      // Arabic yeh and kaf for Persian yeh and keheh, a tatweel and a fatha: the same statement
      await duplicate(b, persian.replace(/ی/g, 'ي').replace(/ک/g, 'ك').replace('باید', 'بـــايَد'), 'duplicate', 1);
      await duplicate(a, persian.replace(/ی/g, 'ى'), 'duplicate', 1);
      assert.equal(await count('statements', id), 2);
      // a different number is a different proposal
      assert.equal((await b.ok('POST', `/api/conversations/${id}/statements`, { text: 'Elections should be held every 4 years', lang: 'en' })).id, 2);
      assert.equal((await a.ok('POST', `/api/conversations/${id}/statements`, { text: 'Elections should be held every 5 years', lang: 'en' })).id, 3);
      // organisers may write near-duplicates on purpose, not exact ones
      const orgDup = await org.request('POST', `/api/organiser/conversations/${id}/statements`, { text: 'girls must be allowed to go to school', lang: 'en' });
      assert.equal(orgDup.status, 409);
      assert.equal(orgDup.json.statement, 0);
      assert.equal((await org.ok('POST', `/api/organiser/conversations/${id}/statements`, { text: 'Elections should not be held every 4 years', lang: 'en' })).id, 4);
      // a rejected statement no longer blocks near-duplicates, but still blocks exact ones
      await org.ok('POST', `/api/organiser/conversations/${id}/statements/0/moderation`, { action: 'reject', reason: 'test' });
      await duplicate(b, 'Girls must be allowed to go to school', 'duplicate', 0);
      assert.equal((await b.ok('POST', `/api/conversations/${id}/statements`, { text: 'Girls must be allowed to go to schools', lang: 'en' })).id, 5);
      assert.equal(await count('statements', id), 6);
    });

    test('statement limits: 3 in 10 minutes, 10 per conversation (429, nothing stored)', async () => {
      const id = await create({});
      const { browser: p, participant } = await joinOpen(id);
      const submit = (i: number) => p.request('POST', `/api/conversations/${id}/statements`, { text: `Proposal number ${i}: ${'abcdefghijklmnopqrstuvwxyz'.slice(i, i + 5)} ${i * 7919}`, lang: 'en' });
      for (let i = 0; i < 3; i++) assert.equal((await submit(i)).status, 200);
      const fourth = await submit(3);
      assert.equal(fourth.status, 429, fourth.text);
      assert.equal(fourth.json.code, 'too-many-statements');
      assert.match(fourth.json.error, /at most 3 statements in 10 minutes/);
      assert.ok(Number(fourth.headers['retry-after']) > 0);
      let n = 3;
      for (let round = 0; round < 3; round++) {
        offset += 11 * 60_000;
        for (let i = 0; i < 3 && n < 10; i++) assert.equal((await submit(n++)).status, 200);
      }
      assert.equal(n, 10);
      offset += 11 * 60_000;
      const eleventh = await submit(10);
      assert.equal(eleventh.status, 429);
      assert.equal(eleventh.json.code, 'statement-limit');
      assert.match(eleventh.json.error, /at most 10 statements in a conversation/);
      assert.equal(await count('statements', id, `author_participant = ${participant}`), 10);
    });

    test('a vote flood gets 429 and exactly the accepted votes are stored', async () => {
      const id = await create({ seeds: seeds(Array.from({ length: 40 }, (_, i) => `Statement ${i}: ${'xyzw'.repeat(i % 5)} ${i * 104729}`)) });
      const { browser: p } = await joinOpen(id);
      const statuses: number[] = [];
      let last: Reply | undefined;
      for (let i = 0; i < 40; i++) {
        const r = await p.request('POST', `/api/conversations/${id}/votes`, { statement: i, vote: 1 });
        statuses.push(r.status);
        if (r.status === 429) last = r;
      }
      assert.equal(statuses.filter((s) => s === 200).length, 30, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 429).length, 10);
      assert.equal(last!.json.error, 'too many votes at once; wait a moment');
      assert.ok(Number(last!.headers['retry-after']) >= 1);
      assert.equal(await count('votes', id), 30);
      assert.equal(await count('votes', id, 'statement >= 30'), 0);
      assert.equal((await p.ok('GET', `/api/conversations/${id}`)).counts.votes, 30);
    });

    test('code access: no code 400, bad code 403, good code joins once: a spent code is refused, the device keeps its session', async () => {
      const id = await create({ access: 'code', seeds: seeds(['Only invited people vote here']) });
      const { codes } = await org.ok('POST', `/api/organiser/conversations/${id}/codes`, { count: 3 });
      assert.equal(codes.length, 3);
      for (const c of codes) assert.match(c, /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}$/);
      assert.equal(new Set(codes).size, 3);
      const stored = await server.ctx.db.query<{ code_hash: string }>('SELECT code_hash FROM participation_codes WHERE conversation_id = $1', [id]);
      assert.equal(stored.length, 3);
      for (const row of stored) assert.ok(!codes.includes(row.code_hash), 'only hashes are stored');

      const b1 = new Browser(server.base, freshAddress());
      let r = await b1.request('POST', `/api/conversations/${id}/participants`, {});
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'this conversation needs a participation code');
      r = await b1.request('POST', `/api/conversations/${id}/participants`, { code: 'ABCDEFGHJKLM' });
      assert.equal(r.status, 403);
      assert.equal(r.json.error, 'this participation code is not valid for this conversation, or it has already been used');
      r = await b1.request('POST', `/api/conversations/${id}/participants`, { code: 'not a code at all' });
      assert.equal(r.status, 403);
      assert.equal(await count('participants', id), 0);

      const typed = `${codes[0].slice(0, 4).toLowerCase()}-${codes[0].slice(4, 8)} ${codes[0].slice(8)}`;
      r = await b1.request('POST', `/api/conversations/${id}/participants`, { code: typed });
      assert.equal(r.status, 200, r.text);
      const participant = r.json.participant;
      await b1.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      // the spent code cannot be used again (nothing links it to its participant any more);
      // the device that used it keeps its session
      const b2 = new Browser(server.base, freshAddress());
      const again = await b2.request('POST', `/api/conversations/${id}/participants`, { code: codes[0] });
      assert.equal(again.status, 403, again.text);
      assert.equal(again.json.code, 'invalid-code');
      assert.equal((await b2.request('GET', `/api/conversations/${id}/me`)).json.code, 'not-joined');
      assert.equal((await b1.request('POST', `/api/conversations/${id}/participants`, { code: codes[0] })).status, 403);
      assert.deepEqual(await b1.ok('GET', `/api/conversations/${id}/me`), { participant, votes: { '0': 1 }, submitted: 0 });
      const other = (await new Browser(server.base).ok('POST', `/api/conversations/${id}/participants`, { code: codes[1] })).participant;
      assert.notEqual(other, participant);
      assert.equal(await count('participants', id), 2);
      assert.deepEqual((await org.ok('GET', `/api/organiser/conversations/${id}`)).codes, { issued: 3, used: 2 });
      const open = await create({});
      const wrongAccess = await org.request('POST', `/api/organiser/conversations/${open}/codes`, { count: 2 });
      assert.equal(wrongAccess.status, 409);
      const tooMany = await org.request('POST', `/api/organiser/conversations/${id}/codes`, { count: 10001 });
      assert.equal(tooMany.status, 400);
      assert.match(tooMany.json.error, /at most 10000 codes/);
    });

    test('open joins are limited per client address and per conversation (429)', async () => {
      const id = await create({});
      const address = freshAddress();
      for (let i = 0; i < 5; i++) await joinOpen(id, address);
      const sixth = await new Browser(server.base, address).request('POST', `/api/conversations/${id}/participants`, {});
      assert.equal(sixth.status, 429);
      assert.match(sixth.json.error, /too many people joined from this network/);
      assert.ok(Number(sixth.headers['retry-after']) > 0);
      await joinOpen(id); // another address still may
      assert.equal(await count('participants', id), 6);

      const busy = await create({});
      for (let a = 0; a < 12; a++) {
        const address = freshAddress();
        for (let i = 0; i < 5; i++) await joinOpen(busy, address);
      }
      const late = await new Browser(server.base, freshAddress()).request('POST', `/api/conversations/${busy}/participants`, {});
      assert.equal(late.status, 429);
      assert.match(late.json.error, /too many people are joining this conversation right now/);
      assert.equal(await count('participants', busy), 60);
    });

    test('by default, loopback addresses (a reverse proxy, an onion service) have no per-address limit', async () => {
      const service = new ConversationService(server.ctx);
      const id = await create({});
      for (let i = 0; i < 7; i++) await service.join(id, {}, '127.0.0.1', []);
      for (let i = 0; i < 5; i++) await service.join(id, {}, '203.0.113.7', []);
      await assert.rejects(service.join(id, {}, '203.0.113.7', []), (e: Error) => e instanceof TooManyRequests && /from this network/.test(e.message));
      assert.equal(await count('participants', id), 12);
    });

    test('strict moderation: pending statements are not served until approved; rejection needs a reason', async () => {
      const id = await create({ moderation: 'strict', seeds: seeds(['First seed here', 'Second seed here']) });
      const author = (await joinOpen(id)).browser;
      const voter = (await joinOpen(id)).browser;
      assert.deepEqual(await author.ok('POST', `/api/conversations/${id}/statements`, { text: 'Universities must reopen for women', lang: 'en' }), { id: 2, status: 'pending' });
      assert.deepEqual(await author.ok('POST', `/api/conversations/${id}/statements`, { text: 'Something the moderators will not like', lang: 'en' }), { id: 3, status: 'pending' });
      const served: number[] = [];
      for (;;) {
        const next = await voter.ok('GET', `/api/conversations/${id}/next`);
        if (!next.statement) break;
        served.push(next.statement.id);
        await voter.ok('POST', `/api/conversations/${id}/votes`, { statement: next.statement.id, vote: 1 });
      }
      assert.deepEqual(served.sort(), [0, 1]);
      assert.equal((await voter.request('POST', `/api/conversations/${id}/votes`, { statement: 2, vote: 1 })).status, 404);
      assert.deepEqual((await voter.ok('GET', `/api/conversations/${id}/statements`)).map((s: { id: number }) => s.id), [0, 1]);
      assert.equal((await org.ok('GET', `/api/organiser/conventions/${conventionId}/conversations`)).find((c: { id: string }) => c.id === id).pending, 2);

      const noReason = await org.request('POST', `/api/organiser/conversations/${id}/statements/3/moderation`, { action: 'reject' });
      assert.equal(noReason.status, 400);
      assert.match(noReason.json.error, /give a reason/);
      const longReason = await org.request('POST', `/api/organiser/conversations/${id}/statements/3/moderation`, { action: 'reject', reason: 'x'.repeat(501) });
      assert.equal(longReason.status, 400);
      assert.equal((await org.request('POST', `/api/organiser/conversations/${id}/statements/99/moderation`, { action: 'approve' })).status, 404);
      assert.equal((await voter.request('POST', `/api/organiser/conversations/${id}/statements/2/moderation`, { action: 'approve' })).status, 401);
      await org.ok('POST', `/api/organiser/conversations/${id}/statements/2/moderation`, { action: 'approve' });
      await org.ok('POST', `/api/organiser/conversations/${id}/statements/3/moderation`, { action: 'reject', reason: 'insults a person' });
      const next = await voter.ok('GET', `/api/conversations/${id}/next`);
      assert.equal(next.statement.id, 2);
      assert.equal(next.remaining, 1);
      const view = await org.ok('GET', `/api/organiser/conversations/${id}`);
      const byId = new Map(view.statements.map((s: any) => [s.id, s]));
      assert.equal((byId.get(2) as any).status, 'approved');
      assert.equal((byId.get(3) as any).status, 'rejected');
      assert.equal((byId.get(3) as any).rejectReason, 'insults a person');
      assert.equal((byId.get(3) as any).seed, false);
      assert.equal(view.conversation.pending, 0);
    });

    test('translations by organisers, meta statements, closing and reopening', async () => {
      const id = await create({ seeds: seeds(['Schools must reopen for girls', 'This conversation is useful']) });
      const p = (await joinOpen(id)).browser;
      await org.ok('PUT', `/api/organiser/conversations/${id}/statements/0/translations`, { lang: 'fa-AF', text: 'مکتب‌ها باید برای دختران باز شوند' });
      await org.ok('PUT', `/api/organiser/conversations/${id}/statements/0/translations`, { lang: 'ps-AF', text: 'ښوونځي باید د نجونو لپاره پرانیستل شي' });
      let list = await p.ok('GET', `/api/conversations/${id}/statements`);
      assert.deepEqual(list[0].translations, { 'fa-AF': 'مکتب‌ها باید برای دختران باز شوند', 'ps-AF': 'ښوونځي باید د نجونو لپاره پرانیستل شي' });
      await org.ok('PUT', `/api/organiser/conversations/${id}/statements/0/translations`, { lang: 'ps-AF', text: '' });
      list = await p.ok('GET', `/api/conversations/${id}/statements`);
      assert.deepEqual(Object.keys(list[0].translations), ['fa-AF']);
      const same = await org.request('PUT', `/api/organiser/conversations/${id}/statements/0/translations`, { lang: 'en', text: 'Other words' });
      assert.equal(same.status, 400);
      const long = await org.request('PUT', `/api/organiser/conversations/${id}/statements/0/translations`, { lang: 'fa-AF', text: 'ب'.repeat(281) });
      assert.equal(long.status, 400);
      assert.match(long.json.error, /a translation has at most 280 characters/);

      await org.ok('POST', `/api/organiser/conversations/${id}/statements/1/moderation`, { action: 'meta' });
      list = await p.ok('GET', `/api/conversations/${id}/statements`);
      assert.equal(list[1].meta, true);

      await org.ok('POST', `/api/organiser/conversations/${id}/state`, { state: 'closed' });
      const closedVote = await p.request('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      assert.equal(closedVote.status, 409);
      assert.equal(closedVote.json.code, 'conversation-closed');
      assert.equal((await p.request('POST', `/api/conversations/${id}/statements`, { text: 'A new idea here', lang: 'en' })).status, 409);
      assert.equal((await new Browser(server.base, freshAddress()).request('POST', `/api/conversations/${id}/participants`, {})).status, 409);
      assert.equal(await count('votes', id), 0);
      assert.equal((await p.ok('GET', `/api/conversations/${id}`)).state, 'closed');
      await org.ok('POST', `/api/organiser/conversations/${id}/state`, { state: 'open' });
      await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
      assert.equal(await count('votes', id), 1);
      // leaving forgets this device; the vote stays
      await p.ok('DELETE', `/api/conversations/${id}/me`);
      assert.equal((await p.request('GET', `/api/conversations/${id}/me`)).status, 401);
      assert.equal(await count('votes', id), 1);
    });

    describe('analysis of two camps', () => {
      let id: string;
      let report: { analysis: AnalysisResult | null; statements: { id: number }[]; status: any; conversation: any };
      const campA: number[] = [];
      const campB: number[] = [];
      const CONSENSUS = 10;

      test('30 participants in two camps give two groups and a consensus statement', async () => {
        const texts = [
          ...Array.from({ length: 5 }, (_, i) => `Camp A proposal ${i}: ${'alpha '.repeat(i + 1)}`),
          ...Array.from({ length: 5 }, (_, i) => `Camp B proposal ${i}: ${'beta '.repeat(i + 1)}`),
          'Everyone wants peace and safety for their family',
          'The weather was discussed at length yesterday',
        ];
        id = await create({ access: 'code', seeds: seeds(texts) });
        const { codes } = await org.ok('POST', `/api/organiser/conversations/${id}/codes`, { count: 30 });
        // joined one after the other: who passes where (by the order of joining) is the same on every run.
        // Participant ids are random, so the analysis sees the rows in a random order, and
        // Polis's k-means starts from the first two distinct rows: when both are of one camp and
        // both camps spread the same way on a second axis, it can settle on a split across the
        // camps (14% of orders with passes spread in both camps; 0 of 1,000 with camp B alike)
        const people: { b: Browser; participant: number; camp: 'A' | 'B' }[] = [];
        for (const [i, code] of (codes as string[]).entries()) {
          const b = new Browser(server.base);
          const { participant } = await b.ok('POST', `/api/conversations/${id}/participants`, { code });
          people.push({ b, participant, camp: i % 2 === 0 ? 'A' : 'B' });
        }
        for (const p of people) (p.camp === 'A' ? campA : campB).push(p.participant);
        await Promise.all(
          people.map(async ({ b, camp }, i) => {
            for (let s = 0; s < 12; s++) {
              let vote: number;
              if (s < 5) vote = camp === 'A' ? 1 : -1;
              else if (s < 10) vote = camp === 'A' ? -1 : 1;
              else if (s === CONSENSUS) vote = 1;
              else vote = 0; // nobody cares about the weather: no second opinion axis
              if (camp === 'A' && s === i % 10) vote = 0; // everyone in camp A passes once
              await b.ok('POST', `/api/conversations/${id}/votes`, { statement: s, vote });
            }
          }),
        );
        await server.math!.idle();
        report = await new Browser(server.base).ok('GET', `/api/conversations/${id}/report`);
        const a = report.analysis!;
        assert.ok(a, 'an analysis exists');
        assert.equal(a.k, 2);
        assert.equal(a.nParticipants, 30);
        assert.equal(a.nVotes, 360);
        const groupsA = new Set(campA.map((p) => a.membership[String(p)]));
        const groupsB = new Set(campB.map((p) => a.membership[String(p)]));
        assert.equal(groupsA.size, 1, 'camp A is one group');
        assert.equal(groupsB.size, 1, 'camp B is one group');
        assert.notEqual([...groupsA][0], [...groupsB][0]);
        assert.ok(a.consensus.agree.some((c) => c.statement === CONSENSUS), `statement ${CONSENSUS} is a consensus: ${JSON.stringify(a.consensus)}`);
        assert.equal(a.groupInformedConsensus[0]!.statement, CONSENSUS);
        assert.equal(report.status.state, 'idle');
        assert.equal(report.status.votesIncluded, 360);
        assert.equal(report.status.votesTotal, 360);
        assert.ok(report.status.durationMs >= 0);
        assert.equal(report.conversation.analysedAt, report.status.analysedAt);
        assert.deepEqual(report.statements.map((s) => s.id), [...Array(12).keys()]);
      });

      test('rejecting a statement removes it from the analysis; meta statements are left out too', async () => {
        const before = report.status.analysedAt;
        await org.ok('POST', `/api/organiser/conversations/${id}/statements/0/moderation`, { action: 'reject', reason: 'duplicate of another statement' });
        await org.ok('POST', `/api/organiser/conversations/${id}/statements/11/moderation`, { action: 'meta' });
        await server.math!.idle();
        report = await new Browser(server.base).ok('GET', `/api/conversations/${id}/report`);
        const a = report.analysis!;
        assert.ok(report.status.analysedAt > before, 'recomputed');
        assert.ok(!report.statements.some((s) => s.id === 0), 'the rejected statement is not listed');
        assert.ok(!a.groupInformedConsensus.some((s) => s.statement === 0 || s.statement === 11));
        assert.ok(!(('0' as string) in a.priority), 'no routing priority for a rejected statement');
        assert.ok('11' in a.priority, 'meta statements keep a routing priority');
        for (const reps of Object.values(a.repness)) assert.ok(!reps.some((r) => r.statement === 0 || r.statement === 11));
        assert.ok(!a.consensus.agree.concat(a.consensus.disagree).some((c) => c.statement === 0 || c.statement === 11));
        assert.equal(a.k, 2);
      });

      test('recompute on request, and the organiser sees the math status', async () => {
        await org.ok('POST', `/api/organiser/conversations/${id}/recompute`);
        const queued = await org.ok('GET', `/api/organiser/conversations/${id}`);
        assert.ok(['queued', 'running', 'idle'].includes(queued.status.state));
        await server.math!.idle();
        const view = await org.ok('GET', `/api/organiser/conversations/${id}`);
        assert.equal(view.status.state, 'idle');
        assert.ok(view.status.analysedAt >= report.status.analysedAt);
      });

      test('routing: a new participant gets statements newer than the analysis first, then by priority', async () => {
        const { codes } = await org.ok('POST', `/api/organiser/conversations/${id}/codes`, { count: 1 });
        const b = new Browser(server.base);
        await b.ok('POST', `/api/conversations/${id}/participants`, { code: codes[0] });
        const analysed = (await b.ok('GET', `/api/conversations/${id}/report`)).analysis as AnalysisResult;
        const { id: fresh } = await org.ok('POST', `/api/organiser/conversations/${id}/statements`, { text: 'Statement written after the analysis', lang: 'en' });
        const first = await b.ok('GET', `/api/conversations/${id}/next`);
        assert.equal(first.statement.id, fresh);
        assert.equal(first.remaining, 12); // 13 approved, minus the rejected one
        await b.ok('POST', `/api/conversations/${id}/votes`, { statement: fresh, vote: 0 });
        const ranked = Object.entries(analysed.priority)
          .map(([sid, p]) => [Number(sid), p] as const)
          .sort((x, y) => y[1] - x[1] || x[0] - y[0]);
        const next = await b.ok('GET', `/api/conversations/${id}/next`);
        assert.equal(next.statement.id, ranked[0]![0], JSON.stringify(ranked));
        await server.math!.idle();
      });

      test('exports parse back as Polis files, with our groups', async () => {
        const anyone = new Browser(server.base);
        const comments = await anyone.request('GET', `/api/conversations/${id}/export/comments.csv`);
        assert.equal(comments.status, 200);
        assert.match(String(comments.headers['content-type']), /^text\/csv/);
        assert.match(String(comments.headers['content-disposition']), /^attachment; filename=".*comments\.csv"$/);
        assert.equal(comments.text.split('\n')[0], 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body');
        const pv = await anyone.request('GET', `/api/conversations/${id}/export/participants-votes.csv`);
        assert.ok(pv.text.startsWith('participant,group-id,n-comments,n-votes,n-agree,n-disagree,'), pv.text.slice(0, 80));
        assert.match(String(pv.headers['content-disposition']), /^attachment/);
        const votes = await anyone.request('GET', `/api/conversations/${id}/export/votes.csv`);
        assert.equal(votes.text.split('\n')[0], 'timestamp,datetime,comment-id,voter-id,vote');
        const parsed = parsePolisExport({ comments: comments.text, participantsVotes: pv.text, votes: votes.text });
        assert.equal(parsed.comments.length, 13);
        const rejected = parsed.comments.find((c) => c.id === 0)!;
        assert.equal(rejected.moderated, -1);
        assert.equal(rejected.text, '', 'the text of a rejected statement is not published');
        assert.equal(parsed.comments.find((c) => c.id === CONSENSUS)!.text, 'Everyone wants peace and safety for their family');
        assert.ok(parsed.comments.every((c) => c.authorId === null));
        assert.equal(parsed.participants.length, 31);
        const membership = (await anyone.ok('GET', `/api/conversations/${id}/report`)).analysis.membership;
        for (const p of parsed.participants) assert.equal(p.recordedGroup, membership[String(p.id)] ?? null);
        for (const p of [...campA, ...campB]) assert.equal(parsed.participants.find((x) => x.id === p)!.votes.size, 12);
        const dbVotes = await server.ctx.db.query<{ participant: number; statement: number; vote: number }>('SELECT participant, statement, vote FROM votes WHERE conversation_id = $1', [id]);
        assert.equal(parsed.votes!.length, dbVotes.length);
        for (const v of dbVotes) assert.equal(parsed.participants.find((p) => p.id === v.participant)!.votes.get(v.statement), v.vote);
        const agrees = dbVotes.filter((v) => v.statement === CONSENSUS && v.vote === 1).length;
        assert.equal(parsed.comments.find((c) => c.id === CONSENSUS)!.timestamp !== null, true);
        assert.match(comments.text, new RegExp(`,${CONSENSUS},,${agrees},0,1,Everyone wants peace`));
        const json = await anyone.request('GET', `/api/conversations/${id}/export/report.json`);
        assert.match(String(json.headers['content-disposition']), /^attachment; filename=".*report\.json"$/);
        assert.equal(json.json.analysis.k, 2);
      });
    });

    test('a Polis export imports as a closed conversation and round-trips', async () => {
      const imported = await org.ok('POST', `/api/organiser/conventions/${conventionId}/conversations/import`, {
        topic: { en: 'Imported from Polis' },
        comments: POLIS_COMMENTS,
        participantsVotes: POLIS_PARTICIPANTS,
        votes: POLIS_VOTES,
      });
      assert.deepEqual({ ...imported, id: undefined }, { id: undefined, statements: 3, participants: 3, votes: 6 });
      const id = imported.id;
      const view = await org.ok('GET', `/api/organiser/conversations/${id}`);
      assert.equal(view.conversation.state, 'closed');
      assert.equal(view.conversation.moderation, 'loose');
      assert.deepEqual(
        view.statements.map((s: any) => [s.id, s.status, s.rejectReason, s.lang]),
        [
          [0, 'approved', null, 'und'],
          [1, 'approved', null, 'und'],
          [2, 'rejected', 'moderated out in Polis', 'und'],
        ],
      );
      assert.equal(view.statements[1].text, 'Second statement, with a comma and "quotes"');
      assert.deepEqual(view.statements[1].counts, { agree: 1, disagree: 2, pass: 0 });
      const times = await server.ctx.db.query<{ participant: number; statement: number; t: string }>(
        "SELECT participant, statement, voted_on::text AS t FROM votes WHERE conversation_id = $1 ORDER BY participant, statement",
        [id],
      );
      // the day of each vote (2017-07-14, UTC) is all that is stored
      assert.deepEqual(times.map((r) => [r.participant, r.statement, r.t]), [
        [0, 0, '2017-07-14'],
        [0, 1, '2017-07-14'],
        [1, 0, '2017-07-14'],
        [1, 1, '2017-07-14'],
        [1, 2, '2017-07-14'],
        [3, 1, '2017-07-14'],
      ]);
      assert.equal((await new Browser(server.base, freshAddress()).request('POST', `/api/conversations/${id}/participants`, {})).status, 409);

      const exportOf = async (cid: string) => {
        const b = new Browser(server.base);
        return {
          comments: (await b.request('GET', `/api/conversations/${cid}/export/comments.csv`)).text,
          participantsVotes: (await b.request('GET', `/api/conversations/${cid}/export/participants-votes.csv`)).text,
          votes: (await b.request('GET', `/api/conversations/${cid}/export/votes.csv`)).text,
        };
      };
      const first = await exportOf(id);
      const parsed = parsePolisExport(first);
      const original = parsePolisExport({ comments: POLIS_COMMENTS, participantsVotes: POLIS_PARTICIPANTS, votes: POLIS_VOTES });
      // timestamps come out as the start of their day (UTC): the store keeps days only
      const DAY = 1499990400000; // 2017-07-14T00:00:00Z
      assert.deepEqual(parsed.comments.map((c) => [c.id, c.timestamp]).sort(), original.comments.map((c) => [c.id, DAY]).sort());
      for (const c of original.comments) {
        const ours = parsed.comments.find((x) => x.id === c.id)!;
        assert.equal(ours.moderated, c.moderated === -1 ? -1 : 1);
        assert.equal(ours.text, c.moderated === -1 ? '' : c.text);
      }
      assert.deepEqual(parsed.participants.map((p) => [p.id, [...p.votes].sort()]), original.participants.map((p) => [p.id, [...p.votes].sort()]));
      assert.deepEqual(
        parsed.votes!.map((v) => [v.timestamp, v.participant, v.statement, v.vote]),
        [
          [DAY, 0, 0, 1],
          [DAY, 0, 1, -1],
          [DAY, 1, 0, 1],
          [DAY, 1, 1, 1],
          [DAY, 1, 2, 1],
          [DAY, 3, 1, -1],
        ],
      );
      // our export imports again to the same files (up to group-id, which is our analysis, and
      // n-comments: a public export names no authors)
      const again = await org.ok('POST', `/api/organiser/conventions/${conventionId}/conversations/import`, { topic: { en: 'Again' }, ...first });
      const second = await exportOf(again.id);
      assert.equal(second.comments, first.comments);
      assert.equal(second.votes, first.votes);
      const dropGroup = (csv: string) => csv.split('\n').map((line) => line.split(',').filter((_, i) => i !== 1 && i !== 2).join(',')).join('\n');
      assert.equal(dropGroup(second.participantsVotes), dropGroup(first.participantsVotes));
    });

    test('a bad Polis export is refused with a message naming the file, and nothing is stored', async () => {
      const before = (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversations'))[0]!.n;
      const importing = (body: Record<string, unknown>) => org.request('POST', `/api/organiser/conventions/${conventionId}/conversations/import`, { topic: { en: 'Bad' }, comments: POLIS_COMMENTS, participantsVotes: POLIS_PARTICIPANTS, ...body });
      let r = await importing({ comments: 'id,text\n1,hello\n' });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /comments\.csv has no "comment-id" column/);
      r = await importing({ participantsVotes: 'participant,group-id,0,1,7\n1,,1,1,1\n' });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /participants-votes\.csv has a column for comment 7/);
      r = await importing({ votes: 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,yes\n' });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /votes\.csv, line 2/);
      r = await importing({ comments: undefined });
      assert.equal(r.status, 400);
      assert.match(r.json.error, /comments/);
      assert.equal((await new Browser(server.base).request('POST', `/api/organiser/conventions/${conventionId}/conversations/import`, { topic: { en: 'x' }, comments: POLIS_COMMENTS, participantsVotes: POLIS_PARTICIPANTS })).status, 401);
      assert.equal((await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversations'))[0]!.n, before);
    });

    const REAL = polisFolder(UBI);
    test('a real Polis export (scoop-hivemind.ubi) imports and is analysed', async () => {
      const files = {
        comments: readFileSync(join(REAL, 'comments.csv'), 'utf8'),
        participantsVotes: readFileSync(join(REAL, 'participants-votes.csv'), 'utf8'),
        votes: readFileSync(join(REAL, 'votes.csv'), 'utf8'),
      };
      const original = parsePolisExport(files);
      const r = await org.ok('POST', `/api/organiser/conventions/${conventionId}/conversations/import`, { topic: { en: 'UBI (Scoop HiveMind)' }, ...files });
      assert.equal(r.statements, original.comments.length);
      const matrixVotes = original.participants.reduce((n, p) => n + p.votes.size, 0);
      assert.ok(r.votes >= matrixVotes);
      await server.math!.idle();
      const report = await new Browser(server.base).ok('GET', `/api/conversations/${r.id}/report`);
      assert.ok(report.analysis.k >= 2, `k = ${report.analysis.k}`);
      assert.equal(report.analysis.nVotes, r.votes);
      assert.equal(report.status.state, 'idle');
    });
  });
}

describe('math runner failures', () => {
  let server: TestServer;
  before(async () => {
    // every run "times out" at once: the failure is stored and retried later, not in a loop
    server = await startTestServer('pglite', { math: { timeoutMs: 1, minIntervalMs: 0, intervalMs: 50, backoffMs: 60_000 }, deliberation: { limits: { limitLoopbackAddresses: true } } });
  });
  after(async () => server?.stop());

  test('a failed analysis is stored, shown as failed, backed off, and votes still work', async () => {
    const org = new Browser(server.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const convention = (await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Failures' }, description: {} })).id;
    const { id } = await org.ok('POST', `/api/organiser/conventions/${convention}/conversations`, { topic: { en: 'x' }, access: 'open', moderation: 'loose', seeds: [{ text: 'One statement', lang: 'en' }, { text: 'Another statement', lang: 'en' }] });
    const p = new Browser(server.base, freshAddress());
    await p.ok('POST', `/api/conversations/${id}/participants`, {});
    await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 0, vote: 1 });
    await server.math!.idle();
    const view = await org.ok('GET', `/api/organiser/conversations/${id}`);
    assert.equal(view.status.state, 'failed');
    assert.match(view.status.error, /took longer than/);
    const [row] = await server.ctx.db.query<{ failures: number; retry: Date }>('SELECT analysis_failures AS failures, analysis_retry_at AS retry FROM conversations WHERE id = $1', [id]);
    assert.equal(row!.failures, 1, 'one try, then a back-off');
    assert.ok(new Date(row!.retry).getTime() > Date.now() + 30_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await server.ctx.db.query<{ failures: number }>('SELECT analysis_failures AS failures FROM conversations WHERE id = $1', [id]))[0]!.failures, 1, 'no retry loop');
    // nothing accepted is lost, and voting goes on
    const next = await p.ok('POST', `/api/conversations/${id}/votes`, { statement: 1, vote: -1 });
    assert.equal(next.next.voted, 2);
    assert.equal((await p.ok('GET', `/api/conversations/${id}/report`)).analysis, null);
  });
});
