// Cross-site writes, Secure cookies behind a TLS proxy, and bodies read before knowing who
// asks (issue 16, items 6 and 8): a page on another site must not make an organiser's
// browser close an election; a body a page can send without asking (text/plain, a form)
// reaches no route; the session cookie is Secure when the browser came over HTTPS through
// a proxy the operator named, and forwarded headers count for nothing otherwise; and
// nobody makes the server read megabytes (or run the password KDF) before it knows who asks.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { closeOverHttp, openElectionOverHttp, Client, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { rawRequest, type RawAnswer } from '../helpers/raw-http.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { publicUrlFrom, trustProxyFrom } from '../../src/server/start.ts';

const ONE_TRUSTEE = { ...SAMPLE_DRAFT, trustees: { count: 1, threshold: null } };

async function logIn(base: string, headers: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string; answer: RawAnswer }> {
  const answer = await rawRequest(base, { method: 'POST', path: '/api/session', body: JSON.stringify({ username: 'organiser', password: ORGANISER_PASSWORD }), headers: { origin: new URL(base).origin, ...headers } });
  assert.equal(answer.status, 200, answer.text);
  const setCookie = String(answer.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0]!, setCookie, answer };
}

const code = (a: RawAnswer) => (JSON.parse(a.text) as { code?: string }).code;

describe('cross-site writes are refused', () => {
  let server: TestServer;
  let organiser: Client;
  let uuid: string;
  let cookie: string;
  let convention: string;
  const state = async () => (await organiser.ok('GET', `/api/elections/${uuid}`)).state as string;

  before(async () => {
    server = await startTestServer('pglite');
    organiser = new Client(server.base);
    ({ uuid } = await openElectionOverHttp(organiser, { voters: 2, draft: ONE_TRUSTEE, password: ORGANISER_PASSWORD }));
    cookie = organiser.cookie;
    convention = (await organiser.ok('GET', '/api/organiser/conventions'))[0].id;
  });
  after(async () => server?.stop());

  test("a text/plain POST from another site's page with the organiser's cookie does not close the election", async () => {
    assert.equal(await state(), 'open');
    const close = `/api/organiser/elections/${uuid}/close`;
    // what a form with enctype=text/plain on evil.example sends
    const forged = await rawRequest(server.base, { method: 'POST', path: close, body: '{"a":"b"}', headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' } });
    assert.equal(forged.status, 403, forged.text);
    assert.equal(code(forged), 'cross-origin');
    // a bodiless fetch(…, {mode: 'no-cors'}) from there
    const bodiless = await rawRequest(server.base, { method: 'POST', path: close, headers: { cookie, origin: 'https://evil.example' } });
    assert.equal(bodiless.status, 403, bodiless.text);
    // Origin "null" (a sandboxed frame, a data: page)
    const nullOrigin = await rawRequest(server.base, { method: 'POST', path: close, headers: { cookie, origin: 'null' } });
    assert.equal(nullOrigin.status, 403, nullOrigin.text);
    // a forwarded Host is not believed without JIRGA_TRUST_PROXY
    const forwarded = await rawRequest(server.base, { method: 'POST', path: close, headers: { cookie, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } });
    assert.equal(forwarded.status, 403, forwarded.text);
    assert.equal(await state(), 'open', 'the election is still open');
    for (const a of [forged, bodiless, nullOrigin]) assert.equal(a.headers['x-frame-options'], 'DENY', 'security headers on the refusal');
  });

  test('a cookie-carrying write with neither Origin nor Referer is refused; a same-origin Referer is enough', async () => {
    const body = JSON.stringify({ title: { en: 'From the CLI?' }, description: {} });
    const none = await rawRequest(server.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie } });
    assert.equal(none.status, 403, none.text);
    assert.equal(code(none), 'cross-origin');
    const foreignReferer = await rawRequest(server.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie, referer: 'https://evil.example/page' } });
    assert.equal(foreignReferer.status, 403, foreignReferer.text);
    const ownReferer = await rawRequest(server.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie, referer: `${server.base}/organiser` } });
    assert.equal(ownReferer.status, 200, ownReferer.text);
    // without any cookie (the jirga command, curl) there is no ambient authority: no Origin needed
    const login = await rawRequest(server.base, { method: 'POST', path: '/api/session', body: JSON.stringify({ username: 'organiser', password: 'wrong' }) });
    assert.equal(login.status, 401, login.text);
  });

  test("logging in from another site's page is refused (no login CSRF)", async () => {
    const a = await rawRequest(server.base, { method: 'POST', path: '/api/session', body: JSON.stringify({ username: 'organiser', password: ORGANISER_PASSWORD }), headers: { origin: 'https://evil.example' } });
    assert.equal(a.status, 403, a.text);
    assert.equal(a.headers['set-cookie'], undefined);
  });

  test('a participant cookie counts too: a foreign vote is refused', async () => {
    const a = await rawRequest(server.base, { method: 'POST', path: '/api/conversations/x/votes', body: '{"statement":0,"vote":1}', headers: { cookie: 'jirga_p=abc', origin: 'https://evil.example' } });
    assert.equal(a.status, 403, a.text);
    const b = await rawRequest(server.base, { method: 'DELETE', path: '/api/conversations/x/me', headers: { cookie: 'jirga_p=abc' } });
    assert.equal(b.status, 403, b.text);
  });

  test('text/plain and form bodies are refused with 415 on JSON routes, even from our own origin', async () => {
    const origin = new URL(server.base).origin;
    const json = JSON.stringify({ title: { en: 'Sent as text' }, description: {} });
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const a = await rawRequest(server.base, { method: 'POST', path: '/api/organiser/conventions', body: json, headers: { cookie, origin, 'content-type': type } });
      assert.equal(a.status, 415, `${type}: ${a.text}`);
      assert.equal(code(a), 'unsupported-media-type', a.text);
      assert.match(JSON.parse(a.text).error, /JSON/);
    }
    const login = await rawRequest(server.base, { method: 'POST', path: '/api/session', body: `{"username":"organiser","password":"${ORGANISER_PASSWORD}"}`, headers: { 'content-type': 'text/plain' } });
    assert.equal(login.status, 415, login.text);
    // the ballot's route reads its own text (application/json or text/plain), as before
    const ballot = await rawRequest(server.base, { method: 'POST', path: `/api/elections/${uuid}/ballots`, body: '{}', headers: { 'content-type': 'text/plain' } });
    assert.notEqual(ballot.status, 415, ballot.text);
  });

  test("the organiser's own pages still work: same-origin JSON writes, then closing", async () => {
    const conventions = await organiser.ok('GET', '/api/organiser/conventions');
    assert.ok(conventions.length >= 1);
    await organiser.ok('POST', `/api/organiser/conventions/${convention}/elections`, ONE_TRUSTEE);
    await closeOverHttp(organiser, uuid);
    assert.notEqual(await state(), 'open');
  });
});

describe('the session cookie is Secure behind a trusted TLS proxy only', () => {
  let plain: TestServer;
  let proxied: TestServer;
  let configured: TestServer;
  before(async () => {
    plain = await startTestServer('pglite');
    // the tests connect from 127.0.0.1: the "proxy"
    proxied = await startTestServer('pglite', { trustProxy: ['127.0.0.1'] });
    configured = await startTestServer('pglite', { publicUrl: 'https://jirga.example.org/' });
  });
  after(async () => {
    await plain?.stop();
    await proxied?.stop();
    await configured?.stop();
  });

  test('without JIRGA_TRUST_PROXY, X-Forwarded-Proto is ignored: no Secure', async () => {
    const { setCookie } = await logIn(plain.base, { 'x-forwarded-proto': 'https' });
    assert.doesNotMatch(setCookie, /Secure/);
    assert.match(setCookie, /HttpOnly; SameSite=Strict/);
  });

  test('from a trusted proxy: Secure with X-Forwarded-Proto https, not without it', async () => {
    const host = new URL(proxied.base).host;
    const tls = await logIn(proxied.base, { 'x-forwarded-proto': 'https', origin: `https://${host}` });
    assert.match(tls.setCookie, /; Secure/);
    const clear = await logIn(proxied.base);
    assert.doesNotMatch(clear.setCookie, /Secure/);
    // and the origin compared is the https one: the http page of the same host may not write
    const body = JSON.stringify({ title: { en: 'x' }, description: {} });
    const fromHttp = await rawRequest(proxied.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie: tls.cookie, 'x-forwarded-proto': 'https', origin: `http://${host}` } });
    assert.equal(fromHttp.status, 403, fromHttp.text);
    const fromHttps = await rawRequest(proxied.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie: tls.cookie, 'x-forwarded-proto': 'https', origin: `https://${host}` } });
    assert.equal(fromHttps.status, 200, fromHttps.text);
  });

  test('JIRGA_PUBLIC_URL: pages served at the public address may write even when the proxy rewrites Host', async () => {
    const { cookie } = await logIn(configured.base);
    const body = JSON.stringify({ title: { en: 'x' }, description: {} });
    const a = await rawRequest(configured.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie, origin: 'https://jirga.example.org' } });
    assert.equal(a.status, 200, a.text);
    const b = await rawRequest(configured.base, { method: 'POST', path: '/api/organiser/conventions', body, headers: { cookie, origin: 'https://other.example.org' } });
    assert.equal(b.status, 403, b.text);
  });

  test('the settings are read strictly', () => {
    assert.equal(trustProxyFrom(undefined), undefined);
    assert.equal(trustProxyFrom('0'), undefined);
    assert.deepEqual(trustProxyFrom('127.0.0.1, ::1'), ['127.0.0.1', '::1']);
    assert.deepEqual(trustProxyFrom('loopback,10.0.0.0/8'), ['loopback', '10.0.0.0/8']);
    // "trust everyone" would let any client claim https and another address
    for (const bad of ['true', '1', '*', '10.0.0.0/33', 'proxy.example']) assert.throws(() => trustProxyFrom(bad), /JIRGA_TRUST_PROXY/, bad);
    assert.equal(publicUrlFrom('https://jirga.example.org'), 'https://jirga.example.org/');
    assert.throws(() => publicUrlFrom('jirga.example.org'), /JIRGA_PUBLIC_URL/);
    assert.throws(() => publicUrlFrom('ftp://jirga.example.org'), /JIRGA_PUBLIC_URL/);
  });
});

/**
 * A POST announcing `size` bytes of which only the first 64 KiB are sent: settles with the
 * answer if the server answers before the rest comes, or undefined after `waitMs`.
 */
function partialPost(base: string, path: string, size: number, headers: Record<string, string>, waitMs: number): Promise<{ status: number; text: string; ms: number } | undefined> {
  const url = new URL(path, base);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: url.pathname, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(size), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - start });
        req.destroy();
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(undefined);
    }, waitMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.write(`{"a":"${'x'.repeat(64 * 1024)}`);
  });
}

describe('bodies are not read before the server knows who asks', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server?.stop());

  test('a 1 MiB login body: 413 at once, without running the password KDF', async () => {
    // valid JSON with the right password: before the limit, it was read and checked (KDF, 200)
    const body = JSON.stringify({ username: 'organiser', password: ORGANISER_PASSWORD }) + ' '.repeat(1024 * 1024);
    const start = performance.now();
    const a = await rawRequest(server.base, { method: 'POST', path: '/api/session', body });
    const ms = performance.now() - start;
    console.log(`1 MiB login body: ${a.status} in ${ms.toFixed(1)} ms`);
    assert.equal(a.status, 413, a.text);
    assert.equal(code(a), 'too-large');
    assert.equal(a.headers['set-cookie'], undefined);
    assert.equal(a.headers['x-content-type-options'], 'nosniff');
  });

  test('an anonymous 10 MiB upload to an organiser route: 401 before its body is sent', async () => {
    const a = await partialPost(server.base, '/api/organiser/conventions/x/conversations/import', 10 * 1024 * 1024, {}, 5000);
    assert.ok(a, 'the server answered while the body was still on its way');
    console.log(`anonymous 10 MiB Polis import: ${a.status} after ${a.ms.toFixed(1)} ms, 64 KiB sent`);
    assert.equal(a.status, 401, a.text);
    assert.equal(JSON.parse(a.text).code, 'unauthenticated');
    // the same for the credential authority's upload without its link
    const b = await partialPost(server.base, '/api/credential-authority/credentials', 10 * 1024 * 1024, {}, 5000);
    assert.ok(b, 'answered before the body');
    assert.equal(b.status, 403, b.text);
  });

  test("an organiser's text over the small limit: 413, never 500", async () => {
    const organiser = new Client(server.base);
    await organiser.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const big = await organiser.request('POST', '/api/organiser/accounts', JSON.stringify({ username: 'x', password: 'y'.repeat(200 * 1024), role: 'editor' }));
    assert.equal(big.status, 413, big.text);
    assert.equal(big.json.code, 'too-large');
  });
});
