// How long the voting page takes to show the booth over DevTools' "Slow 3G" (2 s
// latency, about 50 kB/s each way), for one or more builds of the web app served by
// the same test server: three loads each, at 360 px.
//   node --import tsx bench/slow-link.bench.ts                       this checkout's web/dist (npm run build first)
//   node --import tsx bench/slow-link.bench.ts web/dist /tmp/main/web/dist   side by side with another build
// (another build: `git archive main web src tsconfig.json package.json | tar -x -C /tmp/main`,
// link node_modules there, `npx vite build --config web/vite.config.ts`, then
// scripts/compress-web.mjs copied there, as the server sends precompressed files).
import { resolve } from 'node:path';
import { seedDemo } from '../src/services/elections/demo.ts';
import { launchBrowser, WEB_ROOT } from '../test/helpers/browser.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { tempDir } from '../test/helpers/tools.ts';

const roots = process.argv.length > 2 ? process.argv.slice(2).map((r) => resolve(r)) : [WEB_ROOT];
const browser = await launchBrowser();
for (const webRoot of roots) {
  const server = await startTestServer('pglite', { webRoot });
  const demo = await seedDemo(server.ctx, tempDir('jirga-slow-'));
  const open = demo.find((d) => d.state === 'open')!;
  const times: string[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    const started = Date.now();
    await page.goto(`${server.base}/e/${open.uuid}/vote`, { timeout: 120_000 });
    await page.waitForSelector('#credential', { timeout: 120_000 });
    times.push(`${((Date.now() - started) / 1000).toFixed(1)} s`);
    await context.close();
  }
  console.log(`${webRoot}: the booth ready in ${times.join(', ')}`);
  await server.stop();
}
await browser.close();
