// Conventions and elections: what anyone may read, casting a ballot, and the
// organiser's life of an election (src/api/elections.ts).
import { ballotBoxLink, electionsApi as api, MAX_BALLOT_BOX_PAGE, MAX_BOARD_PAGE_EVENTS } from '../../api/elections.ts';
import { archiveDownload, ballotBoxDownload, ballotBoxPage, boardPage } from '../../services/elections/board.ts';
import { InvalidRequest, NotFound } from '../../kernel/errors.ts';
import { castBallot, MAX_BALLOT_BYTES } from '../../services/elections/casting.ts';
import { hostsElection, relayBallot, relayStatus } from '../../services/relay/relay.ts';
import { createConvention, createElection, frozenElection, openElection, requireElection, startSetup, updateDraft } from '../../services/elections/elections.ts';
import { allowCredentialReplacement, reissueLink } from '../../services/elections/links.ts';
import { awaitingServerShuffle, skipShuffler } from '../../services/elections/shuffling.ts';
import { extendVoting, scheduleChangesOf, scheduleFeed } from '../../services/elections/schedule.ts';
import { conventionView, electionView, plainName, setupProgress } from '../../services/elections/views.ts';
import { ballotByTracker } from '../../store/board.ts';
import { closeFailures, closeRequestedAt, listConventions, listElections } from '../../store/elections.ts';
import { publicCredentialsText } from '../../store/setup.ts';
import { credentialDigests } from '../../protocol/credential-digest.ts';
import type { ServiceContext } from '../../services/context.ts';
import { signedIn } from '../plugins/auth.ts';
import { ok, route } from '../plugins/contract.ts';
import { siteBase, streamedDownload } from '../plugins/http.ts';
import type { DomainRoutes } from './scopes.ts';

async function publicElection(ctx: ServiceContext, uuid: string) {
  const election = await requireElection(ctx.db, uuid);
  if (election.state === 'draft') throw new NotFound('no such election');
  return election;
}

/** An election's or a convention's texts, in three languages: more than the default 64 KiB may be needed. */
const texts = { bodyLimit: 2 * 1024 * 1024, tooLarge: 'the texts are too long (at most 2 MiB in all); nothing was saved' };

export const electionRoutes: DomainRoutes = {
  async public(scope) {
    const ctx = scope.services.ctx;
    route(scope, api.elections, async () => {
      const elections = (await listElections(ctx.db)).filter((e) => e.state !== 'draft');
      return Promise.all(elections.map(async (e) => ({ uuid: e.uuid, name: plainName((await electionView(ctx.db, e)).name), state: e.state })));
    });
    route(scope, api.conventions, async () => Promise.all((await listConventions(ctx.db)).map((c) => conventionView(ctx.db, c.id, false))));
    route(scope, api.convention, async (req) => conventionView(ctx.db, req.params.id, false));
    route(scope, api.election, async (req) => {
      const election = await publicElection(ctx, req.params.uuid);
      const view = await electionView(ctx.db, election);
      // the demo's sample credentials, on the demo's open election only
      const demo = election.state === 'open' ? ctx.demoCredentials?.get(election.uuid) : undefined;
      return demo ? { ...view, demoCredentials: [...demo] } : view;
    });
    route(scope, api.electionJson, async (req, reply) => {
      await publicElection(ctx, req.params.uuid);
      const election = await frozenElection(ctx.db, req.params.uuid);
      return reply.type('application/json; charset=utf-8').send(election.raw);
    });
    // published once voting opens, never changed after: kept once computed
    const digests = new Map<string, string[]>();
    route(scope, api.credentialDigests, async (req) => {
      const election = await publicElection(ctx, req.params.uuid);
      const known = digests.get(election.uuid);
      if (known) return known;
      const text = election.record_count > 0 ? await publicCredentialsText(ctx.db, election.uuid) : undefined;
      if (text === undefined) throw new NotFound('this election has published no credentials yet: they are published when voting opens');
      const list = credentialDigests(text);
      digests.set(election.uuid, list);
      return list;
    });
    route(scope, api.archive, async (req, reply) => {
      const election = await publicElection(ctx, req.params.uuid);
      // streamed from the board in batches, ending at the height it had now
      const archive = await archiveDownload(ctx.db, election.uuid);
      return streamedDownload(req, reply, { type: 'application/x-tar', filename: `${election.uuid}.bel`, etag: archive.etag, length: archive.length }, archive.chunks);
    });
    route(scope, api.feed, async (req, reply) => {
      const election = await publicElection(ctx, req.params.uuid);
      const name = plainName((await electionView(ctx.db, election)).name);
      reply.header('cache-control', 'no-cache');
      return reply.type('application/atom+xml; charset=utf-8').send(scheduleFeed(election, name, await scheduleChangesOf(ctx.db, election.uuid), siteBase(req)));
    });
    route(scope, api.records, async (req) => {
      const election = await publicElection(ctx, req.params.uuid);
      return boardPage(ctx.db, election, req.query.after, req.query.limit ?? MAX_BOARD_PAGE_EVENTS);
    });
    route(scope, api.ballotBox, async (req, reply) => {
      const election = await publicElection(ctx, req.params.uuid);
      const limit = req.query.limit ?? MAX_BALLOT_BOX_PAGE;
      const page = await ballotBoxPage(ctx.db, election.uuid, req.query.after, limit);
      reply.header('x-total-count', String(page.total));
      reply.header('x-board-height', String(page.height));
      if (page.next !== undefined) reply.header('link', ballotBoxLink(election.uuid, page.next, limit));
      return page.entries;
    });
    route(scope, api.ballotBoxFile, async (req, reply) => {
      const election = await publicElection(ctx, req.params.uuid);
      const box = await ballotBoxDownload(ctx.db, election.uuid);
      return streamedDownload(req, reply, { type: 'application/json; charset=utf-8', filename: `${election.uuid}-ballots.json`, etag: box.etag }, box.chunks);
    });
    route(scope, api.ballot, async (req) => {
      await publicElection(ctx, req.params.uuid);
      const tracker = req.query.tracker ?? '';
      // one look-up by the primary key, never the whole ballot box: whether it counts is kept with it
      const found = tracker ? await ballotByTracker(ctx.db, req.params.uuid, tracker) : undefined;
      if (!found) throw new NotFound('no ballot with this tracker is in the ballot box');
      return { tracker, counted: found.counted };
    });

    route(scope, api.relayStatus, async (req) => relayStatus(ctx.db, req.query.tracker));

    // Casting: the body is kept as the exact text received, since the tracker is its hash.
    await scope.register(async (cast) => {
      cast.removeAllContentTypeParsers();
      cast.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_BALLOT_BYTES }, (_req, body, done) => done(null, body));
      route(cast, api.cast, async (req) => {
        const text = typeof req.body === 'string' ? req.body.replace(/\r?\n$/, '') : '';
        if (text === '') throw new InvalidRequest('send the ballot JSON as the request body');
        // relay mode: a ballot for an election this server does not hold is kept for the primary
        if (ctx.relayTo && !(await hostsElection(ctx.db, req.params.uuid))) return relayBallot(ctx.db, req.params.uuid, text);
        return castBallot(ctx, req.params.uuid, text);
      });
    });
  },

  async organiser(scope) {
    const ctx = scope.services.ctx;
    route(scope, api.organiserConventions, async () => Promise.all((await listConventions(ctx.db)).map((c) => conventionView(ctx.db, c.id, true))));
    route(scope, api.createConvention, async (req) => ({ id: await createConvention(ctx, req.body, signedIn(req).id) }), texts);
    route(scope, api.createElection, async (req) => ({ uuid: await createElection(ctx, req.params.id, req.body) }), texts);
    route(scope, api.organiserElection, async (req) => {
      const election = await requireElection(ctx.db, req.params.uuid);
      // still closing: asked and not closed yet, or closed with ranked or graded questions
      // and the server's shuffle not on the board yet
      const shuffling = await awaitingServerShuffle(ctx.db, election);
      const closing = (election.state === 'open' && (await closeRequestedAt(ctx.db, election.uuid)) !== undefined) || shuffling;
      // failed attempts, asked or scheduled, while the close is still to be done
      const failures = election.state === 'open' || shuffling ? await closeFailures(ctx.db, election.uuid) : undefined;
      return {
        ...(await electionView(ctx.db, election)),
        draft: election.draft,
        setup: await setupProgress(ctx.db, election, ctx.now()),
        closing,
        closeFailures: failures ? { attempts: failures.attempts, lastFailedAt: failures.lastFailedAt.toISOString() } : null,
      };
    });
    route(scope, api.updateDraft, ok((req) => updateDraft(ctx, req.params.uuid, req.body)), texts);
    route(scope, api.startSetup, async (req) => startSetup(ctx, req.params.uuid, req.body));
    route(scope, api.open, ok((req) => openElection(ctx, req.params.uuid)));
    route(scope, api.extendVoting, async (req) => extendVoting(ctx, req.params.uuid, req.body, signedIn(req).id), texts);
    route(scope, api.close, async (req, reply) => {
      const closer = scope.services.closer;
      if (!closer) throw new Error('this server was started without the job queue, so it closes no elections');
      const outcome = await closer.closeNow(req.params.uuid, signedIn(req).id);
      if (outcome.state === 'closing') reply.code(202);
      return outcome;
    });
    route(scope, api.skipShuffler, async (req) => skipShuffler(ctx, req.params.uuid, req.body.trustee));
    route(scope, api.reissueLink, async (req) => reissueLink(ctx, req.params.uuid, req.body));
    route(scope, api.allowCredentialReplacement, async (req) => allowCredentialReplacement(ctx, req.params.uuid));
  },
};
