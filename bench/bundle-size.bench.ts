// How much the voting page downloads (JS + CSS), up to a prepared ballot.
//   node --import tsx bench/bundle-size.bench.ts      (needs npm run build)
import { tempDir } from '../test/helpers/tools.ts';
import { launchBrowser, WEB_ROOT } from '../test/helpers/browser.ts';
import { measureVotingPage } from '../test/helpers/bundle.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { seedDemo } from '../src/services/elections/demo.ts';

const server = await startTestServer('pglite', { webRoot: WEB_ROOT });
const demo = await seedDemo(server.ctx, tempDir('jirga-bundle-'));
const open = demo.find((d) => d.state === 'open')!;
const browser = await launchBrowser();
const figures = await measureVotingPage(browser, server.base, open.uuid, open.credentials[0]!);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log('| file | raw | gzip -9 | brotli |\n| --- | --- | --- | --- |');
for (const f of figures.files) console.log(`| ${f.path} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);
console.log(`| **total (${figures.files.length} files)** | ${kb(figures.raw)} | **${kb(figures.gzip)}** | ${kb(figures.brotli)} |`);
console.log(`\nbudget: 150 KiB gzipped; used ${((figures.gzip / (150 * 1024)) * 100).toFixed(0)}%`);
await browser.close();
await server.stop();
