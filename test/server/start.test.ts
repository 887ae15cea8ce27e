// `npm start` on a fresh database: the server comes up with the demo convention —
// a counted election (its archive verifies with both tools), an open one (a
// credential printed on the console votes in it), the printed organiser password
// logs in, the printed trustee links and key files decrypt, and a sample
// conversation whose analysis (computed off the request path) shows opinion
// groups and common ground. The request log is on, as `npm start` has it: it never
// holds a client's address, user agent, token, cookie or password.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createBallot } from '../../src/protocol/ballot.ts';
import { generateCredentials, parseVoterLine } from '../../src/protocol/credentials.ts';
import { loadElection } from '../../src/protocol/election.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { closeOverHttp, Client, decryptOverHttp, type OpenElection } from '../helpers/api-flow.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { beleniosVerify, jirga, lastLine, ROOT, tempDir } from '../helpers/tools.ts';
import { until } from '../helpers/wait.ts';

/** What the console says at start: the address, the password, the demo elections, credentials and trustee links. */
interface Printed {
  base: string;
  password: string;
  counted: string;
  open: string;
  credentials: string[];
  trustees: { url: string; token: string; keyFile: string }[];
}

function parseConsole(output: string): Printed {
  const base = /Jirga is running at (http:\/\/localhost:\d+)\//.exec(output)?.[1];
  const password = /Organiser account created: organiser \/ (\S+)/.exec(output)?.[1];
  const counted = /Demo election, counted: http:\/\/localhost:\d+\/e\/(\w+) /.exec(output)?.[1];
  const open = /Demo election, open for voting: http:\/\/localhost:\d+\/e\/(\w+)\/vote/.exec(output)?.[1];
  const block = /Demo voter credentials[^\n]*\n((?: {2}\S+\n)+)/.exec(output)?.[1];
  const trustees = [...output.matchAll(/ {2}trustee \d: (http:\/\/localhost:\d+\/trustee#(\w+)) {2}key file: (\S+)/g)].map((m) => ({ url: m[1]!, token: m[2]!, keyFile: m[3]! }));
  assert.ok(base && password && counted && open && block, `the console names the address, the password, both demo elections and credentials:\n${output}`);
  return { base, password, counted, open, credentials: block.trim().split('\n').map((l) => l.trim()), trustees };
}

describe('jirga serve with the demo (what npm start runs)', () => {
  const dataDir = tempDir('jirga-start-');
  // the environment of `npm start`: no JIRGA_LOG (the request log is on), no DATABASE_URL (PGlite)
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', JIRGA_DATA_DIR: dataDir };
  delete env.JIRGA_LOG;
  delete env.DATABASE_URL;
  delete env.JIRGA_ADMIN_PASSWORD;
  const server = spawn(process.execPath, [join(ROOT, 'bin', 'jirga.mjs'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  let printed: Printed;
  let base = '';
  before(async () => {
    // the last line printed at start is the conversation report's address
    await until(() => {
      if (server.exitCode !== null) assert.fail(`the server stopped: ${output}`);
      return /its report \(opinion groups, common ground\): \S+\n/.test(output);
    }, { timeoutMs: 180_000, everyMs: 200, what: () => `the server did not start: ${output}` });
    printed = parseConsole(output);
    base = printed.base;
  });
  after(() => {
    server.kill('SIGTERM');
  });

  test('demo convention, a conversation with groups and consensus, the monitor\'s samples', { timeout: 120_000 }, async () => {
    assert.match(output, /Demo conversation \(deliberation, 40 simulated participants\): http:\/\/localhost:\d+\/d\/\w+/);
    const conventions = (await (await fetch(`${base}/api/conventions`)).json()) as { id: string }[];
    assert.equal(conventions.length, 1);
    const conversations = (await (await fetch(`${base}/api/conventions/${conventions[0]!.id}/conversations`)).json()) as { id: string; counts: { participants: number } }[];
    assert.equal(conversations.length, 1);
    assert.equal(conversations[0]!.counts.participants, 40);
    let report: { analysis: { k: number; consensus: { agree: { statement: number }[] } } | null; statements: { id: number; translations: Record<string, string> }[] } | undefined;
    await until(async () => {
      report = (await (await fetch(`${base}/api/conversations/${conversations[0]!.id}/report`)).json()) as typeof report;
      return Boolean(report?.analysis);
    }, { timeoutMs: 30_000, everyMs: 300, what: () => 'the analysis did not run after start' });
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
  test('the demo elections: the counted one verifies, a printed credential votes, the printed password logs in, printed trustee links and key files decrypt', { timeout: 180_000 }, async () => {
    const { counted, open } = printed;
    // both elections are listed, one counted and one open, as the console said
    const elections = (await (await fetch(`${base}/api/elections`)).json()) as { uuid: string; state: string }[];
    assert.deepEqual(elections.map((e) => `${e.uuid} ${e.state}`).sort(), [`${counted} published`, `${open} open`].sort());
    for (const path of [`/e/${counted}`, `/e/${open}/vote`]) {
      const page = await fetch(base + path);
      assert.equal(page.status, 200, path);
      assert.match(await page.text(), /<html/i, `${path} serves the web app`);
    }
    // a visitor of a hosted demo never sees this console: the open election's page shows its credentials, the counted one none
    const openView = (await (await fetch(`${base}/api/elections/${open}`)).json()) as { demoCredentials?: string[] };
    assert.deepEqual(openView.demoCredentials, printed.credentials);
    const countedView = (await (await fetch(`${base}/api/elections/${counted}`)).json()) as { demoCredentials?: string[] };
    assert.equal(countedView.demoCredentials, undefined);

    // the counted election: its archive verifies with jirga and with belenios-tool, and its result adds up
    const view = (await (await fetch(`${base}/api/elections/${counted}`)).json()) as { result: string[][] };
    const archive = new Uint8Array(await (await fetch(`${base}/api/elections/${counted}/archive.bel`)).arrayBuffer());
    const file = join(tempDir(), 'counted.bel');
    writeFileSync(file, archive);
    const ours = jirga(['verify', file]);
    assert.equal(ours.code, 0, ours.stdout + ours.stderr);
    assert.match(ours.stdout, /27 ballot\(s\) valid; 24 counted/, '24 voters, 3 of whom voted again');
    assert.match(lastLine(ours.stdout), /^valid: .*result/);
    const theirs = beleniosVerify(archive);
    assert.equal(theirs.code, 0, theirs.stdout + theirs.stderr);
    // one answer per voter in the first question (min 1, max 1, no blank)
    assert.equal(view.result[0]!.reduce((a, n) => a + Number(n), 0), 24);

    // a credential printed on the console votes in the open election; one that was not printed is refused
    const electionRaw = await (await fetch(`${base}/api/elections/${open}/election.json`)).text();
    const ctx = loadElection(electionRaw);
    assert.equal(printed.credentials.length, 10);
    const choices = [[0, 1, 0], [0, 0, 1]]; // "No" (after the blank flag), "By agreement between political forces"
    const voter = new Client(base);
    const cast = await voter.request('POST', `/api/elections/${open}/ballots`, createBallot(ctx, printed.credentials[3]!, choices).text);
    assert.equal(cast.status, 200, cast.text);
    const stranger = generateCredentials(getGroup('BELENIOS-2048'), open, [parseVoterLine('not-printed')]).privateLines[0]!.split(' ').pop()!;
    const refused = await voter.request('POST', `/api/elections/${open}/ballots`, createBallot(ctx, stranger, choices).text);
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json.code, 'unknown-credential');
    const box = (await (await fetch(`${base}/api/elections/${open}/ballots`)).json()) as { tracker: string }[];
    assert.deepEqual(box.map((b) => b.tracker), [cast.json.tracker]);

    // the printed organiser password logs in (and another does not)
    const organiser = new Client(base);
    assert.equal((await organiser.request('POST', '/api/session', { username: 'organiser', password: `${printed.password}x` })).status, 401);
    await organiser.ok('POST', '/api/session', { username: 'organiser', password: printed.password });
    const conventions = (await organiser.ok('GET', '/api/organiser/conventions')) as { elections: { uuid: string }[] }[];
    assert.deepEqual(conventions.flatMap((c) => c.elections.map((e) => e.uuid)).sort(), [counted, open].sort());

    // the printed trustee links open (the page, and the API with the link's token)
    assert.equal(printed.trustees.length, 3);
    const trusteePage = await fetch(printed.trustees[0]!.url);
    assert.equal(trusteePage.status, 200);
    assert.match(await trusteePage.text(), /<html/i);
    for (const t of printed.trustees) {
      const task = await voter.ok('GET', '/api/trustee', undefined, { 'x-jirga-token': t.token });
      assert.equal(task.uuid, open);
    }
    // ... and with their key files, two of the three decrypt once the organiser closes the vote
    await closeOverHttp(organiser, open);
    const election: OpenElection = { uuid: open, credentials: printed.credentials, ctx, trusteeTokens: printed.trustees.map((t) => t.token), keyFiles: printed.trustees.map((t) => readFileSync(t.keyFile, 'utf8')) };
    assert.equal((await decryptOverHttp(voter, election, 0)).published, false);
    assert.equal((await decryptOverHttp(voter, election, 2)).published, true);
    const result = (await (await fetch(`${base}/api/elections/${open}`)).json()) as { state: string; result: string[][] };
    assert.equal(result.state, 'published');
    assert.deepEqual(result.result, choices.map((q) => q.map(String)), 'the one ballot cast is the result');
  });

  test('the request log is on and holds no client address, user agent, token, cookie, password or request body', { timeout: 60_000 }, async () => {
    const { open } = printed;
    // requests from a loopback address of their own, with a user agent and a forwarded address that must not be logged
    const from = '127.0.0.2';
    const forwarded = '203.0.113.77';
    const agent = 'JirgaLogProbe/1.0 (secret-agent-string)';
    const pathToken = 'PathTokenXyz123SecretA1';
    const queryToken = 'QueryTokenXyz123SecretB2';
    const headers = { 'user-agent': agent, 'x-forwarded-for': forwarded, 'x-real-ip': forwarded, forwarded: `for=${forwarded}` };
    const send = (method: string, path: string, extra: Record<string, string> = {}, body?: string) => rawRequest(base, { method, path, body, localAddress: from, headers: { ...headers, ...extra } });
    // a login: its password in the body, its session in a cookie
    const login = await send('POST', '/api/session', {}, JSON.stringify({ username: 'organiser', password: printed.password }));
    assert.equal(login.status, 200, login.text);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const sessionValue = cookie.split('=')[1]!;
    assert.ok(sessionValue.length >= 16, 'a session cookie');
    assert.equal((await send('GET', '/api/organiser/conventions', { cookie })).status, 200);
    // a ballot (whatever the state of the election, its body is the voter's)
    const ctx = loadElection(await (await fetch(`${base}/api/elections/${open}/election.json`)).text());
    const ballot = createBallot(ctx, printed.credentials[5]!, [[1, 0, 0], [1, 0, 0]]).text;
    const signature = /"signature":\{"hash":"[^"]+","proof":\{"challenge":"(\d+)"/.exec(ballot)?.[1];
    assert.ok(signature);
    const cast = await send('POST', `/api/elections/${open}/ballots`, {}, ballot);
    assert.ok(cast.status === 200 || cast.status === 409, `${cast.status} ${cast.text}`);
    // a one-time link: its token in the header the pages use, and tokens put in a path and a query by mistake
    const trusteeToken = printed.trustees[1]!.token;
    assert.equal((await send('GET', '/api/trustee', { 'x-jirga-token': trusteeToken })).status, 200);
    await send('GET', `/api/trustee/${pathToken}?token=${queryToken}`);
    await send('GET', `/trustee/${pathToken}?token=${queryToken}`);
    await send('GET', `/e/${open}/vote?credential=${queryToken}`);
    assert.equal((await send('GET', '/healthz')).status, 200);

    // the log lines are JSON; wait for the last request's to be written
    const logLines = () =>
      output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return { text: l, entry: JSON.parse(l) as { msg?: string; req?: { method?: string; route?: string }; res?: { statusCode?: number } } };
          } catch {
            return { text: l, entry: {} };
          }
        });
    await until(() => logLines().some((l) => l.text.includes('/healthz')), { timeoutMs: 10_000, what: () => `the request log has no line for /healthz:\n${output}` });
    const lines = logLines();
    // the log is on: it records each request's method and route pattern, and its status
    assert.ok(lines.some((l) => l.entry.req?.method === 'POST' && l.entry.req.route === '/api/elections/:uuid/ballots'), 'the ballot request is logged');
    assert.ok(lines.some((l) => l.entry.req?.method === 'POST' && l.entry.req.route === '/api/session'), 'the login is logged');
    assert.ok(lines.some((l) => l.entry.res?.statusCode === 200), 'statuses are logged');
    // the server's own listening address is logged once; a client's never
    const requestLines = lines.filter((l) => !/^Server listening at /.test(l.entry.msg ?? ''));
    assert.ok(requestLines.filter((l) => l.entry.msg === 'incoming request').length >= 8, 'each of the 8 requests above is logged');
    assert.ok(requestLines.filter((l) => l.entry.msg === 'request completed').length >= 8, 'with its answer');
    const never: [string, string][] = [
      ['the client address', from],
      ['the loopback address of other clients', '127.0.0.1'],
      ['the IPv6 loopback address', '::1'],
      ['a forwarded address', forwarded],
      ['the user agent', agent],
      ['part of the user agent', 'JirgaLogProbe'],
      ['a token in a path', pathToken],
      ['a token in a query', queryToken],
      ['a link token sent in its header', trusteeToken],
      ['the session cookie', sessionValue],
      ['the password', printed.password],
      ['a voter credential', printed.credentials[5]!],
      ['the ballot body', signature],
      ['an address field', 'remoteAddress'],
      ['a URL field', '"url"'],
      ['request headers', 'user-agent'],
    ];
    for (const l of requestLines) for (const [what, text] of never) assert.ok(!l.text.includes(text), `${what} is in the log: ${l.text}`);
    // nor anywhere else in what the server writes, except the console lines that hand out the password, credentials and links
    for (const text of [from, forwarded, agent, pathToken, queryToken, sessionValue]) assert.ok(!output.includes(text), `${text} is in the server's output`);
    for (const text of [printed.password, printed.credentials[5]!, trusteeToken]) assert.equal(output.split(text).length - 1, 1, `${text} appears once, where the console hands it out`);
  });
});
