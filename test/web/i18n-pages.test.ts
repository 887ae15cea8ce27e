// Every page downloads the texts it shows, and no more than its features': for each
// route, the keys used by its code and everything that code imports (followed by
// esbuild) belong to the features web/src/pages.ts lists for it, or to the frame;
// the frame itself (app.tsx, main.tsx) uses only the frame's texts. A text shown
// by a page whose features do not include it would appear as its bare key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { build, type Plugin } from 'esbuild';
import { FEATURES, type Feature } from '../../web/src/i18n/features.ts';
import { PAGES } from '../../web/src/pages.ts';
import { ROOT } from '../helpers/tools.ts';

const WEB = join(ROOT, 'web', 'src');

/** Each feature's keys, read from its English file. */
const FEATURE_KEYS = new Map<Feature, string[]>(
  await Promise.all(FEATURES.map(async (f) => [f, Object.keys((await import(join(WEB, 'i18n', 'en', `${f}.ts`))).default as object)] as const)),
);
const ALL_KEYS = [...FEATURE_KEYS.values()].flat();

/** The keys a source file names: literals ('vote.cast'), plural stems (tn('question.exactly') uses .one and .other), and template prefixes (`check.${name}`). */
export function keysNamedIn(source: string): Set<string> {
  const out = new Set<string>();
  for (const m of source.matchAll(/(['"])([a-zA-Z]+\.[a-zA-Z0-9.]+)\1/g)) {
    const literal = m[2]!;
    for (const k of [literal, `${literal}.one`, `${literal}.other`]) if (ALL_KEYS.includes(k)) out.add(k);
  }
  for (const m of source.matchAll(/`([a-zA-Z]+\.[a-zA-Z0-9.]*)\$\{/g)) for (const k of ALL_KEYS) if (k.startsWith(m[1]!)) out.add(k);
  return out;
}

/** Our files that `entry` imports, directly or not; pages loaded later (import()) and packages are not followed. */
async function sourcesOf(entry: string): Promise<string[]> {
  const notFollowed: Plugin = {
    name: 'not-followed',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' || !/^[./]/.test(args.path) ? { path: args.path, external: true } : undefined));
    },
  };
  const r = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', logLevel: 'silent', jsx: 'automatic', jsxImportSource: 'preact', loader: { '.css': 'empty' }, plugins: [notFollowed], absWorkingDir: ROOT });
  // the texts themselves are not code that shows them
  return Object.keys(r.metafile.inputs).filter((f) => f.startsWith('web/src/') && !f.startsWith('web/src/i18n/'));
}

async function keysShownFrom(entries: string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const entry of entries) for (const file of await sourcesOf(entry)) for (const k of keysNamedIn(readFileSync(join(ROOT, file), 'utf8'))) keys.add(k);
  return keys;
}

const keysOf = (features: readonly Feature[]) => new Set(features.flatMap((f) => FEATURE_KEYS.get(f)!));

/** The module of each route, as pages.ts imports it. */
function pageFiles(): Map<string, string> {
  const source = readFileSync(join(WEB, 'pages.ts'), 'utf8');
  return new Map([...source.matchAll(/^\s+'?([\w-]+)'?: page\(\(\) => import\('\.\/(.+?)'\)/gm)].map((m) => [m[1]!, join(WEB, m[2]!)]));
}

describe('texts loaded with the pages', () => {
  const shown = new Set<string>();

  test('the frame (header, footer, errors) uses only the frame’s texts', async () => {
    const used = await keysShownFrom([join(WEB, 'main.tsx'), join(WEB, 'app.tsx')]);
    // the errors' texts are fetched by ErrorMessage when one is shown (web/src/components/error-message.tsx)
    const frame = keysOf(['frame', 'errors']);
    assert.deepEqual([...used].filter((k) => !frame.has(k)), []);
    for (const k of used) shown.add(k);
  });

  test('every page lists the features of every text it shows', async () => {
    const files = pageFiles();
    assert.deepEqual([...files.keys()].sort(), Object.keys(PAGES).sort(), 'pages.ts: one import per route');
    const problems: string[] = [];
    for (const [route, file] of files) {
      const page = PAGES[route as keyof typeof PAGES];
      const allowed = keysOf(['frame', 'errors', ...page.texts]);
      const used = await keysShownFrom([file]);
      for (const k of used) shown.add(k);
      const missing = [...used].filter((k) => !allowed.has(k));
      if (missing.length) problems.push(`${route}: ${missing.join(', ')} (in ${FEATURES.filter((f) => missing.some((k) => FEATURE_KEYS.get(f)!.includes(k))).join(', ')})`);
      // and no feature listed for nothing
      for (const f of page.texts) if (!FEATURE_KEYS.get(f)!.some((k) => used.has(k))) problems.push(`${route}: lists ${f} but shows none of its texts`);
    }
    assert.deepEqual(problems, []);
  });

  test('every text is shown by some page or by the frame', () => {
    assert.deepEqual(ALL_KEYS.filter((k) => !shown.has(k)), []);
  });

  test('the voting page carries only the frame’s and the booth’s texts', () => {
    assert.deepEqual([...PAGES.vote.texts], ['vote']);
  });
});
