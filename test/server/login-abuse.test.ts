// The login door an attacker tries (issue 16, items 1-3): failed logins must not stall the
// server (scrypt runs off the event loop, with a global cap), must take the same time
// whether the username exists or not (one scrypt run each), and must not let anyone lock
// the organiser out (a limit per client, not per username).
//
// Distinct clients are distinct loopback source addresses (127.0.x.y): Linux routes all
// of 127.0.0.0/8 to the loopback interface.
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { passwordMatches } from '../../src/store/accounts.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

interface Answer {
  status: number;
  body: { error?: string; code?: string; params?: Record<string, unknown>; username?: string };
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

function call(base: string, method: string, path: string, from: string, body?: unknown): Promise<Answer> {
  const url = new URL(path, base);
  const data = body === undefined ? undefined : JSON.stringify(body);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method, localAddress: from, agent: false, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {}, headers: res.headers, ms: performance.now() - start }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const login = (base: string, from: string, username: string, password: string) => call(base, 'POST', '/api/session', from, { username, password });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('hashes stored before the change (scryptSync, same format) still verify', async () => {
  const salt = randomBytes(16);
  const hash = scryptSync('an old password', salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const stored = `scrypt$32768$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
  assert.equal(await passwordMatches('an old password', stored), true);
  assert.equal(await passwordMatches('an old passworD', stored), false);
});

describe('login abuse', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server?.stop());

  test('20 concurrent bad logins leave /healthz under 100 ms at p99 (beyond what the machine itself adds); those over the global cap get 429 at once', async () => {
    // warm up first (the first requests compile schemas and load code): the stall measured is the burst's
    await call(server.base, 'GET', '/healthz', '127.0.0.1');
    assert.equal((await login(server.base, '127.0.1.100', 'organiser', 'wrong password')).status, 401);
    const probe = async (until: () => boolean, into: number[]) => {
      while (!until()) {
        const h = await call(server.base, 'GET', '/healthz', '127.0.0.1');
        assert.equal(h.status, 200);
        into.push(h.ms);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    // the same probes on the idle server first: on a machine busy with other work, that is
    // the floor the server cannot go below; the bound is on what the logins add to it
    const idle: number[] = [];
    await probe(() => idle.length >= 100, idle);
    const health: number[] = [];
    const answers: Answer[] = [];
    // at least 3 bursts, and as many more (up to 12) as it takes to have 200 probes: over
    // fewer than 100, the "p99" below would be the single slowest probe, which one
    // scheduler hiccup of a loaded machine decides (the slowest is bounded on its own)
    for (let round = 0; round < 3 || (health.length < 200 && round < 12); round++) {
      let done = false;
      const poll = probe(() => done, health);
      // 20 different clients, so that only the global cap (not the per-client limit) applies
      const burst = Array.from({ length: 20 }, (_, i) => login(server.base, `127.0.${10 + round}.${i + 1}`, i % 2 ? 'organiser' : `nobody-${i}`, 'wrong password'));
      answers.push(...(await Promise.all(burst)));
      done = true;
      await poll;
    }
    const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.99 * xs.length))]!;
    const worst = Math.max(...health);
    console.log(`healthz during ${answers.length / 20} × 20 bad logins: ${health.length} probes, median ${median(health).toFixed(1)} ms, p99 ${p99(health).toFixed(1)} ms, max ${worst.toFixed(1)} ms (idle p99 ${p99(idle).toFixed(1)} ms); answers ${answers.map((a) => a.status).join(',')}`);
    assert.ok(p99(health) < 100 + p99(idle), `/healthz p99 ${p99(health).toFixed(0)} ms during the bursts (idle p99 ${p99(idle).toFixed(0)} ms)`);
    assert.ok(worst < 1000, `/healthz took ${worst.toFixed(0)} ms during the bursts`);
    for (const a of answers) assert.ok(a.status === 401 || a.status === 429, `status ${a.status}`);
    const limited = answers.filter((a) => a.status === 429);
    assert.ok(limited.length > 0, 'the global cap refused none of 20 concurrent logins');
    for (const a of limited) {
      assert.equal(a.body.code, 'rate-limited');
      assert.equal(a.body.params?.retryAfter, 1);
      assert.equal(a.headers['retry-after'], '1');
    }
  });

  test('a failed login takes as long for an unknown username as for a known one', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    // interleaved, one at a time, each from its own client, so load on the machine hits both alike
    for (let i = 0; i < 9; i++) {
      const order = i % 2 ? ['known', 'unknown'] : ['unknown', 'known'];
      for (const kind of order) {
        const a = await login(server.base, `127.0.2.${2 * i + (kind === 'known' ? 1 : 2)}`, kind === 'known' ? 'organiser' : `nobody-${i}`, 'wrong password');
        assert.equal(a.status, 401);
        (kind === 'known' ? known : unknown).push(a.ms);
      }
    }
    const ratio = median(unknown) / median(known);
    console.log(`failed login, median: known ${median(known).toFixed(0)} ms, unknown ${median(unknown).toFixed(0)} ms, ratio ${ratio.toFixed(2)}`);
    assert.ok(ratio > 0.6 && ratio < 1.6, `unknown/known failure time ratio ${ratio.toFixed(2)}`);
  });

  test('wrong passwords from one client limit that client only: the organiser still logs in from another', async () => {
    const attacker = '127.0.3.1';
    for (let i = 0; i < 10; i++) assert.equal((await login(server.base, attacker, 'organiser', `guess ${i}`)).status, 401);
    const refused = await login(server.base, attacker, 'organiser', 'guess 11');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate-limited');
    assert.match(refused.body.error!, /too many failed logins from this connection/);
    const wait = refused.body.params?.retryAfter;
    assert.ok(typeof wait === 'number' && wait > 0 && wait <= 15 * 60, `retryAfter ${String(wait)}`);
    assert.equal(refused.headers['retry-after'], String(wait));
    // the limited client is refused even with the right password (it is the client that is limited)...
    assert.equal((await login(server.base, attacker, 'organiser', ORGANISER_PASSWORD)).status, 429);
    // ...but the account is not locked: the organiser logs in from elsewhere
    const organiser = await login(server.base, '127.0.3.2', 'organiser', ORGANISER_PASSWORD);
    assert.equal(organiser.status, 200);
    assert.equal(organiser.body.username, 'organiser');
  });

  test('a success clears the client\'s count of failures', async () => {
    const from = '127.0.4.1';
    for (let i = 0; i < 9; i++) assert.equal((await login(server.base, from, 'organiser', `typo ${i}`)).status, 401);
    assert.equal((await login(server.base, from, 'organiser', ORGANISER_PASSWORD)).status, 200);
    for (let i = 0; i < 9; i++) assert.equal((await login(server.base, from, 'organiser', `typo again ${i}`)).status, 401);
  });
});
