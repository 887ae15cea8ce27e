// The math runner's kept vote matrix, on PGlite and on the machine's Postgres: after the
// first full build, a vote is folded in from the votes written since (an update, not a
// rebuild), and the stored analysis is exactly what a full analysis of every vote from
// the same previous state gives; moderation, another process's run and a restart of
// the worker's memory fall back to a full build, with the same result.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../src/deliberation/analyze.ts';
import type { AnalysisResult, WarmStart } from '../../src/deliberation/types.ts';
import { analysisInputOf } from '../../src/services/conversations/analysis-input.ts';
import { loadAnalysisInput } from '../../src/services/conversations/math-runner.ts';
import { Browser } from '../helpers/browser-client.ts';
import { ORGANISER_PASSWORD, startTestServer, type DbKind, type TestServer } from '../helpers/server.ts';

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`math runner with a kept vote matrix on ${kind}`, () => {
    let server: TestServer;
    let org: Browser;
    let id: string;
    const people: { b: Browser; participant: number }[] = [];

    before(async () => {
      server = await startTestServer(kind, { math: { minIntervalMs: 0, intervalMs: 200, debounceMs: 20 } });
      org = new Browser(server.base);
      await org.ok('POST', '/api/session', { username: 'organiser', password: ORGANISER_PASSWORD });
      const convention = (await org.ok('POST', '/api/organiser/conventions', { title: { en: 'Live matrix' }, description: {} })).id;
      const seeds = Array.from({ length: 8 }, (_, i) => ({ text: `Proposal number ${i}: ${'word '.repeat(i + 1)}`, lang: 'en' }));
      id = (await org.ok('POST', `/api/organiser/conventions/${convention}/conversations`, { topic: { en: 'Roads' }, access: 'open', moderation: 'loose', seeds })).id;
    });
    after(async () => server?.stop());

    const state = async (): Promise<WarmStart> =>
      (await server.ctx.db.query<{ s: WarmStart }>('SELECT analysis_state AS s FROM conversations WHERE id = $1', [id]))[0]!.s;
    const stored = async (): Promise<AnalysisResult> => (await new Browser(server.base).ok('GET', `/api/conversations/${id}/report`)).analysis;

    /** One change (a vote that changes something), then: the run it makes is `path`, and its result is the full analysis's from the state before. */
    async function step(change: () => Promise<unknown>, path: 'full' | 'updates'): Promise<void> {
      const previous = await state();
      const before = server.math!.runs();
      await change();
      await server.math!.idle();
      const runs = server.math!.runs();
      assert.equal(runs[path] - before[path], 1, `one ${path} run (${JSON.stringify(before)} -> ${JSON.stringify(runs)})`);
      const other = path === 'full' ? 'updates' : 'full';
      assert.equal(runs[other], before[other], `no ${other} run`);
      const expected = analyze(analysisInputOf(await loadAnalysisInput(server.ctx.db, id)), previous).result;
      assert.deepEqual(await stored(), JSON.parse(JSON.stringify(expected)));
    }

    test('two camps vote: a full build first', async () => {
      for (let i = 0; i < 24; i++) {
        const b = new Browser(server.base);
        const { participant } = await b.ok('POST', `/api/conversations/${id}/participants`, {});
        people.push({ b, participant });
      }
      await Promise.all(
        people.map(async ({ b }, i) => {
          for (let s = 0; s < 8; s++) await b.ok('POST', `/api/conversations/${id}/votes`, { statement: s, vote: s === 7 ? 1 : (s < 4) === (i % 2 === 0) ? 1 : s === i % 8 ? 0 : -1 });
        }),
      );
      await server.math!.idle();
      assert.ok(server.math!.runs().full >= 1);
      assert.equal((await stored()).nVotes, 24 * 8);
    });

    test('each further vote is an update, equal to a full analysis', async () => {
      await step(() => people[0]!.b.ok('POST', `/api/conversations/${id}/votes`, { statement: 1, vote: -1 }), 'updates');
      await step(() => people[5]!.b.ok('POST', `/api/conversations/${id}/votes`, { statement: 6, vote: 0 }), 'updates');
      // a participant's first vote: a new row in the matrix
      const b = new Browser(server.base);
      const { participant } = await b.ok('POST', `/api/conversations/${id}/participants`, {});
      people.push({ b, participant });
      await step(() => b.ok('POST', `/api/conversations/${id}/votes`, { statement: 3, vote: 1 }), 'updates');
      assert.equal((await stored()).nParticipants, 25);
    });

    test('moderation makes a full build', async () => {
      await step(() => org.ok('POST', `/api/organiser/conversations/${id}/statements/2/moderation`, { action: 'reject', reason: 'not about roads at all' }), 'full');
      await step(() => people[3]!.b.ok('POST', `/api/conversations/${id}/votes`, { statement: 4, vote: -1 }), 'updates');
    });

    test('an analysis stored by another process makes a full build', async () => {
      // as if another server had run it since: the stored analysis is not the one this process made
      await server.ctx.db.query("UPDATE conversations SET analysed_at = analysed_at - interval '1 second' WHERE id = $1", [id]);
      await step(() => people[4]!.b.ok('POST', `/api/conversations/${id}/votes`, { statement: 5, vote: 1 }), 'full');
      await step(() => people[6]!.b.ok('POST', `/api/conversations/${id}/votes`, { statement: 5, vote: 1 }), 'updates');
    });
  });
}
