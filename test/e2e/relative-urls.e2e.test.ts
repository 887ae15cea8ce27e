// The same build works at every address (issue 17, item 5; docs/operations.md, "Under
// censorship"): the built web app names no absolute address of any host — every script,
// style, API call and worker is a relative path, resolved against the address the page
// came from (the clearnet one, an onion address, a mirror). The only absolute URLs are
// identifiers never fetched: the SVG namespace and JSON Schema's dialect ids (zod).
// A fixture tree (test/fixtures/absolute-urls/) breaks the rule in each way once, so a
// check that silently stopped firing would fail. Needs `npm run build`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { WEB_ROOT } from '../helpers/browser.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { ORGANISER_PASSWORD, startTestServer } from '../helpers/server.ts';

/** Hosts named only as identifiers (XML namespaces, JSON Schema dialects): never requested. */
const IDENTIFIER_HOSTS = new Set(['www.w3.org', 'json-schema.org']);
const TEXT = /\.(html|js|mjs|css|svg|json|webmanifest|txt)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : TEXT.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every absolute or protocol-relative address in the text files under `dir`, other than identifiers. */
function absoluteUrls(dir: string): string[] {
  const found: string[] = [];
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    const where = relative(dir, file);
    for (const m of text.matchAll(/\bhttps?:\/\/([A-Za-z0-9.-]+)[^\s"'`)<>]*/g)) if (!IDENTIFIER_HOSTS.has(m[1]!.toLowerCase())) found.push(`${where}: ${m[0]}`);
    // protocol-relative: in an attribute, a CSS url() or a string literal
    for (const m of text.matchAll(/(?:(?:src|href|action)\s*=\s*["']?|url\(\s*["']?|["'`])\/\/([A-Za-z0-9-]+\.[A-Za-z0-9.-]+)/g)) found.push(`${where}: //${m[1]}`);
  }
  return found;
}

describe('the built web app uses only relative URLs', () => {
  test('the check finds each kind of absolute address in the fixture tree', () => {
    assert.deepEqual(absoluteUrls(join(import.meta.dirname, '..', 'fixtures', 'absolute-urls')).sort(), [
      'app.css: https://jirga.example.org/bg.png',
      'app.js: http://jirga.example.org/api/elections',
      'index.html: //cdn.example.net',
      'index.html: https://jirga.example.org/assets/app.css',
    ]);
  });

  test('web/dist names no address: every file of the build', () => {
    assert.ok(existsSync(join(WEB_ROOT, 'index.html')), 'build the web app first: npm run build');
    const scanned = files(WEB_ROOT);
    assert.ok(scanned.some((f) => f.endsWith('.js')) && scanned.some((f) => f.endsWith('.css')), 'the build has scripts and styles');
    assert.deepEqual(absoluteUrls(WEB_ROOT), []);
  });

  test('served at an onion address: the page and its files load from that address, its writes are accepted, another address\'s are refused', { timeout: 60_000 }, async () => {
    const server = await startTestServer('pglite', { webRoot: WEB_ROOT });
    try {
      const onion = 'jirgaexampleaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion';
      const page = await rawRequest(server.base, { path: '/', headers: { host: onion } });
      assert.equal(page.status, 200);
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith('#') && !u.startsWith('data:'));
      assert.ok(assets.length >= 2, page.text);
      for (const asset of assets) {
        assert.match(asset, /^\/[^/]/, `${asset} is a path on the address the page came from`);
        assert.equal((await rawRequest(server.base, { path: asset, headers: { host: onion } })).status, 200, asset);
      }
      // tor connects from 127.0.0.1 and passes the browser's Host and Origin: no setting is needed
      const body = JSON.stringify({ username: 'organiser', password: ORGANISER_PASSWORD });
      const login = await rawRequest(server.base, { method: 'POST', path: '/api/session', body, headers: { host: onion, origin: `http://${onion}` } });
      assert.equal(login.status, 200, login.text);
      const other = await rawRequest(server.base, { method: 'POST', path: '/api/session', body, headers: { host: onion, origin: 'http://anotheraddress.onion' } });
      assert.equal(other.status, 403, other.text);
      assert.equal(JSON.parse(other.text).code, 'cross-origin');
    } finally {
      await server.stop();
    }
  });
});
