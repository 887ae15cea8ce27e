// Build the service worker (web/src/offline/sw.ts) after Vite has built the app, with the
// list of files it keeps from the first visit (Workbox's precache manifest): the page
// frame, the voting booth and its encryption worker, their texts in the three languages
// and the fonts — what a voter needs to open the booth and seal a ballot with no network.
// Everything else the reader visits is kept as it is fetched (file names under assets/
// carry a content hash). Vite's manifest (web/dist/.vite) is read here and then removed:
// it is not served.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { brotliCompressSync } from 'node:zlib';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'web', 'dist');
const manifestPath = join(dist, '.vite', 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** The pages kept from the first visit (and the QR codes of the carry panel, loaded on demand), and the features whose texts they show (web/src/pages.ts). */
const OFFLINE_PAGES = ['src/features/vote/vote-page.tsx', 'src/features/vote/carry-qr.tsx'];
const OFFLINE_TEXTS = ['frame', 'vote'];
const LANGUAGES = ['en', 'fa-AF', 'ps-AF'];

const files = new Set();
const seen = new Set();
function take(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) throw new Error(`build-sw: ${key} is not in Vite's manifest`);
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  // fonts: woff2 only (every browser with service workers reads it); the worker(s) of a page
  for (const asset of chunk.assets ?? []) if (!asset.endsWith('.woff')) files.add(asset);
  for (const imported of chunk.imports ?? []) take(imported);
}
take('index.html');
for (const page of OFFLINE_PAGES) take(page);
for (const language of LANGUAGES) for (const feature of OFFLINE_TEXTS) take(`src/i18n/${language}/${feature}.ts`);
// the stylesheet's fonts are not in the entry's assets: every woff2 the build emitted
for (const chunk of Object.values(manifest)) if (chunk.file.endsWith('.woff2')) files.add(chunk.file);

const revision = (file) => createHash('sha256').update(readFileSync(join(dist, file))).digest('hex').slice(0, 16);
// names under assets/ carry their content's hash: no revision needed
const entries = [{ url: 'index.html', revision: revision('index.html') }, ...[...files].filter((f) => f !== 'index.html').sort().map((url) => ({ url, revision: null }))];
const bytes = entries.reduce((n, e) => n + readFileSync(join(dist, e.url)).length, 0);
// what crosses the network (the server sends brotli; fonts are already compressed)
const sent = entries.reduce((n, e) => n + (e.url.endsWith('.woff2') ? readFileSync(join(dist, e.url)).length : brotliCompressSync(readFileSync(join(dist, e.url))).length), 0);

const built = await build({
  entryPoints: [join(root, 'web/src/offline/sw.ts')],
  outfile: join(dist, 'sw.js'),
  write: false,
  bundle: true,
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'self.__WB_MANIFEST': JSON.stringify(entries), 'process.env.NODE_ENV': '"production"' },
});
// The app names no address of any host (test/e2e/relative-urls.e2e.test.ts): Workbox's one
// console warning ends with a link to its documentation, never requested; it goes.
const code = built.outputFiles[0].text.replace(/ ?Learn more at https:\/\/bit\.ly\/wb-precache/g, '');
if (/https?:\/\//.test(code.replace(/http:\/\/www\.w3\.org/g, ''))) throw new Error('build-sw: the service worker names an address');
writeFileSync(join(dist, 'sw.js'), code);
rmSync(join(dist, '.vite'), { recursive: true, force: true });
console.log(`service worker: ${entries.length} files kept from the first visit (${(bytes / 1024).toFixed(0)} KiB, ${(sent / 1024).toFixed(0)} KiB compressed)`);
