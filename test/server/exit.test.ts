// The quick exit's landing: /exit serves a neutral page (no name of the app), or sends
// the browser to the page the organiser chose (JIRGA_EXIT_URL), never cached.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildServer } from '../../src/server/app.ts';
import { exitUrlFrom, serveOptionsFromEnv } from '../../src/server/start.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { ROOT, tempDir } from '../helpers/tools.ts';

function webRoot(): string {
  const dir = tempDir('jirga-web-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Jirga</title><div id="app"></div>');
  copyFileSync(join(ROOT, 'web', 'public', 'exit.html'), join(dir, 'exit.html'));
  return dir;
}

// the routes tested here never touch the database
const ctx = {} as ServiceContext;

test('by default /exit is a neutral page that does not name the app, never cached', async () => {
  const app = await buildServer({ ctx, webRoot: webRoot() });
  const r = await app.inject({ method: 'GET', url: '/exit' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.match(r.body, /<title>Weather<\/title>/);
  assert.doesNotMatch(r.body, /jirga|جرگه|جرګه|vote|رأی|رایه/i);
  await app.close();
});

test('JIRGA_EXIT_URL sends the quick exit to the organiser’s page', async () => {
  const app = await buildServer({ ctx, webRoot: webRoot(), exitUrl: 'https://news.example.org/today' });
  const r = await app.inject({ method: 'GET', url: '/exit' });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, 'https://news.example.org/today');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  await app.close();
  assert.equal(serveOptionsFromEnv({ JIRGA_EXIT_URL: '/weather.html' }).exitUrl, '/weather.html');
  assert.equal(serveOptionsFromEnv({}).exitUrl, undefined);
  assert.throws(() => exitUrlFrom('javascript:alert(1)'), /http\(s\)/);
  assert.throws(() => exitUrlFrom('//evil.example/x'), /http\(s\)/);
  assert.throws(() => exitUrlFrom('news'), /http\(s\)/);
});
