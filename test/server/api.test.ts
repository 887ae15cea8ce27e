// The server's API, on PGlite and on the machine's Postgres: a whole election over
// HTTP, the archive accepted by belenios-tool at every stage, and bad input
// answered with a clear 4xx while nothing is recorded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, writeBallot, writeJson, zBallot, type BallotH } from '../../src/protocol/codec.ts';
import { signBallot } from '../../src/protocol/ballot.ts';
import { deriveCredentialSecret, generateSecretCredential } from '../../src/protocol/credentials.ts';
import { closeOverHttp, ballotFor, Client, decryptOverHttp, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';
import { belenios, beleniosVerify, jirga, lastLine, tempDir } from '../helpers/tools.ts';

async function archive(client: Client, uuid: string): Promise<Uint8Array> {
  const r = await fetch(`${client.base}/api/elections/${uuid}/archive.bel`);
  assert.equal(r.status, 200);
  return new Uint8Array(await r.arrayBuffer());
}

function assertBeleniosAccepts(bytes: Uint8Array, stage: string) {
  const r = beleniosVerify(bytes);
  assert.equal(r.code, 0, `belenios-tool verify at stage ${stage}: ${r.stderr}${r.stdout}`);
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`server API on ${kind}`, () => {
    let server: TestServer;
    let client: Client;
    let e: OpenElection;
    let other: OpenElection;
    const votes: number[][][] = [
      [[1, 0, 0], [0, 1, 0, 0]],
      [[0, 1, 0], [0, 0, 1, 1]],
      [[0, 0, 1], [1, 0, 0, 0]],
      [[1, 0, 0], [0, 1, 1, 0]],
    ];
    const revote = [[0, 0, 1], [0, 0, 0, 1]];

    before(async () => {
      server = await startTestServer(kind);
      client = new Client(server.base);
      e = await openElectionOverHttp(client, { voters: 5, password: ORGANISER_PASSWORD });
      other = await openElectionOverHttp(client, { voters: 2, password: ORGANISER_PASSWORD });
    });
    after(async () => server?.stop());

    const count = async () => (await client.ok('GET', `/api/elections/${e.uuid}`)).counts.ballots as number;
    const cast = (text: string) => client.request('POST', `/api/elections/${e.uuid}/ballots`, text);

    test('health and the list of elections', async () => {
      const h = await client.request('GET', '/healthz');
      assert.equal(h.status, 200);
      assert.deepEqual(h.json, { status: 'ok' });
      const list = await client.ok('GET', '/api/elections');
      assert.deepEqual(list.find((x: { uuid: string }) => x.uuid === e.uuid), { uuid: e.uuid, name: 'Test vote', state: 'open' });
    });

    test('the archive of an open election passes belenios-tool verify', async () => {
      assertBeleniosAccepts(await archive(client, e.uuid), 'open');
    });

    test('voters cast ballots and get their tracker; a re-vote replaces the earlier ballot', async () => {
      for (const [i, v] of votes.entries()) {
        const r = await cast(ballotFor(e, i, v));
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.replaced, false);
        assert.match(r.json.tracker, /^[A-Za-z0-9+/]{43}$/);
      }
      const again = await cast(ballotFor(e, 0, revote));
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.replaced, true);
      const box = await client.ok('GET', `/api/elections/${e.uuid}/ballots`);
      assert.equal(box.length, 5);
      assert.equal(box.filter((b: { counted: boolean }) => b.counted).length, 4);
      const tracked = await client.ok('GET', `/api/elections/${e.uuid}/ballot?tracker=${encodeURIComponent(again.json.tracker)}`);
      assert.equal(tracked.counted, true);
      // every tracker's look-up agrees with the ballot box: the replaced one is there and does not count
      for (const b of box as { tracker: string; counted: boolean }[]) {
        assert.equal((await client.ok('GET', `/api/elections/${e.uuid}/ballot?tracker=${encodeURIComponent(b.tracker)}`)).counted, b.counted, b.tracker);
      }
      assert.equal((box as { counted: boolean }[]).filter((b) => !b.counted).length, 1, 'the replaced ballot');
      assertBeleniosAccepts(await archive(client, e.uuid), 'ballots cast');
    });

    test('bad input gets a clear 4xx and records nothing', async () => {
      const before = await count();
      const expect = async (r: { status: number; json: any; text: string }, status: number, message: RegExp, code?: string) => {
        assert.equal(r.status, status, r.text);
        assert.match(r.json.error, message);
        if (code) assert.equal(r.json.code, code);
        assert.equal(await count(), before, 'nothing recorded');
      };
      // a credential that is not on the list
      const stranger = { ...e, credentials: [generateSecretCredential()] };
      await expect(await cast(ballotFor(stranger, 0, votes[0]!)), 403, /not on the list/, 'unknown-credential');
      // a ballot made for another election
      await expect(await cast(ballotFor(other, 0, votes[0]!)), 400, /ballot is for election/, 'invalid-ballot');
      // the same ballot sent again (a retry after a lost reply): recognised, answered as cast, recorded once
      const text = ballotFor(e, 4, votes[1]!);
      const first = await cast(text);
      assert.equal(first.status, 200);
      assert.equal(first.json.alreadyRecorded, false);
      const withIt = await count();
      const retry = await cast(text);
      assert.equal(retry.status, 200, retry.text);
      assert.deepEqual(retry.json, { ...first.json, alreadyRecorded: true });
      assert.equal(await count(), withIt, 'the retry added nothing');
      // once the same credential cast a newer ballot, a copy of the older one is a replay: refused
      const newer = await cast(ballotFor(e, 4, votes[1]!)); // same choice, new encryption: the result below is unchanged
      assert.equal(newer.status, 200, newer.text);
      assert.equal(newer.json.replaced, true);
      const withNewer = await count();
      const replay = await cast(text);
      assert.equal(replay.status, 409, replay.text);
      assert.equal(replay.json.code, 'replayed-ballot');
      assert.equal(await count(), withNewer);
      const box = await client.ok('GET', `/api/elections/${e.uuid}/ballots`);
      assert.equal(box.find((b: { tracker: string }) => b.tracker === first.json.tracker).counted, false, 'the replay did not bring the old ballot back');
      const base = withNewer;
      const expectNow = async (r: { status: number; json: any; text: string }, status: number, message: RegExp) => {
        assert.equal(r.status, status, r.text);
        assert.match(r.json.error, message);
        assert.equal(await count(), base, 'nothing recorded');
      };
      // malformed JSON, wrong shape, empty body, oversized body
      await expectNow(await cast('{"election_uuid": '), 400, /malformed ballot: .*not valid JSON/);
      await expectNow(await cast('{"hello":"world"}'), 400, /malformed ballot/);
      await expectNow(await client.request('POST', `/api/elections/${e.uuid}/ballots`, '', { 'content-type': 'application/json' }), 400, /send the ballot JSON/);
      await expectNow(await cast('{"x":"' + 'a'.repeat(600 * 1024) + '"}'), 413, /too large/);
      // a proof altered, re-signed by the voter: the server checks proofs too
      const b = decodeText(zBallot, ballotFor(e, 2, votes[2]!), 'ballot') as BallotH;
      b.answers[0]!.overall_proof[0]!.response = (b.answers[0]!.overall_proof[0]!.response + 1n) % e.ctx.group.q;
      const resigned = writeJson(writeBallot(signBallot(e.ctx, b, deriveCredentialSecret(e.ctx.group, e.uuid, e.credentials[2]!))));
      await expectNow(await cast(resigned), 400, /invalid ballot: question 1: the proof that the number of selected answers/);
      // an unknown election
      const unknown = await client.request('POST', '/api/elections/NoSuchElection1/ballots', text);
      assert.equal(unknown.status, 404);
    });

    test('organiser actions need a session', async () => {
      const anonymous = new Client(server.base);
      const r = await anonymous.request('POST', `/api/organiser/elections/${e.uuid}/close`);
      assert.equal(r.status, 401);
      assert.equal((await client.ok('GET', `/api/elections/${e.uuid}`)).state, 'open');
      const wrong = await anonymous.request('POST', '/api/session', { username: 'organiser', password: 'not the password' });
      assert.equal(wrong.status, 401);
      const invalid = await anonymous.request('POST', '/api/organiser/conventions', '{not json');
      assert.ok([400, 401].includes(invalid.status));
    });

    test('close, decrypt with 2 of 3 trustees, publish: the result is right and both verifiers agree', async () => {
      await closeOverHttp(client, e.uuid);
      const closed = await client.request('POST', `/api/elections/${e.uuid}/ballots`, ballotFor(e, 3, votes[3]!));
      assert.equal(closed.status, 409);
      assert.equal(closed.json.code, 'voting-closed');
      assertBeleniosAccepts(await archive(client, e.uuid), 'tallied');
      assert.equal((await decryptOverHttp(client, e, 0)).published, false);
      const dup = await client.request('POST', '/api/trustee/partial-decryption', { value: '{}' }, { 'x-jirga-token': e.trusteeTokens[0]! });
      assert.equal(dup.status, 400);
      assertBeleniosAccepts(await archive(client, e.uuid), 'one trustee decrypted');
      assert.equal((await decryptOverHttp(client, e, 2)).published, true);
      const view = await client.ok('GET', `/api/elections/${e.uuid}`);
      assert.equal(view.state, 'published');
      // the last ballot of each voter counts: voter 0 re-voted; voter 4 voted once
      const last = [revote, votes[1]!, votes[2]!, votes[3]!, votes[1]!];
      const expected = [0, 1].map((q) => last.reduce((sum, v) => sum.map((x, j) => x + v[q]![j]!), new Array(last[0]![q]!.length).fill(0)));
      assert.deepEqual(view.result, expected.map((q) => q.map(String)));
      const bytes = await archive(client, e.uuid);
      assertBeleniosAccepts(bytes, 'published');
      const dir = tempDir();
      writeFileSync(join(dir, `${e.uuid}.bel`), bytes);
      const theirs = belenios(['election', 'compute-result', '--dir', dir]);
      assert.equal(theirs.stdout.trim(), JSON.stringify({ result: expected }));
      const ours = jirga(['verify', join(dir, `${e.uuid}.bel`)]);
      assert.equal(ours.code, 0, ours.stdout);
      // six accepted ballots plus voter 4's re-vote (its retry added nothing)
      assert.match(lastLine(ours.stdout), /^valid: .*7 ballot\(s\), 5 counted/);
    });
  });
}
