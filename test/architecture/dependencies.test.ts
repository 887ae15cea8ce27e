// The shape of the code (docs/architecture.md), checked by dependency-cruiser with the
// rules in .dependency-cruiser.cjs: no import cycles; the kernel imports nothing of
// ours; cores import no services, store, server, node code, CLI or web app; only
// src/store opens the database; the web app never imports the server's side.
// The fixture tree test/fixtures/architecture breaks each rule once, so that a rule
// that stopped firing would be noticed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/tools.ts';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string, config: string, dirs: string[]): { code: number | null; violations: Violation[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...dirs, '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.stdout, `dependency-cruiser printed nothing:\n${r.stderr}`);
  const report = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  return { code: r.status, violations: report.summary.violations, stderr: r.stderr };
}

const describeAll = (vs: Violation[]) => vs.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).join('\n');

describe('the dependency rules', { concurrency: true }, () => {
  test('src/ keeps every rule', () => {
    const r = cruise(ROOT, join(ROOT, '.dependency-cruiser.cjs'), ['src']);
    assert.equal(r.violations.length, 0, describeAll(r.violations));
    assert.equal(r.code, 0, r.stderr);
  });

  test('web/src keeps every rule', () => {
    const r = cruise(ROOT, join(ROOT, 'web', '.dependency-cruiser.cjs'), ['web/src']);
    assert.equal(r.violations.length, 0, describeAll(r.violations));
    assert.equal(r.code, 0, r.stderr);
  });

  test('a tree that breaks each rule once is refused, rule by rule', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'architecture');
    const r = cruise(dir, join(ROOT, '.dependency-cruiser.cjs'), ['src', 'web']);
    const seen = describeAll(r.violations).split('\n').sort();
    assert.deepEqual(seen, [
      'cores-are-pure: src/protocol/ballot.js → src/store/board.js',
      'kernel-depends-on-nothing: src/kernel/ids.js → src/protocol/ballot.js',
      'no-cycles: src/services/elections/a.js → src/services/monitor/b.js',
      'only-the-store-opens-the-database: src/server/sql.js → ../../../node_modules/pg/lib/index.js',
      'protocol-is-standalone: src/protocol/ballot.js → src/store/board.js',
      'web-uses-the-contract-not-the-server: web/src/page.js → src/services/elections/a.js',
    ]);
  });
});
