// The web app's files (src/server/app.ts): every answer carries the security headers, a
// malformed address is refused without echoing it, and a path that leaves the web root
// gets the same 404 whether or not a file exists there (no file-existence oracle).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SECURITY_HEADERS } from '../../src/server/app.ts';
import { rawRequest, type RawAnswer } from '../helpers/raw-http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

function assertSecurityHeaders(a: RawAnswer, what: string): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(a.headers[k], v, `${what}: ${k}`);
}

describe('static files', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    // <dir>/secret.txt exists outside the web root <dir>/web; <dir>/missing.txt does not
    dir = mkdtempSync(join(tmpdir(), 'jirga-static-'));
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(web, 'exit.html'), '<!doctype html><title>exit</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'SECRET');
    writeFileSync(join(dir, 'secret'), 'SECRET');
    server = await startTestServer('pglite', { webRoot: web });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('files and app paths are served, with the security headers', async () => {
    const asset = await rawRequest(server.base, { path: '/assets/app-1234.js' });
    assert.equal(asset.status, 200);
    assert.equal(asset.text, 'console.log(1)');
    assertSecurityHeaders(asset, 'asset');
    const page = await rawRequest(server.base, { path: '/conversations/abc' });
    assert.equal(page.status, 200);
    assert.match(page.text, /<title>app/);
    assertSecurityHeaders(page, 'app path');
  });

  test('malformed %-encoding: 400 with the security headers, the path not echoed', async () => {
    for (const path of ['/%E0%A4%A', '/%zz<script>alert(1)</script>', '/assets/%', '/%C0%AF..%C0%AFsecret.txt', '/api/elections/%E0%A4%A', '/%ff%fe.js']) {
      const a = await rawRequest(server.base, { path });
      assert.ok(a.status === 400 || a.status === 404, `${path}: ${a.status} ${a.text}`);
      assertSecurityHeaders(a, path);
      assert.doesNotMatch(a.text, /%|script|<|secret/i, `${path}: ${a.text}`);
      assert.ok(!a.text.includes('SECRET'));
    }
  });

  test('a path out of the web root: the same 404 whether a file exists there or not', async () => {
    const pairs = [
      ['/..%2Fsecret.txt', '/..%2Fmissing.txt'],
      ['/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd', '/..%2F..%2F..%2F..%2F..%2Fetc%2Fno-such-file'],
      ['/assets/..%2F..%2Fsecret.txt', '/assets/..%2F..%2Fmissing.txt'],
      ['/..%2Fsecret', '/..%2Fmissing'],
      ['/..%5Csecret.txt', '/..%5Cmissing.txt'],
    ];
    for (const [exists, missing] of pairs) {
      const a = await rawRequest(server.base, { path: exists! });
      const b = await rawRequest(server.base, { path: missing! });
      assert.equal(a.status, 404, `${exists}: ${a.status} ${a.text.slice(0, 100)}`);
      assert.equal(b.status, 404, `${missing}: ${b.status} ${b.text.slice(0, 100)}`);
      assert.equal(a.text, b.text, `${exists} / ${missing}`);
      assert.ok(!a.text.includes('SECRET'));
      assertSecurityHeaders(a, exists!);
      assertSecurityHeaders(b, missing!);
    }
    // %2E%2E is not decoded into a path segment: an app path (the single page), the same for both
    const a = await rawRequest(server.base, { path: '/%2E%2E/secret.txt' });
    const b = await rawRequest(server.base, { path: '/%2E%2E/missing.txt' });
    assert.equal(a.status, b.status);
    assert.equal(a.text, b.text);
    assert.ok(!a.text.includes('SECRET'));
  });
});
