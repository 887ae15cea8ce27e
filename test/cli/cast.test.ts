// Ballot couriers (issue 17): a sealed ballot travels as a wrapped block that survives a
// messenger, and anyone can submit it with `jirga cast FILE --server URL`: exit 0 and the
// tracker on stdout when the board has it (a second copy is recognised, never counted
// twice); 1 with the server's reason when the board refuses it; 2 when the file is not a
// usable ballot (damaged, cut short) or the server cannot be reached — never a stack trace.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readSealedBallot, sealBallot, sealedFileName } from '../../src/courier/sealed-ballot.ts';
import { ballotFor, Client, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { jirgaAsync, tempDir, type Run } from '../helpers/tools.ts';

const noStackTrace = (r: Run) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+|internal error/, 'no stack trace');
const dir = tempDir('jirga-cast-');
let files = 0;
const file = (content: string) => {
  const path = join(dir, `ballot-${++files}.txt`);
  writeFileSync(path, content);
  return path;
};

describe('sealed ballots and jirga cast', () => {
  let server: TestServer;
  let election: OpenElection;
  let ballot: string;

  before(async () => {
    server = await startTestServer('pglite');
    election = await openElectionOverHttp(new Client(server.base), { voters: 3, password: ORGANISER_PASSWORD });
    ballot = ballotFor(election, 0, [[0, 1, 0], [0, 1, 0, 1]]);
  });
  after(async () => server?.stop());

  test('a sealed ballot reads back to the exact bytes, however a messenger re-wrapped it', () => {
    const sealed = sealBallot(ballot);
    const read = readSealedBallot(sealed);
    assert.ok(read.ok);
    assert.equal(read.ballot.text, ballot);
    assert.equal(read.ballot.election, election.uuid);
    assert.match(sealed, new RegExp(`^Tracker: ${read.ballot.tracker.replace(/[+/]/g, '\\$&')}$`, 'm'));
    assert.match(sealedFileName(read.ballot), /^sealed-ballot-[A-Za-z0-9]{10}\.txt$/);
    const mangled = [
      sealed.replace(/\n/g, '\r\n'), // Windows line ends
      sealed.replace(/\n(?=[A-Za-z0-9+/=]{10})/g, ' '), // lines joined with spaces
      `Here it is:\n\n  ${sealed.replace(/\n/g, '\n  ')}\nthanks`, // indented, with chatter around it
      sealed.replace(/-----/g, '—'), // dashes "smartened" into em dashes
      sealed.replace(/[A-Za-z0-9+/]{64}/, (l) => `${l.slice(0, 20)}\n${l.slice(20)}`), // a line re-wrapped
    ];
    for (const m of mangled) {
      const r = readSealedBallot(m);
      assert.ok(r.ok, m.slice(0, 120));
      assert.equal(r.ballot.text, ballot);
    }
    // belenios-tool's plain ballot JSON is read too
    assert.equal((readSealedBallot(`${ballot}\n`) as { ok: true; ballot: { text: string } }).ballot.text, ballot);
  });

  test('a damaged, cut or foreign text is refused, saying which', () => {
    const sealed = sealBallot(ballot);
    const lines = sealed.split('\n');
    const body = lines.findIndex((l) => /^[A-Za-z0-9+/=]{64}$/.test(l));
    const flipped = [...lines];
    flipped[body] = (flipped[body]![5] === 'A' ? 'B' : 'A') + flipped[body]!.slice(1);
    flipped[body] = flipped[body]!.slice(0, 5) + (flipped[body]![5] === 'A' ? 'B' : 'A') + flipped[body]!.slice(6);
    assert.deepEqual(readSealedBallot(flipped.join('\n')), { ok: false, problem: 'damaged' });
    assert.deepEqual(readSealedBallot(lines.slice(0, -3).join('\n')), { ok: false, problem: 'incomplete' });
    assert.deepEqual(readSealedBallot(sealed.replace(/^Tracker: .*$/m, 'Tracker: AAAA')), { ok: false, problem: 'damaged' });
    assert.deepEqual(readSealedBallot('   \n'), { ok: false, problem: 'empty' });
    assert.deepEqual(readSealedBallot('hello, here is my vote: yes'), { ok: false, problem: 'not-a-ballot' });
    assert.deepEqual(readSealedBallot('{"election_uuid":"x"}'), { ok: false, problem: 'not-a-ballot' });
    assert.throws(() => sealBallot('not json'));
  });

  test('jirga cast: exit 0 and the tracker; a second copy is recognised and not counted twice', async () => {
    const path = file(sealBallot(ballot));
    const count = async () => (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM ballots WHERE election_uuid = $1', [election.uuid]))[0]!.n;
    const before = await count();
    const first = await jirgaAsync(['cast', path, '--server', server.base]);
    assert.equal(first.code, 0, first.stderr);
    const tracker = (readSealedBallot(sealBallot(ballot)) as { ok: true; ballot: { tracker: string } }).ballot.tracker;
    assert.equal(first.stdout, `${tracker}\n`);
    assert.match(first.stderr, /^cast: in the ballot box of election/);
    assert.equal(await count(), before + 1);
    const again = await jirgaAsync(['cast', '-', '--server', `${server.base}/`], { input: ballot });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `${tracker}\n`);
    assert.match(again.stderr, /already in the ballot box/);
    assert.equal(await count(), before + 1, 'not counted twice');
    const box = await new Client(server.base).ok('GET', `/api/elections/${election.uuid}/ballot?tracker=${encodeURIComponent(tracker)}`);
    assert.equal(box.tracker, tracker);
  });

  test("jirga cast: a ballot the board refuses gives exit 1 with the server's reason", async () => {
    // the same voter votes again, then someone replays the old copy
    const newer = ballotFor(election, 1, [[1, 0, 0], [0, 1, 0, 0]]);
    const older = ballotFor(election, 1, [[0, 0, 1], [0, 0, 1, 0]]);
    assert.equal((await jirgaAsync(['cast', file(sealBallot(older)), '--server', server.base])).code, 0);
    assert.equal((await jirgaAsync(['cast', file(sealBallot(newer)), '--server', server.base])).code, 0);
    const replay = await jirgaAsync(['cast', file(sealBallot(older)), '--server', server.base]);
    assert.equal(replay.code, 1, replay.stderr);
    assert.equal(replay.stdout, '');
    assert.match(replay.stderr, /refused the ballot .*a later ballot of the same credential replaced it.*\(replayed-ballot\)/);
    noStackTrace(replay);
  });

  test('jirga cast: unusable files and unreachable servers give exit 2 with a message', async () => {
    const sealed = sealBallot(ballot);
    const cut = await jirgaAsync(['cast', file(sealed.slice(0, sealed.length / 2)), '--server', server.base]);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /only part of a sealed ballot/);
    const junk = await jirgaAsync(['cast', file('my vote is for the federal republic'), '--server', server.base]);
    assert.equal(junk.code, 2);
    assert.match(junk.stderr, /neither a sealed ballot nor a ballot/);
    const noServer = await jirgaAsync(['cast', file(sealed)]);
    assert.equal(noServer.code, 2);
    assert.match(noServer.stderr, /--server is mandatory/);
    const badServer = await jirgaAsync(['cast', file(sealed), '--server', 'ftp://example.org']);
    assert.equal(badServer.code, 2);
    assert.match(badServer.stderr, /http:\/\/ or https:\/\//);
    // a port nobody listens on
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const down = await jirgaAsync(['cast', file(sealed), '--server', `http://127.0.0.1:${port}`]);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /could not reach .*Send it again later/);
    for (const r of [cut, junk, noServer, badServer, down]) noStackTrace(r);
  });
});
