// `jirga receipt`: a voter's receipt against several copies of the board at once. The real
// server is consistent with the receipt it gave; a lying copy (another event at that height)
// contradicts it, and one not yet up to date is behind; an address that cannot be asked is
// said so. Exit 0 consistent, 1 any contradiction, 2 nothing could confirm / not a receipt.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { formatReceipt } from '../../src/courier/receipt.ts';
import { ballotFor, Client, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { jirgaAsync } from '../helpers/tools.ts';

/** A copy of the board that answers like `target`, except for what `change` does to its records pages. */
async function copyOf(target: string, change: (page: any) => any): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const answer = await fetch(target + req.url);
    const page = change(await answer.json());
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('jirga receipt: one receipt, several copies of the board', () => {
  let server: TestServer;
  let election: OpenElection;
  let receipt: string;
  const copies: { close: () => Promise<void> }[] = [];

  before(async () => {
    server = await startTestServer('pglite');
    const client = new Client(server.base);
    election = await openElectionOverHttp(client, { voters: 3, password: ORGANISER_PASSWORD });
    const ballot = ballotFor(election, 0, [[0, 1, 0], [0, 1, 0, 1]]);
    const cast = await client.request('POST', `/api/elections/${election.uuid}/ballots`, JSON.parse(ballot));
    assert.equal(cast.status, 200, cast.text);
    // a second ballot after it: the board's head is past the receipt
    assert.equal((await client.request('POST', `/api/elections/${election.uuid}/ballots`, JSON.parse(ballotFor(election, 1, [[1, 0, 0], [1, 0, 0, 0]])))).status, 200);
    receipt = formatReceipt({ election: election.uuid, height: cast.json.event.height, hash: cast.json.event.hash, tracker: cast.json.tracker });
  });
  after(async () => {
    for (const c of copies) await c.close();
    await server?.stop();
  });

  test('the board that gave the receipt is consistent with it; exit 0', async () => {
    const r = await jirgaAsync(['receipt', receipt, '--server', server.base]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${server.base.replace(/[.]/g, '\\.')}\\tconsistent\\t`, 'm'));
  });

  test('a copy that shows another event at that height contradicts it: exit 1, each copy judged on its own line', async () => {
    const liar = await copyOf(server.base, (page) => ({ ...page, records: page.records.map((r: any) => (r.kind === 'event' ? { ...r, hash: 'f'.repeat(64) } : r)) }));
    copies.push(liar);
    const r = await jirgaAsync(['receipt', receipt, '--server', server.base, '--server', liar.url]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /\tconsistent\t/);
    assert.match(r.stdout, new RegExp(`^${liar.url.replace(/[.]/g, '\\.')}\\tcontradicts\\t`, 'm'));
    assert.match(r.stderr, /has not told everyone the same story/);
  });

  test('a copy not yet up to date is behind; an address that cannot be asked is said so; with none consistent, exit 2', async () => {
    const behind = await copyOf(server.base, (page) => ({ ...page, head: { ...page.head, height: 0 }, records: [], through: null, more: false }));
    copies.push(behind);
    // an address where nothing listens (any more)
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const dead = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await jirgaAsync(['receipt', receipt, '--server', behind.url, '--server', dead]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /\tbehind\t/);
    assert.match(r.stdout, new RegExp(`^${dead.replace(/[.]/g, '\\.')}\\tunreachable\\t.*ECONNREFUSED`, 'm'));
    // one consistent copy beside them is enough
    const ok = await jirgaAsync(['receipt', receipt, '--server', behind.url, '--server', dead, '--server', server.base]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('the receipt from standard input, as a messenger re-wrapped it; bad input is refused with a clear message', async () => {
    const wrapped = `my receipt:\n${receipt.replace(/ /g, '\n  ')}\n`;
    const r = await jirgaAsync(['receipt', '-', '--server', server.base], { input: wrapped });
    assert.equal(r.code, 0, r.stderr);
    const junk = await jirgaAsync(['receipt', 'JIRGA-RECEIPT 1 nonsense', '--server', server.base]);
    assert.equal(junk.code, 2);
    assert.match(junk.stderr, /not a receipt/);
    const noServer = await jirgaAsync(['receipt', receipt]);
    assert.equal(noServer.code, 2);
    assert.match(noServer.stderr, /--server is mandatory/);
    const badServer = await jirgaAsync(['receipt', receipt, '--server', 'ftp://x']);
    assert.equal(badServer.code, 2);
    assert.match(badServer.stderr, /http:\/\/ or https:\/\//);
  });
});
