// CLI commands and options the README names that no other test ran: `jirga demo`,
// usage and exit codes, `setup generate-token --length`, `inclusion rake --trim`
// and `--max-iterations`, `inclusion report --warn-below`, `deliberation analyze
// --full`, `sanctions screen --limit/--threshold/--dob`, `sanctions network
// --depth`, `monitor check --format`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { belenios, jirga, lastLine, ROOT, run, tempDir } from '../helpers/tools.ts';

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

describe('jirga: usage and exit codes', () => {
  test('no command: the usage and exit 2; help: exit 0; an unknown command or subcommand: exit 2 naming it', () => {
    const none = jirga([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /jirga verify ARCHIVE\.bel \[--workers N\] \[--max-size BYTES\] \[--heap-mb MB\] \[--json\]/);
    const help = jirga(['--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, none.stdout);
    const unknown = jirga(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const sub = jirga(['setup', 'frobnicate']);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /jirga setup: unknown command "frobnicate"; one of: generate-token, /);
    const option = jirga(['simulate', '--out', join(tempDir(), 'x.bel'), '--voters', '2', '--no-such-option']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /no-such-option/);
  });

  test('setup generate-token: 14 base-58 characters as belenios-tool, --length N for N', () => {
    const short = jirga(['setup', 'generate-token']).stdout.trim();
    assert.match(short, BASE58);
    assert.equal(short.length, 14);
    assert.equal(belenios(['setup', 'generate-token']).stdout.trim().length, short.length, 'the same length as belenios-tool');
    const long = jirga(['setup', 'generate-token', '--length', '22']);
    assert.equal(long.code, 0, long.stderr);
    assert.match(long.stdout.trim(), BASE58);
    assert.equal(long.stdout.trim().length, 22);
    assert.notEqual(jirga(['setup', 'generate-token']).stdout.trim(), short, 'random');
  });
});

describe('jirga demo', () => {
  test('simulates, verifies and explains a small election; the archive it writes verifies with belenios-tool', () => {
    const data = tempDir('jirga-demo-cli-');
    const r = run(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'demo'], { env: { JIRGA_DATA_DIR: data } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^valid: election \w+: 15 ballot\(s\), 12 counted, result /m);
    const dir = join(data, 'demo');
    const archives = readdirSync(dir).filter((f) => f.endsWith('.bel'));
    assert.equal(archives.length, 1);
    assert.ok(r.stdout.includes(`Archive written to ${join(dir, archives[0]!)}`));
    assert.match(r.stdout, /trustees: 2-of-3 threshold|threshold/);
    // the counts it explains are the verified result: the first question has one answer per counted voter
    const verified = JSON.parse(/result (\[\[.*\]\])$/m.exec(r.stdout)![1]!) as string[][];
    const explained = [...r.stdout.matchAll(/^ {4}(?!blank)[^:\n]+: (\d+)$/gm)].map((m) => m[1]!);
    assert.deepEqual(explained.slice(0, 4), verified[0]);
    assert.equal(verified[0]!.reduce((a, n) => a + Number(n), 0), 12);
    const theirs = belenios(['election', 'verify', '--dir', dir]);
    assert.equal(theirs.code, 0, theirs.stderr);
    assert.match(lastLine(jirga(['verify', join(dir, archives[0]!), '--quiet']).stdout), /^valid: /);
  });
});

describe('jirga inclusion options', () => {
  const dir = tempDir('jirga-incl-opts-');
  const respondents = join(dir, 'r.csv');
  const targets = join(dir, 't.json');
  // 90 men and 10 women against 50/50: the women need weights of about 5
  writeFileSync(respondents, ['gender,age', ...Array.from({ length: 90 }, (_, i) => `man,${i % 3 ? 'young' : 'old'}`), ...Array.from({ length: 10 }, (_, i) => `woman,${i % 2 ? 'young' : 'old'}`)].join('\n') + '\n');
  writeFileSync(targets, JSON.stringify({ gender: { man: 0.5, woman: 0.5 }, age: { young: 0.6, old: 0.4 } }));
  const weightsIn = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));

  test('rake --trim MAX caps every weight at MAX times the mean, says how many are at the cap and that the targets are then missed (exit 1)', () => {
    const free = jirga(['inclusion', 'rake', '--respondents', respondents, '--targets', targets, '--out', join(dir, 'free.csv')]);
    assert.equal(free.code, 0, free.stdout + free.stderr);
    assert.ok(Math.max(...weightsIn(join(dir, 'free.csv'))) > 4, 'without a cap the women weigh about 5');
    const capped = jirga(['inclusion', 'rake', '--respondents', respondents, '--targets', targets, '--out', join(dir, 'capped.csv'), '--trim', '3']);
    assert.equal(capped.code, 1, capped.stdout);
    const w = weightsIn(join(dir, 'capped.csv'));
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    assert.ok(w.every((x) => x <= 3 * mean + 1e-9), `every weight at most 3 × mean (${Math.max(...w)})`);
    assert.equal(w.filter((x) => Math.abs(x - 3 * mean) < 1e-9).length, 10);
    assert.match(capped.stdout, /weights at the cap \(3 × mean\): 10/);
    assert.match(capped.stdout, /did not converge/);
  });

  test('rake --max-iterations N stops after N and says it did not converge (exit 1)', () => {
    const r = jirga(['inclusion', 'rake', '--respondents', respondents, '--targets', targets, '--out', join(dir, 'one.csv'), '--max-iterations', '1']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^iterations: 1$/m);
    assert.match(r.stdout, /did not converge: .* after 1 iterations/);
  });

  test('report --warn-below R warns of every category under R times its reference share, and only those', () => {
    const warned = (below: string) => {
      const r = jirga(['inclusion', 'report', '--respondents', respondents, '--reference', targets, '--warn-below', below]);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as { dimensions: Record<string, { warnings: { category: string }[] }> };
      return Object.values(report.dimensions).flatMap((d) => d.warnings.map((x) => x.category)).sort();
    };
    // ratios: man 1.8, woman 0.2, young 65/60 = 1.08, old 35/40 = 0.875
    assert.deepEqual(warned('0.5'), ['woman']);
    assert.deepEqual(warned('0.9'), ['old', 'woman']);
  });
});

describe('jirga deliberation analyze --full', () => {
  test('the whole analysis, whose groups, consensus and repness are the summary\'s', () => {
    const polis = join(ROOT, 'test', 'fixtures', 'polis', 'scoop-hivemind.ubi');
    const summary = JSON.parse(jirga(['deliberation', 'analyze', '--polis', polis]).stdout);
    const full = JSON.parse(jirga(['deliberation', 'analyze', '--polis', polis, '--full']).stdout);
    assert.deepEqual(Object.keys(summary).sort(), ['consensus', 'divisive', 'groups', 'k', 'repness']);
    for (const key of ['pca', 'membership', 'nParticipants', 'nVotes', 'statements']) assert.ok(key in full, `--full has ${key}`);
    assert.equal(full.k, summary.k);
    assert.deepEqual(full.membership, summary.groups);
    assert.deepEqual(full.consensus.agree.map((c: { statement: number }) => String(c.statement)), summary.consensus);
  });
});

describe('jirga sanctions options', () => {
  type Match = { match: boolean; score: number; refs: string[]; why: string };
  const screen = (args: string[]) => {
    const r = jirga(['sanctions', 'screen', '--json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { matches: Match[] }).matches;
  };

  test('screen --threshold decides what is a match; --limit caps the others listed, never a match; --dob weighs the birth year', () => {
    // one run with the defaults for both names (--queries), then one per option
    const queries = join(tempDir(), 'names.txt');
    writeFileSync(queries, 'Mohammad Haqqani\nSirajuddin Haqqani\n');
    const both = jirga(['sanctions', 'screen', '--json', '--queries', queries]);
    assert.equal(both.code, 0, both.stderr);
    const [plain, sirajuddin] = (JSON.parse(both.stdout) as { matches: Match[] }[]).map((r) => r.matches) as [Match[], Match[]];
    const strict = screen(['--query', 'Mohammad Haqqani', '--threshold', '0.95']);
    const matches = (l: { match: boolean }[]) => l.filter((m) => m.match).length;
    assert.ok(matches(strict) >= 1 && matches(strict) < matches(plain), `${matches(strict)} matches at 0.95, ${matches(plain)} at the default`);
    assert.ok(strict.filter((m) => m.match).every((m) => m.score >= 0.95));
    assert.ok(plain.some((m) => !m.match), 'by default the best non-matches are listed too');
    const limited = screen(['--query', 'Mohammad Haqqani', '--limit', '1']);
    assert.deepEqual(limited.map((m) => m.refs), plain.filter((m) => m.match).map((m) => m.refs), 'every match, and no other');
    // TAi.144 (born 1977-1978 or 1970) matches the name; born in 1950, it is no match
    const byName = sirajuddin.find((m) => m.refs.includes('TAi.144'))!;
    const far = screen(['--query', 'Sirajuddin Haqqani', '--dob', '1950']).find((m) => m.refs.includes('TAi.144'))!;
    assert.equal(byName.match, true, byName.why);
    assert.equal(far.match, false, far.why);
    assert.match(far.why, /born 1950/);
  });

  test('network REF --depth N: relations N steps away', () => {
    const at = (depth: string) => JSON.parse(jirga(['sanctions', 'network', 'TAi.144', '--depth', depth]).stdout) as { nodes: { id: string }[] };
    const one = at('1');
    const two = at('2');
    assert.ok(two.nodes.length > one.nodes.length, `${two.nodes.length} nodes at depth 2, ${one.nodes.length} at depth 1`);
    for (const n of one.nodes) assert.ok(two.nodes.some((m) => m.id === n.id), 'depth 2 holds depth 1');
    const bad = jirga(['sanctions', 'network', 'TAi.144', '--depth', '6']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--depth must be 1 to 5/);
  });
});

describe('jirga monitor check --format', () => {
  test('a CSV file whose name does not say so is read as CSV with --format csv (as JSON without)', () => {
    const file = join(tempDir(), 'import.txt');
    writeFileSync(file, 'claim,kind,date,text_en,state,engagement_type,source_title,source_publisher,source_url,source_published_on,source_language\nk,engagement,2025-01-01,x,QA,ministerial-visit,T,P,https://example.org/x,2025-01-01,en\n');
    const guessed = jirga(['monitor', 'check', '--file', file]);
    assert.equal(guessed.code, 2, guessed.stdout);
    const csv = jirga(['monitor', 'check', '--file', file, '--format', 'csv']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /1 sources, 1 claims/);
    const bad = jirga(['monitor', 'check', '--file', file, '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be json or csv, not "xml"/);
  });
});
