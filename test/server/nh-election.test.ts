// An election with ranked and graded questions (Belenios's non-homomorphic questions,
// issue 19) over HTTP, on PGlite and on Postgres: one question answered by choosing, an
// STV question (2 seats of 4), a Schulze question and a majority-judgment question;
// group RFC-3526-2048; ballots with a re-vote; closing makes the encrypted tally and the
// server's shuffle (no decryption yet); each trustee shuffles in turn through its link
// (out of turn: 409; a tampered proof: 400, nothing appended); after the last shuffle the
// server decrypts its share of the shuffled tally; the trustees decrypt; the result holds
// each ballot's decrypted vector, the archive passes belenios-tool and jirga verify, and
// the public view's ranked and graded ballots are the plaintexts cast (a multiset).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeText, writeJson, writeShuffle, zShuffle } from '../../src/protocol/codec.ts';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { stv } from '../../src/protocol/methods/index.ts';
import { closeOverHttp, ballotFor, Client, decryptOverHttp, openElectionOverHttp, shuffleOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';
import { beleniosVerify, jirga, tempDir } from '../helpers/tools.ts';
import { closeVoting } from '../../src/services/elections/elections.ts';
import { CLOSE_QUEUE } from '../../src/services/elections/closer.ts';
import { serverShuffle } from '../../src/services/elections/shuffling.ts';

const en = (text: string) => ({ en: text });

const CANDIDATES = [{ gender: 'woman', ethnicity: 'hazara' }, { gender: 'man', ethnicity: 'pashtun' }, { gender: 'woman', ethnicity: 'tajik' }, { gender: 'man', ethnicity: 'uzbek' }];

function nhDraft(trustees: { count: number; threshold: number | null }): ElectionDraft {
  return {
    name: en('Convention: delegates and the future'),
    description: en('Ranked and graded questions'),
    questions: [
      { kind: 'choose', question: en('Hold the convention in Kabul?'), answers: [en('Yes'), en('No')], min: 1, max: 1, blank: false },
      {
        kind: 'ranked',
        method: 'stv',
        seats: 2,
        question: en('Delegates'),
        answers: [en('Aziza'), en('Bashir'), en('Farida'), en('Jawad')],
        blank: false,
        // public descriptions, for the delegation rules (the convention's composition page)
        candidates: CANDIDATES,
      },
      { kind: 'ranked', method: 'schulze', question: en('Form of government'), answers: [en('Federal'), en('Parliamentary'), en('Council')], blank: false },
      { kind: 'graded', question: en('Grade the plans'), answers: [en('Plan A'), en('Plan B')], grades: [en('Good'), en('Fair'), en('Poor')], blank: false },
    ],
    opensAt: null,
    closesAt: null,
    trustees,
  } as ElectionDraft;
}

// one plaintext per ballot: [choose], [STV ranks, 0 unranked], [Schulze ranks], [grades 1 best]
const BALLOTS: { voter: number; plaintext: number[][] }[] = [
  { voter: 0, plaintext: [[1, 0], [1, 2, 0, 0], [1, 2, 3], [1, 3]] },
  { voter: 1, plaintext: [[0, 1], [0, 1, 2, 3], [2, 1, 3], [2, 2]] },
  { voter: 2, plaintext: [[1, 0], [2, 0, 1, 0], [3, 1, 2], [1, 1]] },
  { voter: 3, plaintext: [[1, 0], [1, 0, 0, 2], [1, 3, 2], [3, 2]] },
  // voter 1 votes again: only this one counts
  { voter: 1, plaintext: [[1, 0], [0, 0, 1, 2], [2, 3, 1], [3, 1]] },
];

const counted = () => {
  const last = new Map<number, number[][]>();
  for (const b of BALLOTS) last.set(b.voter, b.plaintext);
  return [...last.values()];
};
const sorted = (vs: number[][]) => vs.map((v) => JSON.stringify(v)).sort();

/** An open election of nhDraft(trustees) with the first `ballots` of BALLOTS cast (each voter once). */
async function electionWithBallots(client: Client, ballots: number, trustees: { count: number; threshold: null }): Promise<OpenElection> {
  const e = await openElectionOverHttp(client, { voters: ballots, password: ORGANISER_PASSWORD, draft: nhDraft(trustees) });
  for (const b of BALLOTS.slice(0, ballots)) assert.equal((await client.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, b.voter, b.plaintext))).status, 200);
  return e;
}

async function nhElectionFlow(kind: DbKind, trustees: { count: number; threshold: number | null }) {
  let server: TestServer;
  let client: Client;
  let e: OpenElection;
  const path = (p: string) => `/api/elections/${e.uuid}${p}`;
  const organiser = (p: string) => `/api/organiser/elections/${e.uuid}${p}`;
  const records = async () => (await client.ok('GET', path('/records'))).records as { kind: string; text: string }[];
  const eventTypes = async () => (await records()).filter((r) => r.kind === 'event').map((r) => JSON.parse(r.text).type as string);

  before(async () => {
    server = await startTestServer(kind);
    client = new Client(server.base);
    e = await openElectionOverHttp(client, { voters: 5, password: ORGANISER_PASSWORD, draft: nhDraft(trustees) });
  });
  after(() => server?.stop());

  test('the election uses group RFC-3526-2048 and carries its ranked and graded questions with their methods', async () => {
    assert.equal(e.ctx.group.name, 'RFC-3526-2048');
    const view = await client.ok('GET', path(''));
    assert.equal(view.questions.length, 1);
    assert.deepEqual(view.nhQuestions.map((q: { position: number; method: unknown }) => [q.position, q.method]), [
      [1, { kind: 'stv', seats: 2 }],
      [2, { kind: 'schulze', blank: false }],
      [3, { kind: 'majority-judgment', grades: [{ en: 'Good' }, { en: 'Fair' }, { en: 'Poor' }], blank: false }],
    ]);
    assert.equal(view.nhQuestions[0].answers[2].en, 'Farida');
  });

  test('ballots with ranked and graded answers are cast, a re-vote replaces the first', async () => {
    for (const [i, b] of BALLOTS.entries()) {
      const r = await client.request('POST', path('/ballots'), ballotFor(e, b.voter, b.plaintext));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.replaced, i === 4);
    }
  });

  test('closing: the encrypted tally and the server’s shuffle, no decryption before the shuffles', async () => {
    await client.ok('POST', organiser('/close'));
    assert.deepEqual((await eventTypes()).slice(-3), ['EndBallots', 'EncryptedTally', 'Shuffle']);
    const view = await client.ok('GET', organiser(''));
    assert.equal(view.state, 'closed');
    assert.equal(view.shuffles.length, 1);
    assert.equal(view.shuffles[0].trustee, 0);
    assert.equal(view.setup.shuffleTurn, 1);
    // decrypting now is refused: the election is not at that phase
    const task = await client.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': e.trusteeTokens[0]! });
    assert.equal(task.step, 'shuffle');
    const r = await client.request('POST', '/api/trustee/partial-decryption', { value: '{"decryption_factors":[],"decryption_proofs":[]}' }, { 'x-jirga-token': e.trusteeTokens[0]! });
    assert.equal(r.status, 409, r.text);
  });

  test('out of turn: trustee 2 cannot shuffle before trustee 1 (409)', async () => {
    const second = await client.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': e.trusteeTokens[1]! });
    assert.equal(second.step, 'wait-to-shuffle');
    assert.equal(second.shuffleTurn, 1);
    // a valid shuffle computed from what trustee 1 was given, sent by trustee 2
    const first = await client.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': e.trusteeTokens[0]! });
    const { trusteeShuffle } = await import('../../src/trustee/client.ts');
    const r = await client.request('POST', '/api/trustee/shuffle', { value: trusteeShuffle(first) }, { 'x-jirga-token': e.trusteeTokens[1]! });
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.error, /turn/);
  });

  test('a tampered shuffle proof is refused with the reason (400), and nothing is appended', async () => {
    const before = (await records()).length;
    const headers = { 'x-jirga-token': e.trusteeTokens[0]! };
    const task = await client.ok('GET', '/api/trustee', undefined, headers);
    const { trusteeShuffle } = await import('../../src/trustee/client.ts');
    const shuffle = decodeText(zShuffle, trusteeShuffle(task), 'shuffle');
    shuffle.proofs[0]!.s.s1 = (shuffle.proofs[0]!.s.s1 + 1n) % e.ctx.group.q;
    const r = await client.request('POST', '/api/trustee/shuffle', { value: writeJson(writeShuffle(shuffle)) }, headers);
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error, /does not verify.*t1/);
    assert.equal((await records()).length, before);
    // garbage is refused too
    assert.equal((await client.request('POST', '/api/trustee/shuffle', { value: '{"ciphertexts":1}' }, headers)).status, 400);
  });

  test('each trustee shuffles in turn; after the last, EndShuffles and the server’s decryption', async () => {
    const fingerprints: string[] = [];
    for (let i = 0; i < trustees.count; i++) {
      const r = await shuffleOverHttp(client, e, i);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.ended, i === trustees.count - 1);
      fingerprints.push(r.json.fingerprint);
      // a second shuffle by the same trustee is refused
      if (i < trustees.count - 1) {
        const again = await client.request('POST', '/api/trustee/shuffle', { value: '{"ciphertexts":[],"proofs":[]}' }, { 'x-jirga-token': e.trusteeTokens[i]! });
        assert.equal(again.status, 409, again.text);
      }
    }
    const types = await eventTypes();
    assert.deepEqual(types.slice(-(trustees.count + 4)), ['EncryptedTally', 'Shuffle', ...fingerprints.map(() => 'Shuffle'), 'EndShuffles', 'PartialDecryption']);
    // the views say who shuffled from the small owned records: never the board's tally phase
    // whole, whose shuffles hold a few KB a ballot each (read and decoded at every page view before)
    const db = server.ctx.db as unknown as { query: (sql: string, params?: unknown[]) => Promise<unknown[]> };
    const real = db.query;
    const whole: string[] = [];
    db.query = (sql, params) => {
      if (/FROM records WHERE election_uuid = \$1 AND seq > \$2 ORDER BY seq$/.test(sql.trim())) whole.push(sql);
      return real.call(db, sql, params);
    };
    let view;
    try {
      view = await client.ok('GET', path(''));
      await client.ok('GET', organiser(''));
      await client.ok('GET', '/api/elections');
    } finally {
      db.query = real;
    }
    assert.deepEqual(whole, [], 'no view read the tally phase whole');
    assert.equal(view.state, 'tallied');
    assert.deepEqual(view.shuffles.slice(1), fingerprints.map((fingerprint, i) => ({ trustee: i + 1, fingerprint })));
    const setup = (await client.ok('GET', organiser(''))).setup;
    assert.equal(setup.decryptions, 0, 'no trustee has decrypted yet (the server\'s own is not counted)');
    const task = await client.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': e.trusteeTokens[0]! });
    assert.equal(task.step, 'decrypt');
    assert.equal(task.shuffleFingerprint, fingerprints[0]);
  });

  test('the trustees decrypt the shuffled tally and the result is published', async () => {
    const needed = trustees.threshold ?? trustees.count;
    for (let i = 0; i < needed; i++) {
      const r = await decryptOverHttp(client, e, i);
      assert.equal(r.published, i === needed - 1);
    }
    assert.equal((await eventTypes()).at(-1), 'Result');
  });

  test('the public view: the choose totals as before, each ranked and graded question’s ballots are the plaintexts cast', async () => {
    const view = await client.ok('GET', path(''));
    assert.equal(view.state, 'published');
    const cast = counted();
    assert.deepEqual(view.result, [[String(cast.filter((p) => p[0]![0] === 1).length), String(cast.filter((p) => p[0]![1] === 1).length)]]);
    for (const q of view.nhQuestions as { position: number; ballots: number[][] }[]) {
      assert.deepEqual(sorted(q.ballots), sorted(cast.map((p) => p[q.position]!)), `question ${q.position + 1}`);
    }
  });

  test('the delegates elected by STV are checked against the convention’s delegation rules, with the numbers', async () => {
    const { conventionId } = await client.ok('GET', organiser(''));
    await client.ok('PUT', `/api/organiser/conventions/${conventionId}/rules`, {
      rules: [
        { kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 },
        { kind: 'all-present', dimension: 'ethnicity', categories: ['pashtun', 'tajik', 'hazara', 'uzbek'] },
      ],
    });
    const composition = await client.ok('GET', `/api/conventions/${conventionId}/composition`);
    const { winners } = stv(counted().map((p) => p[1]!), 2);
    assert.equal(winners.length, 2);
    const [elected] = composition.elected as { question: number; seats: number; candidates: { index: number; description: Record<string, string> }[]; rules: { pass: boolean; detail: unknown }[] }[];
    assert.equal(elected?.question, 2);
    assert.deepEqual(elected.candidates.map((c) => c.index), winners);
    assert.deepEqual(elected.candidates.map((c) => c.description), winners.map((w) => CANDIDATES[w]));
    const women = winners.filter((w) => CANDIDATES[w]!.gender === 'woman').length;
    assert.deepEqual(elected.rules[0], { rule: { kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 }, pass: women >= 1, detail: { count: women, total: 2, share: women / 2 } });
    assert.equal(elected.rules[1]!.pass, false, 'two delegates cannot cover four groups');
  });

  test('the archive passes belenios-tool election verify and jirga verify', async () => {
    const bytes = Buffer.from(await (await fetch(server.base + path('/archive.bel'))).arrayBuffer());
    const theirs = beleniosVerify(bytes);
    assert.equal(theirs.code, 0, `belenios-tool: ${theirs.stdout}${theirs.stderr}`);
    const dir = tempDir();
    const file = join(dir, `${e.uuid}.bel`);
    writeFileSync(file, bytes);
    const ours = jirga(['verify', file]);
    assert.equal(ours.code, 0, ours.stdout + ours.stderr);
    assert.match(ours.stdout, /valid/);
  });
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`an election with ranked and graded questions on ${kind}: two basic trustees`, () => nhElectionFlow(kind, { count: 2, threshold: null }));
}
describe('an election with ranked and graded questions on pglite: threshold trustees, 2 of 3', () => nhElectionFlow('pglite', { count: 3, threshold: 2 }));

describe('weighted credentials with ranked or graded questions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(() => server?.stop());

  test('are refused at setup with a clear message (Belenios does not allow weights with them); the same list without weights is accepted', async () => {
    const client = new Client(server.base);
    await client.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const { id } = await client.ok('POST', '/api/organiser/conventions', { title: en('C'), description: en('D') });
    const { uuid } = await client.ok('POST', `/api/organiser/conventions/${id}/elections`, nhDraft({ count: 1, threshold: null }));
    const links = await client.ok('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true });
    const headers = { 'x-jirga-token': links.credentialAuthority };
    const task = await client.ok('GET', '/api/credential-authority', undefined, headers);
    assert.equal(task.group, 'RFC-3526-2048');
    const trustee = await client.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': links.trustees[0] });
    assert.equal(trustee.group, 'RFC-3526-2048');
    const { generateCredentials, parseVoterLine } = await import('../../src/protocol/credentials.ts');
    const { getGroup } = await import('../../src/protocol/groups/index.ts');
    const weighted = generateCredentials(getGroup('RFC-3526-2048'), uuid, [parseVoterLine('a,a,2'), parseVoterLine('b,b,1')]);
    assert.ok(weighted.publicCredentials.some((c) => c.endsWith(',2')), 'the list carries a weight');
    const r = await client.request('POST', '/api/credential-authority/credentials', { credentials: weighted.publicCredentials }, headers);
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error, /ranked or graded questions.*weights/);
    const plain = generateCredentials(getGroup('RFC-3526-2048'), uuid, [parseVoterLine('a'), parseVoterLine('b')]);
    assert.equal((await client.request('POST', '/api/credential-authority/credentials', { credentials: plain.publicCredentials }, headers)).status, 200);
  });

  test('an election without ranked or graded questions keeps BELENIOS-2048', async () => {
    const client = new Client(server.base);
    const e = await openElectionOverHttp(client, { voters: 1, password: ORGANISER_PASSWORD, draft: { ...nhDraft({ count: 1, threshold: null }), questions: [nhDraft({ count: 1, threshold: null }).questions[0]!] } });
    assert.equal(e.ctx.group.name, 'BELENIOS-2048');
  });
});

describe('the organiser skips a trustee at the shuffles (pglite)', () => {
  let server: TestServer;
  let client: Client;
  let e: OpenElection;
  before(async () => {
    server = await startTestServer('pglite');
    client = new Client(server.base);
    e = await electionWithBallots(client, 3, { count: 2, threshold: null });
    await closeOverHttp(client, e.uuid);
  });
  after(() => server?.stop());
  const skip = (trustee: number) => client.request('POST', `/api/organiser/elections/${e.uuid}/shuffles/skip`, { trustee });

  test('only the trustee whose turn it is can be skipped, never so that no trustee shuffles; the skip is in the history', async () => {
    assert.equal((await skip(2)).status, 409);
    assert.equal((await skip(0)).status, 400);
    const first = await skip(1);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.ended, false);
    const view = await client.ok('GET', `/api/organiser/elections/${e.uuid}`);
    assert.equal(view.setup.shuffleTurn, 2);
    assert.ok(view.setup.history.some((h: { event: string; trustee: number }) => h.event === 'shuffle-skipped' && h.trustee === 1));
    // trustee 1 can no longer shuffle; trustee 2, the last, cannot be skipped: no trustee would have shuffled
    assert.equal((await client.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': e.trusteeTokens[0]! })).step, 'wait-to-shuffle');
    const last = await skip(2);
    assert.equal(last.status, 409);
    assert.match(last.json.error, /at least one trustee must shuffle/);
  });

  test('the remaining trustee shuffles, the shuffles end, the result is published and verifies', async () => {
    const r = await shuffleOverHttp(client, e, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.ended, true);
    await decryptOverHttp(client, e, 0);
    assert.equal((await decryptOverHttp(client, e, 1)).published, true);
    const view = await client.ok('GET', `/api/elections/${e.uuid}`);
    assert.deepEqual(view.shuffles.map((s: { trustee: number }) => s.trustee), [0, 2]);
    const cast = BALLOTS.slice(0, 3).map((b) => b.plaintext);
    for (const q of view.nhQuestions as { position: number; ballots: number[][] }[]) assert.deepEqual(sorted(q.ballots), sorted(cast.map((p) => p[q.position]!)));
    const bytes = Buffer.from(await (await fetch(`${server.base}/api/elections/${e.uuid}/archive.bel`)).arrayBuffer());
    const theirs = beleniosVerify(bytes);
    assert.equal(theirs.code, 0, theirs.stdout + theirs.stderr);
  });
});

describe('the server\'s shuffle comes after closing, outside its transaction (pglite)', () => {
  // at closing the server shuffles the ranked and graded answers in a worker thread, after
  // the transaction that ends voting and appends the encrypted tally: a process that dies
  // between the two leaves the election closed without that shuffle, and its close job,
  // retried by the queue, does it — once, however many jobs run
  let server: TestServer;
  let client: Client;
  let e: OpenElection;
  before(async () => {
    server = await startTestServer('pglite');
    client = new Client(server.base);
    e = await electionWithBallots(client, 3, { count: 1, threshold: null });
  });
  after(() => server?.stop());
  const events = async (uuid = e.uuid) => ((await client.ok('GET', `/api/elections/${uuid}/records`)).records as { kind: string; text: string }[]).filter((r) => r.kind === 'event').map((r) => JSON.parse(r.text).type as string);

  test('closed without the server\'s shuffle (its process died): nothing to shuffle or decrypt yet', async () => {
    assert.deepEqual(await closeVoting(server.ctx, e.uuid), { closed: true, shuffleNext: true });
    assert.deepEqual((await events()).slice(-2), ['EndBallots', 'EncryptedTally']);
    assert.equal((await client.ok('GET', `/api/organiser/elections/${e.uuid}`)).state, 'closed');
    const trustee = { 'x-jirga-token': e.trusteeTokens[0]! };
    const shuffle = await client.request('POST', '/api/trustee/shuffle', { value: '{"ciphertexts":[],"proofs":[]}' }, trustee);
    assert.equal(shuffle.status, 409, shuffle.text);
    const pd = await client.request('POST', '/api/trustee/partial-decryption', { value: '{"decryption_factors":[],"decryption_proofs":[]}' }, trustee);
    assert.equal(pd.status, 409, pd.text);
  });

  test('the retried close job appends the server\'s shuffle; more jobs and calls at once add none', async () => {
    await server.queue.send(CLOSE_QUEUE, e.uuid);
    server.queue.wake(CLOSE_QUEUE);
    for (const end = Date.now() + 60_000; !(await events()).includes('Shuffle'); await new Promise((r) => setTimeout(r, 200))) {
      assert.ok(Date.now() < end, 'the close job did not shuffle within 60 s');
    }
    const again = await Promise.all([serverShuffle(server.ctx, e.uuid), serverShuffle(server.ctx, e.uuid)]);
    assert.deepEqual(again, [false, false]);
    assert.equal((await events()).filter((t) => t === 'Shuffle').length, 1);
    const view = await client.ok('GET', `/api/organiser/elections/${e.uuid}`);
    assert.deepEqual(view.shuffles.map((s: { trustee: number }) => s.trustee), [0]);
    assert.equal(view.setup.shuffleTurn, 1);
  });

  test('two shuffles computed at once (two processes): one is appended, the other dropped', async () => {
    const other = await electionWithBallots(client, 2, { count: 1, threshold: null });
    await closeVoting(server.ctx, other.uuid);
    const appended = await Promise.all([serverShuffle(server.ctx, other.uuid), serverShuffle(server.ctx, other.uuid)]);
    assert.deepEqual(appended.sort(), [false, true]);
    assert.equal((await events(other.uuid)).filter((t) => t === 'Shuffle').length, 1);
    // the remaining trustee shuffles that one and the election goes on to its result
    const r = await shuffleOverHttp(client, other, 0);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.ended, true);
    assert.equal((await decryptOverHttp(client, other, 0)).published, true);
  });
});
