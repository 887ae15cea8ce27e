// The voting page loads on a slow connection: its JS + CSS at most 150 KiB gzipped
// (bench/bundle-size.bench.ts prints the detail).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    // the verifier (its worker, its code and its texts in every language) is the election page's, never the booth's
    assert.deepEqual(figures.files.filter((f) => /verif/i.test(f.path)).map((f) => f.path), []);
    // nor bundled into the booth's own files: the verifier's words and its checks' are nowhere in them
    const verifierCode = figures.files.filter((f) => /byte-identical to the archive belenios-tool|shufflesUnsupported|checkEventChain/.test(readFileSync(join(WEB_ROOT, f.path), 'utf8')));
    assert.deepEqual(verifierCode.map((f) => f.path), []);
    console.log(`voting page: ${(figures.gzip / 1024).toFixed(1)} KiB gzipped in ${figures.files.length} files`);
    assert.ok(figures.gzip <= 150 * 1024, `voting page JS+CSS is ${(figures.gzip / 1024).toFixed(1)} KiB gzipped, over 150 KiB`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
