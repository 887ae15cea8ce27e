// The security walk (issue 16): every route of the contract, called by a signed-in
// organiser who also holds a participant cookie and the setup links (so that the
// request gets past authentication to the validation of what it carries), with what
// an attacker sends: huge strings in a body, a path and a query, JSON nested 10,000
// deep, wrong types (a number, an array, null, a string where an object is due),
// prototype-polluting keys. Every answer is a 4xx with a JSON body {error, code}, never
// a 5xx, never a hang, and carries the security headers; so do 404s, 413s, 415s and
// answers to requests Node refuses before Fastify sees them (a 100k-character URL).
// input-edge.test.ts does the same walk for NUL and lone surrogates; auth.test.ts for
// anonymous callers.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { ALL_ENDPOINTS } from '../../src/api/index.ts';
import { SECURITY_HEADERS } from '../../src/server/app.ts';
import { Client } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const MB = 1024 * 1024;

function acceptedByContract(schema: z.ZodType, body: string): boolean {
  try {
    return schema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

/** What is sent to every route that takes a body: [what, body]. */
const BODY_ATTACKS: [string, string][] = [
  ['a number where an object is due', '42'],
  ['an array', '[1,2,3]'],
  ['null', 'null'],
  ['a string', '"text"'],
  ['true', 'true'],
  ['an object of wrong-typed fields', JSON.stringify({ title: 5, name: [], questions: 'x', username: {}, password: null, credentials: 7, value: [], content: 1, format: [], text: {}, topic: false, access: 9 })],
  ['prototype-polluting keys', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"unknownField":1}'],
  ['JSON 10,000 arrays deep', deepArray(10_000)],
  ['JSON 10,000 objects deep', deepObject(10_000)],
  ['a 1 MB string in a field', JSON.stringify({ title: { en: 'a'.repeat(MB) }, text: 'a'.repeat(MB) })],
  ['a field of 100,000 keys', '{' + Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`).join(',') + '}'],
];

describe('the security walk: every route answers attacks with a 4xx, a message and the security headers', () => {
  let server: TestServer;
  let cookie = '';
  let ids: Record<string, string> = {};
  let tokens: { trustee: string; authority: string } = { trustee: '', authority: '' };

  before(async () => {
    server = await startTestServer('pglite');
    const org = new Client(server.base);
    await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    const convention = (await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Security walk' }, description: {} })).id;
    const conversation = (await org.ok('POST', `/api/organiser/conventions/${convention}/conversations`, { topic: { en: 'T' }, access: 'open', moderation: 'loose', seeds: [{ text: 'Schools must open', lang: 'en' }] })).id;
    const { uuid } = await org.ok('POST', `/api/organiser/conventions/${convention}/elections`, {
      name: { en: 'E' },
      description: {},
      questions: [{ question: { en: 'Q' }, answers: [{ en: 'A' }, { en: 'B' }], min: 1, max: 1, blank: false }],
      trustees: { count: 1, threshold: null },
      opensAt: null,
      closesAt: null,
    });
    const links = await org.ok('POST', `/api/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true });
    tokens = { trustee: links.trustees[0], authority: links.credentialAuthority };
    const participant = new Client(server.base);
    await participant.ok('POST', `/api/conversations/${conversation}/participants`, {});
    cookie = `${org.cookie}; ${participant.cookie}`;
    // conversations (their participant scope checks the conversation first) get the real id;
    // other ids are a made-up 'x': the request is refused at validation or as not found
    ids = { uuid, conversation };
  });
  after(async () => server?.stop());

  const pathOf = (path: string, values: Record<string, string> = {}) =>
    `/api${path}`.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => values[name] ?? (name === 'id' && path.startsWith('/conversations/') ? ids.conversation! : name === 'uuid' ? ids.uuid! : 'x'));

  const headersFor = (path: string): Record<string, string> => {
    // as the web app's requests: a browser sends its Origin on every write (src/server/plugins/origin.ts)
    const h: Record<string, string> = { cookie, origin: server.base };
    if (path.startsWith('/api/trustee')) h['x-jirga-token'] = tokens.trustee;
    if (path.startsWith('/api/credential-authority')) h['x-jirga-token'] = tokens.authority;
    return h;
  };

  async function send(method: string, path: string, body?: string, extra: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(server.base + path, {
      method,
      headers: { ...headersFor(path), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
      ...(body !== undefined ? { body } : {}),
      // never a hang
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** What is wrong with an answer that should be a refusal (empty when it is one). */
  function refusalProblems(a: Answer): string[] {
    const problems: string[] = [];
    if (a.status < 400 || a.status >= 500) problems.push(`status ${a.status}`);
    try {
      const json = JSON.parse(a.text) as { error?: unknown; code?: unknown };
      if (typeof json.error !== 'string' || json.error === '' || typeof json.code !== 'string') problems.push('no {error, code}');
    } catch {
      problems.push('not JSON');
    }
    problems.push(...headerProblems(a.headers));
    return problems;
  }

  function headerProblems(h: Headers): string[] {
    return Object.entries(SECURITY_HEADERS)
      .filter(([k, v]) => h.get(k) !== v)
      .map(([k]) => `no ${k}`);
  }

  const report = (label: string, a: Answer, problems: string[]) => `${label}: ${problems.join(', ')} — ${a.status} ${a.text.slice(0, 140)}`;

  test('the walk reaches the routes with real ids, a session, a participant cookie and the links', async () => {
    assert.ok(ALL_ENDPOINTS.length >= 60);
    // each kind of credential works: the walk's refusals below are not all 401s
    assert.equal((await send('GET', '/api/organiser/conventions')).status, 200);
    assert.equal((await send('GET', '/api/trustee')).status, 200);
    assert.equal((await send('GET', `/api/conversations/${ids.conversation}/statements`)).status, 200);
  });

  test('bodies of wrong types, deep nesting, huge strings, polluting keys: 4xx with a message, never 5xx', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    const statuses = new Map<number, number>();
    let n = 0;
    for (const e of ALL_ENDPOINTS.filter((x) => x.body)) {
      for (const [what, body] of BODY_ATTACKS) {
        n++;
        const a = await send(e.method, pathOf(e.path), body);
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        // a body the endpoint's own schema accepts (the optional body of joining: null, or
        // an object whose unknown fields are dropped) may succeed; never with a 5xx
        const problems = acceptedByContract(e.body!, body) && a.status < 300 ? headerProblems(a.headers) : refusalProblems(a);
        if (problems.length) wrong.push(report(`${e.method} ${e.path} with ${what}`, a, problems));
      }
    }
    assert.ok(n >= 300, `${n} requests`);
    assert.deepEqual(wrong, []);
    // the walk got past authentication: most refusals are the validation's 400 or a 413
    assert.ok((statuses.get(400) ?? 0) + (statuses.get(413) ?? 0) > n / 2, JSON.stringify([...statuses]));
    // nothing reached Object.prototype
    assert.equal(({} as { polluted?: string }).polluted, undefined);
  });

  test('a 10,000-character path parameter and query value: 4xx with a message', { timeout: 60_000 }, async () => {
    const long = 'a'.repeat(10_000);
    const wrong: string[] = [];
    for (const e of ALL_ENDPOINTS) {
      for (const [, name] of e.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
        const a = await send(e.method, pathOf(e.path, { [name!]: long }), e.body ? '{}' : undefined);
        const problems = refusalProblems(a);
        if (problems.length) wrong.push(report(`${e.method} ${e.path} (${name})`, a, problems));
      }
      if (e.method === 'GET' && e.query) {
        for (const key of e.query instanceof z.ZodObject ? Object.keys(e.query.shape) : ['q']) {
          const a = await send(e.method, `${pathOf(e.path)}?${key}=${long}`);
          // a long query may be a valid search that finds nothing (200); never a 5xx
          const problems = a.status < 300 ? headerProblems(a.headers) : refusalProblems(a);
          if (problems.length) wrong.push(report(`${e.method} ${e.path}?${key}`, a, problems));
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('query parameters of the wrong type (a key given twice is an array; a number that is not one): 4xx with a message, never 5xx', { timeout: 60_000 }, async () => {
    const wrong: string[] = [];
    let refused = 0;
    for (const e of ALL_ENDPOINTS.filter((x) => x.method === 'GET' && x.query instanceof z.ZodObject)) {
      for (const key of Object.keys((e.query as z.ZodObject).shape)) {
        for (const query of [`${key}=1&${key}=2`, `${key}=-1e999`, `${key}=%7B%7D`, `${key}`]) {
          const a = await send('GET', `${pathOf(e.path)}?${query}`);
          // a value the query's schema accepts may be answered (200, or 404 for the made-up id)
          const problems = a.status < 300 ? headerProblems(a.headers) : refusalProblems(a);
          if (a.status === 400) refused++;
          if (problems.length) wrong.push(report(`${e.method} ${e.path}?${query}`, a, problems));
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(refused >= 5, `${refused} refused with 400`);
  });

  test('404, 405-like, 413 and 415 answers: 4xx with a message and the security headers', async () => {
    const cases: [string, Answer][] = [
      ['an unknown API path', await send('GET', '/api/no/such/thing')],
      ['an unknown path outside the API', await send('GET', '/no-such-page.php')],
      ['an unknown method on a known path', await send('PATCH', '/api/elections')],
      ['a body too large for the login', await send('POST', '/api/session', JSON.stringify({ username: 'a'.repeat(3 * MB), password: 'x' }))],
      ['a ballot too large', await send('POST', `/api/elections/${ids.uuid}/ballots`, 'a'.repeat(2 * MB))],
      ['an unsupported content type', await send('POST', '/api/organiser/conventions', '<x/>', { 'content-type': 'application/xml' })],
      ['malformed JSON', await send('POST', '/api/organiser/conventions', '{"title":')],
    ];
    const wrong = cases.map(([label, a]) => ({ label, a, problems: refusalProblems(a) })).filter((c) => c.problems.length).map((c) => report(c.label, c.a, c.problems));
    assert.deepEqual(wrong, []);
    assert.equal(cases[3]![1].status, 413);
    assert.equal(cases[4]![1].status, 413);
  });

  test('requests Node refuses before routing (a 100,000-character URL, a malformed request line): 4xx with the security headers', async () => {
    // fetch would refuse to send these: raw bytes on a socket
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const url = new URL(server.base);
        const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
        let text = '';
        socket.setEncoding('latin1');
        socket.on('data', (d: string) => (text += d));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.setTimeout(10_000, () => socket.destroy(new Error('no answer (a hang)')));
      });
    const answers: [string, string][] = [
      ['a 100,000-character path', await raw(`GET /api/elections/${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)],
      ['a 100,000-character header', await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`)],
      ['a malformed request line', await raw('NOT A REQUEST\r\n\r\n')],
    ];
    const wrong: string[] = [];
    for (const [label, text] of answers) {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const headers = new Headers(
        head
          .split('\r\n')
          .slice(1)
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]),
      );
      const problems = refusalProblems({ status, headers, text: body });
      if (problems.length) wrong.push(`${label}: ${problems.join(', ')} — ${text.slice(0, 200)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the server still answers after the walk', async () => {
    assert.equal((await send('GET', '/healthz')).status, 200);
    assert.equal((await send('GET', '/api/organiser/conventions')).status, 200);
  });
});
