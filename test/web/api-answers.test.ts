// The web app reads every answer of the server through a zod schema (web/src/api).
// Here the real server (PGlite, the demo election, a conversation, monitor claims,
// the bundled sanctions lists) answers each request the pages make, and each
// answer must read with the schema its page uses: a server that drifts from what
// the pages expect fails here, not in a voter's browser. The same schemas are checked
// against the server's own types at compile time (the assignments at the end).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { zCastAnswer } from '../../web/src/api/ballots.ts';
import { zConversationSummary, zConversationView, zCountedStatement, zJoined, zManagedConversation, zMe, zNext, zOrganiserConversationSummary, zReport, zSubmitted, zVoteAnswer, type StatementView } from '../../web/src/api/conversations.ts';
import { zBallotBox, zConventionView, zElectionView, zTrackerCheck } from '../../web/src/api/elections.ts';
import { zConventionComposition, zConversationComposition, zDelegation, zInclusionSettings, zProfile } from '../../web/src/api/inclusion.ts';
import { zBenchmarkAnswer, zClaimAnswer, zClaimProposed, zDashboard, zMapAnswer, zSourceAdded, zStateAnswer, zWeightsHistory, zWork } from '../../web/src/api/monitor.ts';
import { zAccount, zConventions, zCreatedElection, zManagedElection, zSession, zSetupLinks } from '../../web/src/api/organiser.ts';
import { zCoverage, zEntityView, zLists, zNetwork, zSearchAnswer } from '../../web/src/api/sanctions.ts';
import { zCredentialAuthorityTask, zTrusteeTask } from '../../web/src/api/setup.ts';
import { zOk } from '../../web/src/api/common.ts';
import { seedDemo, type DemoElection } from '../../src/services/elections/demo.ts';
import { frozenElection } from '../../src/services/elections/elections.ts';
import { createBallot } from '../../src/protocol/ballot.ts';
import { isHomomorphic } from '../../src/protocol/codec.ts';
import { randomPlaintext } from '../../src/protocol/simulate.ts';
import { Client, SAMPLE_DRAFT } from '../helpers/api-flow.ts';
import { ORGANISER_PASSWORD, startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/tools.ts';
import type { ElectionView } from '../../src/services/elections/views.ts';
import type { ConversationView as ServerConversationView, MathStatus } from '../../src/services/conversations/service.ts';
import type { ConventionComposition } from '../../src/services/inclusion/service.ts';
import type { Claim, Source, Weights } from '../../src/monitor/model.ts';
import type { CountryTally } from '../../src/monitor/scoring.ts';
import type { AnalysisResult } from '../../src/deliberation/types.ts';
import type { Coverage, EntityView, Network } from '../../src/sanctions/views.ts';
import type { TrusteeTask, CredentialAuthorityTask } from '../../src/api/setup.ts';

/** GET (or another method) on the API, read with `schema`: the problems zod finds, as text. */
async function read(client: Client, schema: z.ZodType, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ data: any; problems: string }> {
  const r = await client.request(method, `/api${path}`, body, headers);
  assert.equal(r.status, 200, `${method} ${path} answered ${r.status}: ${r.text}`);
  const parsed = schema.safeParse(r.json);
  return { data: parsed.success ? parsed.data : undefined, problems: parsed.success ? '' : `${method} ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
}

describe('the server’s answers read with the web app’s schemas', () => {
  let server: TestServer;
  let demo: DemoElection[];
  let conventionId: string;
  const problems: string[] = [];
  let reader: Client;
  let organiser: Client;
  const check = async (client: Client, schema: z.ZodType, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const r = await read(client, schema, method, path, body, headers);
    if (r.problems) problems.push(r.problems);
    return r.data;
  };

  before(async () => {
    server = await startTestServer('pglite');
    demo = await seedDemo(server.ctx, tempDir('jirga-answers-'));
    reader = new Client(server.base);
    organiser = new Client(server.base);
    await check(organiser, zSession, 'POST', '/session', { username: 'organiser', password: ORGANISER_PASSWORD });
    conventionId = (await check(reader, z.array(zConventionView), 'GET', '/conventions'))[0].id;
  });
  after(async () => server?.stop());

  test('elections: conventions, each election, its ballot box, a tracker, a cast ballot', async () => {
    await check(reader, zConventionView, 'GET', `/conventions/${conventionId}`);
    for (const e of demo) {
      await check(reader, zElectionView, 'GET', `/elections/${e.uuid}`);
      const box = await check(reader, zBallotBox, 'GET', `/elections/${e.uuid}/ballots`);
      if (box?.length) await check(reader, zTrackerCheck, 'GET', `/elections/${e.uuid}/ballot?tracker=${encodeURIComponent(box[0].tracker)}`);
    }
    const open = demo.find((d) => d.state === 'open')!;
    const election = await frozenElection(server.ctx.db, open.uuid);
    const ballot = createBallot(election, open.credentials[0]!, election.election.questions.filter(isHomomorphic).map((q) => randomPlaintext(q))).text;
    await check(reader, zCastAnswer, 'POST', `/elections/${open.uuid}/ballots`, ballot);
    assert.deepEqual(problems, []);
  });

  test('organisers: the session, conventions, an election, a new one and its setup links; trustee and credential authority tasks', async () => {
    await check(organiser, zSession, 'GET', '/session');
    await check(organiser, zConventions, 'GET', '/organiser/conventions');
    for (const e of demo) await check(organiser, zManagedElection, 'GET', `/organiser/elections/${e.uuid}`);
    const { uuid } = await check(organiser, zCreatedElection, 'POST', `/organiser/conventions/${conventionId}/elections`, SAMPLE_DRAFT);
    await check(organiser, zManagedElection, 'GET', `/organiser/elections/${uuid}`);
    const links = await check(organiser, zSetupLinks, 'POST', `/organiser/elections/${uuid}/setup`, { allowMissingTranslations: true });
    await check(reader, zTrusteeTask, 'GET', '/trustee', undefined, { 'x-jirga-token': links.trustees[0] });
    await check(reader, zCredentialAuthorityTask, 'GET', '/credential-authority', undefined, { 'x-jirga-token': links.credentialAuthority });
    await check(organiser, zAccount, 'POST', '/organiser/accounts', { username: 'reviewer-one', password: 'a long enough password', role: 'reviewer' });
    assert.deepEqual(problems, []);
  });

  test('deliberation and inclusion: a conversation taken part in, its report, composition and the organiser’s view', async () => {
    const { id } = await organiser.ok('POST', `/api/organiser/conventions/${conventionId}/conversations`, {
      topic: { en: 'Schools', 'fa-AF': 'مکتب‌ها' },
      access: 'open',
      moderation: 'loose',
      seeds: [
        { text: 'Girls must be able to study at every level.', lang: 'en' },
        { text: 'مکتب‌ها باید در هر ولسوالی باز باشند.', lang: 'fa-AF' },
      ],
    });
    const participant = new Client(server.base);
    await check(participant, zJoined, 'POST', `/conversations/${id}/participants`, {});
    await check(participant, zMe, 'GET', `/conversations/${id}/me`);
    const next = await check(participant, zNext, 'GET', `/conversations/${id}/next`);
    await check(participant, zVoteAnswer, 'POST', `/conversations/${id}/votes`, { statement: next.statement.id, vote: 1 });
    await check(participant, zSubmitted, 'POST', `/conversations/${id}/statements`, { text: 'Teachers should be paid on time.', lang: 'en' });
    await check(participant, zProfile, 'GET', `/conversations/${id}/me/profile`);
    await check(participant, zOk, 'PUT', `/conversations/${id}/me/profile`, { answers: { gender: 'woman' } });
    await check(reader, zConversationView, 'GET', `/conversations/${id}`);
    await check(reader, z.array(zConversationSummary), 'GET', `/conventions/${conventionId}/conversations`);
    await check(reader, z.array(zCountedStatement), 'GET', `/conversations/${id}/statements`);
    await check(reader, zReport, 'GET', `/conversations/${id}/report`);
    await check(reader, zConversationComposition, 'GET', `/conversations/${id}/composition`);
    await check(organiser, z.array(zOrganiserConversationSummary), 'GET', `/organiser/conventions/${conventionId}/conversations`);
    await check(organiser, zManagedConversation, 'GET', `/organiser/conversations/${id}`);
    await check(reader, zInclusionSettings, 'GET', `/conventions/${conventionId}/inclusion`);
    await organiser.ok('POST', `/api/organiser/conventions/${conventionId}/delegations`, { name: 'Women’s movement', kind: 'womens-movement', delegates: [{ gender: 'woman' }, { gender: 'man' }] });
    await organiser.ok('PUT', `/api/organiser/conventions/${conventionId}/rules`, { rules: [{ kind: 'min-share', dimension: 'gender', category: 'woman', min: 0.5 }] });
    await check(organiser, z.array(zDelegation), 'GET', `/organiser/conventions/${conventionId}/delegations`);
    await check(reader, zConventionComposition, 'GET', `/conventions/${conventionId}/composition`);
    assert.deepEqual(problems, []);
  });

  test('the monitor: dashboard, map, a benchmark, a state, a published claim, the workspace', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const source = await check(organiser, zSourceAdded, 'POST', '/monitor/sources', { title: 'A report', publisher: 'A newspaper', url: 'https://example.org/report', publishedOn: today, language: 'en', sha256: 'a'.repeat(64) });
    const claim = await check(organiser, zClaimProposed, 'POST', '/monitor/claims', { kind: 'engagement', text: { en: 'A minister visited Kabul.' }, date: today, sources: [source.id], engagement: { state: 'PK', type: 'ministerial-visit' } });
    const reviewer = new Client(server.base);
    await reviewer.ok('POST', '/api/session', { username: 'reviewer-one', password: 'a long enough password' });
    await check(reviewer, zOk, 'POST', `/monitor/claims/${claim.id}/approve`, {});
    await check(reader, zDashboard, 'GET', '/monitor');
    await check(reader, zMapAnswer, 'GET', '/monitor/map');
    await check(reader, zBenchmarkAnswer, 'GET', '/monitor/benchmarks/women-and-girls');
    await check(reader, zStateAnswer, 'GET', '/monitor/states/PK');
    await check(reader, zClaimAnswer, 'GET', `/monitor/claims/${claim.id}`);
    await check(organiser, zWork, 'GET', '/monitor/work');
    await check(organiser, zClaimAnswer, 'GET', `/monitor/work/claims/${claim.id}`);
    await check(organiser, zWeightsHistory, 'GET', '/monitor/weights/history');
    assert.deepEqual(problems, []);
  });

  test('sanctions: the lists, a search, an entity, its network, the coverage', async () => {
    await check(reader, zLists, 'GET', '/sanctions/lists');
    await check(reader, zSearchAnswer, 'GET', '/sanctions/search?q=Haqqani');
    await check(reader, zEntityView, 'GET', '/sanctions/entities/TAi.144');
    for (const depth of [1, 2, 3]) await check(reader, zNetwork, 'GET', `/sanctions/network?ref=TAi.144&depth=${depth}`);
    await check(reader, zCoverage, 'GET', '/sanctions/coverage');
    assert.deepEqual(problems, []);
  });
});

// At compile time: what the server declares it answers is what the schemas accept.
// A change of a server type that the pages would not read fails `tsc --noEmit`.
type Accepts<S extends z.ZodType, T extends z.input<S>> = T;
export type ServerTypesReadByTheWebApp = [
  Accepts<typeof zElectionView, ElectionView>,
  Accepts<typeof zConversationView, ServerConversationView>,
  Accepts<typeof zReport, { conversation: ServerConversationView; analysis: AnalysisResult | null; statements: StatementView[]; status: MathStatus }>,
  Accepts<typeof zConventionComposition, ConventionComposition>,
  Accepts<typeof zWork, { me: { username: string; role: 'editor'; canReview: boolean }; claims: Claim[]; sources: Source[]; benchmarks: z.input<typeof zWork>['benchmarks']; weights: Weights; authors: Record<string, string[]> }>,
  Accepts<typeof zStateAnswer, { state: string; names: { en: string }; tally: CountryTally; weights: Weights; events: Claim[]; sources: Record<string, Source> }>,
  Accepts<typeof zEntityView, EntityView>,
  Accepts<typeof zNetwork, Network>,
  Accepts<typeof zCoverage, Coverage>,
  Accepts<typeof zTrusteeTask, TrusteeTask>,
  Accepts<typeof zCredentialAuthorityTask, CredentialAuthorityTask>,
];
