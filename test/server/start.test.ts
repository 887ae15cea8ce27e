// `npm start` on a fresh database: the server comes up with the demo convention —
// a counted election, an open one, and a sample conversation whose analysis
// (computed off the request path) shows opinion groups and common ground.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/tools.ts';

describe('jirga serve with the demo (what npm start runs)', () => {
  const dataDir = tempDir('jirga-start-');
  const server = spawn(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir, JIRGA_LOG: '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  after(() => {
    server.kill('SIGTERM');
  });

  test('demo convention, elections and a conversation with groups and consensus', { timeout: 240_000 }, async () => {
    const started = Date.now();
    let base = '';
    while (!base) {
      const m = /Jirga is running at (http:\/\/localhost:\d+)\//.exec(output);
      if (m) base = m[1]!;
      else if (server.exitCode !== null) assert.fail(`the server stopped: ${output}`);
      else if (Date.now() - started > 180_000) assert.fail(`the server did not start: ${output}`);
      else await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(output, /Demo conversation \(deliberation, 40 simulated participants\): http:\/\/localhost:\d+\/d\/\w+/);
    const conventions = (await (await fetch(`${base}/api/conventions`)).json()) as { id: string }[];
    assert.equal(conventions.length, 1);
    const conversations = (await (await fetch(`${base}/api/conventions/${conventions[0]!.id}/conversations`)).json()) as { id: string; counts: { participants: number } }[];
    assert.equal(conversations.length, 1);
    assert.equal(conversations[0]!.counts.participants, 40);
    let report: { analysis: { k: number; consensus: { agree: { statement: number }[] } } | null; statements: { id: number; translations: Record<string, string> }[] } | undefined;
    for (let i = 0; i < 100; i++) {
      report = (await (await fetch(`${base}/api/conversations/${conversations[0]!.id}/report`)).json()) as typeof report;
      if (report?.analysis) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.ok(report?.analysis, 'the analysis ran after start');
    assert.ok(report.analysis.k >= 2, `k = ${report.analysis.k}`);
    assert.ok(report.analysis.consensus.agree.some((c) => c.statement === 0), 'girls’ and women’s right to study and work is common ground');
    assert.ok(report.statements.every((s) => Object.keys(s.translations).length === 2), 'every sample statement has its two translations');

    // the monitor's demo entries: every one marked as a sample, in data and in each language's text
    const monitor = (await (await fetch(`${base}/api/monitor`)).json()) as { samples: boolean; states: { state: string; sample: boolean; score: number }[] };
    assert.equal(monitor.samples, true);
    assert.ok(monitor.states.length >= 5 && monitor.states.every((s) => s.sample), 'every tallied state comes from sample entries only');
    const { claims, sources } = (await (await fetch(`${base}/api/monitor/claims`)).json()) as { claims: { sample: boolean; text: Record<string, string> }[]; sources: Record<string, { url: string; title: string; sample: boolean }> };
    assert.ok(claims.length >= 10);
    for (const c of claims) {
      assert.equal(c.sample, true);
      assert.match(c.text.en!, /^Sample — not a real event\./);
      assert.match(c.text['fa-AF']!, /^نمونه — رویداد واقعی نیست\./);
      assert.match(c.text['ps-AF']!, /^بېلګه — رښتینې پېښه نه ده\./);
    }
    for (const s of Object.values(sources)) {
      assert.equal(s.sample, true);
      assert.match(s.url, /^https:\/\/example\.org\//, 'sample sources point at the reserved example domain only');
      assert.match(s.title, /not a real document/);
    }
  });
});
