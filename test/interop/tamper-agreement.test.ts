// The verifier's tamper cases (test/helpers/tamper-cases.ts) beside the reference:
// `belenios-tool election verify` rejects every one of them, saying why — or, where it
// accepts one, the case says which check Jirga adds and on what part of the spec
// (docs/belenios-compatibility.md), and this test notices if belenios-tool changes.
// Every case's verdict from Jirga's verifier is asserted in process by
// test/protocol/verifier-checks.test.ts; here the first case of each check also goes
// through the `jirga verify` command: exit 1 (2 for unusable input), the check and
// its message on the last line, one [FAIL] line per failing check, no stack trace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { fixture, HONEST_BOARDS, TAMPER_CASES } from '../helpers/tamper-cases.ts';
import { belenios, lastLine, ROOT, tempDir } from '../helpers/tools.ts';

const exec = promisify(execFile);

async function runTool(command: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, BELENIOS_USE_URANDOM: '1' } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

let n = 0;
function place(bytes: Uint8Array): { dir: string; file: string } {
  const dir = join(tempDir('jirga-tamper-'), String(n++));
  mkdirSync(dir);
  const file = join(dir, 'election.bel');
  writeFileSync(file, bytes);
  return { dir, file };
}

const jirgaVerify = (file: string) => runTool(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'verify', '--workers', '1', file]);
const beleniosVerify = (dir: string) => runTool('belenios-tool', ['election', 'verify', '--dir', dir]);

// two archives at a time: one core runs belenios-tool while the other runs jirga
describe('tampered belenios-tool archives: jirga verify names the check, belenios-tool agrees', { concurrency: 2 }, () => {
  test('belenios-tool is installed', () => void belenios(['--version']));

  for (const h of HONEST_BOARDS) {
    test(`untouched: ${h.fixture} election, ${h.name} — both tools accept it`, async () => {
      const { dir, file } = place(h.make(fixture(h.fixture)));
      const [ours, theirs] = await Promise.all([jirgaVerify(file), beleniosVerify(dir)]);
      assert.equal(ours.code, 0, ours.out);
      assert.match(lastLine(ours.out), /^valid: /);
      assert.equal(theirs.code, 0, theirs.out);
    });
  }

  const throughCli = new Set(TAMPER_CASES.filter((t, i) => TAMPER_CASES.findIndex((u) => u.check === t.check && u.status === t.status) === i));
  for (const t of TAMPER_CASES) {
    test(`${t.check}: ${t.name}`, async () => {
      const { dir, file } = place(t.make(fixture(t.fixture)));
      const [ours, theirs] = await Promise.all([throughCli.has(t) ? jirgaVerify(file) : undefined, beleniosVerify(dir)]);
      if (t.beleniosAccepts) {
        assert.equal(theirs.code, 0, `belenios-tool now rejects it — update the case and docs/belenios-compatibility.md:\n${theirs.out}`);
      } else {
        assert.notEqual(theirs.code, 0, `belenios-tool accepts it:\n${theirs.out}`);
        assert.match(theirs.out, t.belenios!, theirs.out);
      }
      if (!ours) return;
      assert.equal(ours.code, t.status === 'failed' ? 1 : 2, ours.out);
      const prefix = t.status === 'failed' ? `invalid: ${t.check}: ` : `invalid: unusable input: ${t.check}: `;
      const last = lastLine(ours.out);
      assert.ok(last.startsWith(prefix), `last line: ${last}`);
      assert.match(last.slice(prefix.length), t.detail);
      const marked = ours.out.split('\n').filter((l) => /^\[(FAIL|BAD )\]/.test(l)).map((l) => l.replace(/^\[(FAIL|BAD )\] ([^:]+):.*$/, '$2'));
      assert.deepEqual(marked, [t.check, ...(t.alsoFails ?? [])], ours.out);
      assert.doesNotMatch(ours.out, /at .*\.(ts|mjs):\d+/, 'no stack trace');
    });
  }

  test('every case says what belenios-tool does with it', () => {
    for (const t of TAMPER_CASES) assert.ok(Boolean(t.belenios) !== Boolean(t.beleniosAccepts), t.name);
  });
});
