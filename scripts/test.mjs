// `npm test`: type-check the whole project, then run every test file under test/
// with node:test (TypeScript through tsx). Exit code is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function step(title, command, args) {
  console.log(`\n== ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

const only = process.argv.slice(2);
const files = (only.length ? only.map((f) => join(root, f)) : findTests(join(root, 'test'))).sort();
step('build (CLI bundle and web app)', 'npm', ['run', 'build', '--silent']);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
step('type check (tsc --noEmit)', process.execPath, [tsc, '--noEmit', '-p', root]);
// the Belenios core alone, without Node or DOM types: it must run anywhere
step('type check of src/protocol without Node or DOM types', process.execPath, [tsc, '--noEmit', '-p', join(root, 'src', 'protocol')]);
// a test that hangs fails after 20 minutes, naming itself, instead of holding the run until CI's limit
step(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-timeout', String(20 * 60 * 1000), '--test-reporter', 'spec', ...files.map((f) => relative(root, f))]);
console.log('\nall tests passed');
