// Bundle the CLI (and its workers) into dist/ with esbuild, so `jirga` starts in
// about 0.1 s instead of compiling TypeScript at every start. Run by `npm ci`
// (prepare) and `npm run build`; bin/jirga.mjs falls back to the sources through
// tsx when dist/ is missing or older than src/.
import { build } from 'esbuild';
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: { jirga: join(root, 'src/cli/main.ts'), 'ballot-worker': join(root, 'src/node/ballot-worker.ts'), 'simulate-worker': join(root, 'src/node/simulate-worker.ts'), 'shuffle-worker': join(root, 'src/node/shuffle-worker.ts'), 'verify-worker': join(root, 'src/cli/verify-worker.ts'), 'math-worker': join(root, 'src/services/conversations/math-worker.ts') },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // dependencies stay in node_modules (PGlite finds its .wasm and .data files there)
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // a banner so that bundled CommonJS dependencies can still require()
  banner: { js: "import { createRequire as __jirgaRequire } from 'node:module'; const require = __jirgaRequire(import.meta.url);" },
});
// SQL migrations are read at run time, next to the bundle.
cpSync(join(root, 'src/store/migrations'), join(root, 'dist/migrations'), { recursive: true });
