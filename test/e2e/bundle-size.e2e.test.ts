// The voting page loads on a slow connection: its JS + CSS at most 150 KiB gzipped
// (bench/bundle-size.bench.ts prints the detail).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDemo } from '../../src/services/elections/demo.ts';
import { launchBrowser, WEB_ROOT } from '../helpers/browser.ts';
import { measureVotingPage } from '../helpers/bundle.ts';
import { startTestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/tools.ts';

test('the voting page downloads at most 150 KiB of gzipped JS and CSS', { timeout: 180_000 }, async () => {
  const server = await startTestServer('pglite', { webRoot: WEB_ROOT });
  const browser = await launchBrowser();
  try {
    const demo = await seedDemo(server.ctx, tempDir('jirga-bundle-'));
    const open = demo.find((d) => d.state === 'open')!;
    const figures = await measureVotingPage(browser, server.base, open.uuid, open.credentials[0]!);
    assert.ok(figures.files.some((f) => f.path.includes('booth.worker')), 'the encryption worker was loaded');
    assert.ok(figures.files.some((f) => f.path.endsWith('.css')), 'the stylesheet was loaded');
    assert.ok(figures.gzip <= 150 * 1024, `voting page JS+CSS is ${(figures.gzip / 1024).toFixed(1)} KiB gzipped, over 150 KiB`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
