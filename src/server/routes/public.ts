// Public API: what anyone may read, and casting a ballot.
import type { FastifyInstance } from 'fastify';
import { castBallot, MAX_BALLOT_BYTES } from '../../services/elections/casting.ts';
import { frozenElection, requireElection } from '../../services/elections/elections.ts';
import { NotFound } from '../../kernel/errors.ts';
import { InvalidRequest } from '../../kernel/errors.ts';
import { conventionView, electionView, plainName } from '../../services/elections/views.ts';
import { archiveBytes, ballotBox, ballotByTracker } from '../../store/board.ts';
import { listConventions, listElections } from '../../store/elections.ts';
import type { ServiceContext } from '../../services/context.ts';

async function publicElection(ctx: ServiceContext, uuid: string) {
  const election = await requireElection(ctx.db, uuid);
  if (election.state === 'draft') throw new NotFound('no such election');
  return election;
}

export function registerPublicRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  api.get('/elections', async () => {
    const elections = (await listElections(ctx.db)).filter((e) => e.state !== 'draft');
    return Promise.all(elections.map(async (e) => ({ uuid: e.uuid, name: plainName((await electionView(ctx.db, e)).name), state: e.state })));
  });

  api.get('/conventions', async () => {
    const conventions = await listConventions(ctx.db);
    return Promise.all(conventions.map((c) => conventionView(ctx.db, c.id, false)));
  });

  api.get<{ Params: { id: string } }>('/conventions/:id', async (req) => conventionView(ctx.db, req.params.id, false));

  api.get<{ Params: { uuid: string } }>('/elections/:uuid', async (req) => electionView(ctx.db, await publicElection(ctx, req.params.uuid)));

  api.get<{ Params: { uuid: string } }>('/elections/:uuid/election.json', async (req, reply) => {
    await publicElection(ctx, req.params.uuid);
    const election = await frozenElection(ctx.db, req.params.uuid);
    return reply.type('application/json; charset=utf-8').send(election.raw);
  });

  api.get<{ Params: { uuid: string } }>('/elections/:uuid/archive.bel', async (req, reply) => {
    const election = await publicElection(ctx, req.params.uuid);
    if (election.record_count === 0 || election.archive_timestamp === null) throw new NotFound('this election has no archive yet: it starts when voting opens');
    const bytes = await archiveBytes(ctx.db, election.uuid, BigInt(election.archive_timestamp));
    reply.header('content-disposition', `attachment; filename="${election.uuid}.bel"`);
    reply.header('cache-control', 'no-store');
    return reply.type('application/x-tar').send(Buffer.from(bytes));
  });

  api.get<{ Params: { uuid: string } }>('/elections/:uuid/ballots', async (req) => {
    await publicElection(ctx, req.params.uuid);
    return ballotBox(ctx.db, req.params.uuid);
  });

  api.get<{ Params: { uuid: string }; Querystring: { tracker?: string } }>('/elections/:uuid/ballot', async (req) => {
    await publicElection(ctx, req.params.uuid);
    const tracker = String(req.query.tracker ?? '');
    const found = tracker ? await ballotByTracker(ctx.db, req.params.uuid, tracker) : undefined;
    if (!found) throw new NotFound('no ballot with this tracker is in the ballot box');
    const box = await ballotBox(ctx.db, req.params.uuid);
    return { tracker, counted: box.find((b) => b.tracker === tracker)?.counted ?? false };
  });

  // Casting: the body is kept as the exact text received, since the tracker is its hash.
  api.register(async (cast) => {
    cast.removeAllContentTypeParsers();
    cast.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_BALLOT_BYTES }, (_req, body, done) => done(null, body));
    cast.post<{ Params: { uuid: string }; Body: string }>('/elections/:uuid/ballots', async (req) => {
      const text = typeof req.body === 'string' ? req.body.replace(/\r?\n$/, '') : '';
      if (text === '') throw new InvalidRequest('send the ballot JSON as the request body');
      return castBallot(ctx, req.params.uuid, text);
    });
  });
}
