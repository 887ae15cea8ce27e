// Receipts (issue 17): the cast answer names the board event that holds the ballot (height and
// hash), the same on a retry; a receipt line reads back however a messenger spaced it; any
// copy of the board answers consistent, contradicts (another event there, or one without this
// ballot) or behind — from the public records API that servers and mirrors serve alike.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkReceipt, formatReceipt, readReceipt, type Receipt } from '../../src/courier/receipt.ts';
import { ballotFor, Client, openElectionOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

describe('receipts: the board event of a ballot, checked against any copy of the board', () => {
  let server: TestServer;
  let election: OpenElection;
  let client: Client;
  before(async () => {
    server = await startTestServer('pglite');
    client = new Client(server.base);
    election = await openElectionOverHttp(client, { voters: 3, password: ORGANISER_PASSWORD });
  });
  after(async () => server?.stop());

  const page = async (r: Receipt) => client.ok('GET', `/api/elections/${election.uuid}/records?${r.height > 0 ? `after=${r.height - 1}&` : ''}limit=1`);

  test('the cast answer names the event; a retry names the same; the board agrees', async () => {
    const ballot = ballotFor(election, 0, [[0, 1, 0], [0, 1, 0, 1]]);
    const first = await client.ok('POST', `/api/elections/${election.uuid}/ballots`, ballot);
    assert.equal(typeof first.event.height, 'number');
    assert.match(first.event.hash, /^[0-9a-f]{64}$/);
    const retry = await client.ok('POST', `/api/elections/${election.uuid}/ballots`, ballot);
    assert.equal(retry.alreadyRecorded, true);
    assert.deepEqual(retry.event, first.event, 'a retry answers with the same receipt');
    // a later ballot moves the head on; the receipt still holds
    await client.ok('POST', `/api/elections/${election.uuid}/ballots`, ballotFor(election, 1, [[1, 0, 0], [1, 0, 0, 0]]));
    const receipt: Receipt = { election: election.uuid, tracker: first.tracker, ...first.event };
    const records = await page(receipt);
    assert.ok(records.head.height > receipt.height);
    assert.equal(checkReceipt(receipt, records), 'consistent');

    // another history at that height, or an event that holds another ballot: contradicts
    const otherHash = { ...records, records: records.records.map((r: { kind: string; hash: string }) => (r.kind === 'event' ? { ...r, hash: 'f'.repeat(64) } : r)) };
    assert.equal(checkReceipt(receipt, otherHash), 'contradicts');
    assert.equal(checkReceipt({ ...receipt, tracker: 'A'.repeat(43) }, records), 'contradicts');
    assert.equal(checkReceipt({ ...receipt, height: receipt.height + 1 }, records), 'contradicts', 'the event at that height is not the one named');
    assert.equal(checkReceipt(receipt, { ...records, records: [] }), 'contradicts', 'a head past that height with no event there');
    // a copy that does not reach that height
    assert.equal(checkReceipt(receipt, { head: { height: receipt.height - 1, hash: 'x' }, records: [] }), 'behind');
  });

  test('a receipt line reads back however it was spaced; anything else is not a receipt', () => {
    const receipt: Receipt = { election: election.uuid, tracker: 'abcdefghijklmnopqrstuvwxyz0123456789+/ABCDE', height: 12, hash: 'a'.repeat(64) };
    const line = formatReceipt(receipt);
    assert.match(line, /^JIRGA-RECEIPT 1 /);
    assert.deepEqual(readReceipt(line), receipt);
    assert.deepEqual(readReceipt(`my receipt:\n  ${line.replace(/ /g, '\n   ')}  `), receipt);
    for (const bad of ['', 'JIRGA-RECEIPT 2 x 1 y z', line.replace(' 12 ', ' twelve '), line.replace('a'.repeat(64), 'a'.repeat(63)), line.slice(0, -5)]) assert.equal(readReceipt(bad), undefined, bad);
  });
});
