// One input rule at the edge (src/server/plugins/input.ts): a NUL character or a lone
// UTF-16 surrogate in a path parameter, a query parameter or a body is refused with a
// 400 naming the field, on every route of the contract, never a 500 (Postgres and PGlite
// refuse NUL in text; before this rule 62 routes answered 500 with a stack trace).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { ALL_ENDPOINTS } from '../../src/api/index.ts';
import { findBadText } from '../../src/server/plugins/input.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';

function queryKeys(schema: z.ZodType | undefined): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  return ['q'];
}

describe('NUL and lone surrogates are refused at the edge on every route', () => {
  let server: TestServer;
  /** The organiser's session and a well-formed link token: the session and link scopes refuse strangers before reading a body. */
  let signedIn: Record<string, string>;
  before(async () => {
    server = await startTestServer('pglite');
    const login = await fetch(`${server.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'organiser', password: ORGANISER_PASSWORD }) });
    assert.equal(login.status, 200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    signedIn = { cookie, origin: new URL(server.base).origin, 'x-jirga-token': '1'.repeat(22) };
  });
  after(async () => server?.stop());

  async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: { code?: string; params?: { field?: string } } }> {
    const res = await fetch(server.base + path, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json = {};
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the assertion below reports the text
    }
    return { status: res.status, text, json };
  }

  const concrete = (path: string, bad: string, value: string) => `/api${path}`.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => (name === bad ? value : 'x'));

  test('the walk covers the contract', () => {
    assert.ok(ALL_ENDPOINTS.length >= 60, `${ALL_ENDPOINTS.length} endpoints`);
  });

  test('%00 in each path parameter: 400 control-characters naming the parameter', async () => {
    const wrong: string[] = [];
    let n = 0;
    for (const e of ALL_ENDPOINTS) {
      for (const [, name] of e.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
        n++;
        const r = await send(e.method, concrete(e.path, name!, '%00'), e.body ? '{}' : undefined);
        if (r.status !== 400 || r.json.code !== 'control-characters' || r.json.params?.field !== `params.${name}`) wrong.push(`${e.method} ${e.path} (${name}): ${r.status} ${r.text.slice(0, 160)}`);
      }
    }
    assert.ok(n >= 40, `${n} path parameters`);
    assert.deepEqual(wrong, []);
  });

  test('%00 and a lone surrogate (%ED%A0%80 is no UTF-8; \\ud800 is) in a query parameter: 400', async () => {
    const wrong: string[] = [];
    for (const e of ALL_ENDPOINTS.filter((x) => x.method === 'GET')) {
      const key = queryKeys(e.query)[0]!;
      const r = await send(e.method, `${concrete(e.path, '', '')}?${key}=a%00`);
      if (r.status !== 400 || r.json.code !== 'control-characters' || r.json.params?.field !== `query.${key}`) wrong.push(`${e.method} ${e.path}?${key}: ${r.status} ${r.text.slice(0, 160)}`);
    }
    assert.deepEqual(wrong, []);
    const tracker = await send('GET', '/api/elections/x/ballot?tracker=%00');
    assert.equal(tracker.status, 400, tracker.text);
  });

  test('a body string with NUL or a lone surrogate, at the top or deep inside: 400 with the code', async () => {
    const bodies = [
      { body: '"a\\u0000"', code: 'control-characters' },
      { body: '"\\ud800"', code: 'invalid-text' },
      { body: '{"title":{"en":"ok","fa-AF":"\\udc00x"}}', code: 'invalid-text' },
      { body: '{"a":[1,{"b\\u0000":"key"}]}', code: 'control-characters' },
    ];
    const wrong: string[] = [];
    let n = 0;
    for (const e of ALL_ENDPOINTS.filter((x) => x.body || x.method === 'POST' || x.method === 'PUT')) {
      for (const { body, code } of bodies) {
        n++;
        // as a caller who may reach the route: the organiser, holding a link
        const r = await send(e.method, concrete(e.path, '', ''), body, signedIn);
        if (r.status !== 400 || r.json.code !== code) wrong.push(`${e.method} ${e.path} ${body}: ${r.status} ${r.text.slice(0, 160)}`);
        // a stranger is refused (before the body is read, on the session and link scopes), never with a 5xx
        const anonymous = await send(e.method, concrete(e.path, '', ''), body);
        if (anonymous.status >= 500 || anonymous.status < 400) wrong.push(`anonymous ${e.method} ${e.path} ${body}: ${anonymous.status} ${anonymous.text.slice(0, 160)}`);
      }
    }
    assert.ok(n >= 80, `${n} requests`);
    assert.deepEqual(wrong, []);
  });

  test('a raw NUL byte in the ballot (read as text, not JSON): 400', async () => {
    const r = await send('POST', '/api/elections/x/ballots', '{"a":"\u0000"}');
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, 'control-characters', r.text);
  });

  test('valid text passes: emoji (surrogate pairs), Dari, tabs and line breaks', () => {
    assert.equal(findBadText({ a: ['سلام 👋', 'x\ty\nz'], '🙂': 'k' }, 'body'), undefined);
    assert.equal(findBadText('\ud83d\ude42', 'body'), undefined);
    assert.equal(findBadText('\ude42\ud83d', 'body')?.code, 'invalid-text');
    assert.equal(findBadText({ a: { b: ['ok', 'x\u0000'] } }, 'body')?.params?.field, 'body.a.b[1]');
  });

  test('the other control characters (bell, escape, form feed, DEL, C1 CSI) are refused; the ZWNJ, ZWJ and bidi marks of Dari and Pashto pass', () => {
    for (const c of ['\u0007', '\u001b[2J', '\u000c', '\u000b', '\u007f', '\u009b31m', '\u0085']) {
      const bad = findBadText({ statement: `text${c}more` }, 'body');
      assert.equal(bad?.code, 'control-characters', JSON.stringify(c));
      assert.equal(bad?.params?.field, 'body.statement');
      assert.match(bad!.message, /found U\+00[0-9A-F]{2}\)/);
    }
    // می‌خواهم (ZWNJ), a ZWJ, the right-to-left mark, an isolate around an English name
    assert.equal(findBadText(['می\u200cخواهم', 'a\u200db', '\u200fمتن', '\u2067Kabul\u2069', 'line\r\nbreak\ttab'], 'body'), undefined);
  });

  test('an escape sequence in a statement over HTTP: 400 naming the field, nothing stored', async () => {
    const r = await send('POST', '/api/organiser/conventions', JSON.stringify({ title: { en: 'A\u001b]8;;https://evil.example\u0007link' }, description: { en: 'x' } }), signedIn);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, 'control-characters');
    assert.equal(r.json.params?.field, 'body.title.en');
  });

  test('deep nesting cannot exhaust the stack of the check', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(findBadText(deep, 'body')?.code, 'control-characters');
  });
});
