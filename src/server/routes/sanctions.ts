// Sanctions network API (docs/sanctions-api.md): name screening, an entity with
// everything the lists say about it, the relation network and the coverage table.
// Public and read-only. The lists are loaded once (bundled, or JIRGA_SANCTIONS_DIR);
// relations analysts claimed in the monitor join them once a reviewer published them.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../../kernel/errors.ts';
import { MonitorService } from '../../services/monitor/service.ts';
import { coverage, DEFAULT_THRESHOLD, entity, network, search, withClaimedRelations, type ClaimedRelationsResult, type SanctionsDataset } from '../../sanctions/index.ts';
import { loadBundledSanctions } from '../../node/sanctions-files.ts';
import { parse } from '../validation.ts';
import type { ServiceContext } from '../../services/context.ts';

const zSearch = z
  .object({
    q: z
      .string({ error: 'q: give a name to search for' })
      .transform((s) => s.trim())
      .pipe(z.string().min(1, { error: 'q: give a name to search for' }).max(200, { error: 'q: a name has at most 200 characters' })),
    dob: z
      .string()
      .regex(/^\d{4}(-\d{2}-\d{2})?$/, { error: 'dob: a year of birth (1977) or a date (1977-05-01)' })
      .optional(),
    limit: z.coerce.number({ error: 'limit: a whole number from 1 to 50' }).int({ error: 'limit: a whole number from 1 to 50' }).min(1, { error: 'limit: a whole number from 1 to 50' }).max(50, { error: 'limit: a whole number from 1 to 50' }).optional(),
  })
  .strict();

const zNetwork = z
  .object({
    ref: z.string().trim().min(1).max(100).optional(),
    depth: z.coerce.number({ error: 'depth: 1, 2 or 3' }).int({ error: 'depth: 1, 2 or 3' }).min(1, { error: 'depth: 1, 2 or 3' }).max(3, { error: 'depth: 1, 2 or 3' }).optional(),
  })
  .strict();

const zRef = z.string().trim().min(1, { error: 'give a list reference such as TAi.144' }).max(100, { error: 'not a list reference' });

export function registerSanctionsRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  const monitor = new MonitorService(ctx);
  // the lists with the published relation claims, rebuilt only when those change;
  // published claims never change (they are retracted and proposed anew), so their ids say which network this is
  const boot = randomBytes(6).toString('hex');
  let cached: { key: string; etag: string; result: ClaimedRelationsResult } | undefined;
  const current = async () => {
    const lists = loadBundledSanctions();
    const claims = await monitor.publishedRelations();
    const key = claims.map((c) => c.claimId).join(',');
    if (!cached || cached.key !== key) {
      const etag = `W/"${boot}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}"`;
      cached = { key, etag, result: withClaimedRelations(lists, claims) };
    }
    return cached;
  };
  /** Answers depend on the URL and the published relation claims: revalidated each time (one look at the
   * claims), 304 when nothing changed, otherwise built from the network. */
  const answer = async <T>(req: FastifyRequest, reply: FastifyReply, build: (ds: SanctionsDataset) => T): Promise<T | FastifyReply> => {
    const { etag, result } = await current();
    reply.header('cache-control', 'no-cache');
    reply.header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return build(result.dataset);
  };

  api.get('/sanctions/lists', async (_req, reply) => {
    // the lists are read once, at start
    reply.header('cache-control', 'public, max-age=3600');
    const ds = loadBundledSanctions();
    return { lists: ds.lists, threshold: DEFAULT_THRESHOLD, entities: ds.entities.filter((e) => e.status === 'listed').length };
  });

  api.get('/sanctions/search', async (req, reply) => {
    const { q, dob, limit } = parse(zSearch, req.query, 'search');
    return answer(req, reply, (ds) => ({
      query: q,
      threshold: DEFAULT_THRESHOLD,
      matches: search(ds, { name: q, ...(dob ? { birthDate: dob } : {}) }, { limit: limit ?? 10 }).map((h) => {
        const e = ds.byId.get(h.entityId)!;
        return { id: h.entityId, refs: h.refs, name: h.caption, score: h.score, match: h.match, why: h.why, schema: e.schema, lists: [...new Set(e.records.map((r) => r.list))], matchedName: h.matchedName.full };
      }),
    }));
  });

  api.get<{ Params: { ref: string } }>('/sanctions/entities/:ref', async (req, reply) => {
    const ref = parse(zRef, req.params.ref, 'reference');
    return answer(req, reply, (ds) => {
      const view = entity(ds, ref);
      if (!view) throw new NotFound(`no one with reference "${ref}" in the loaded lists (references look like TAi.144, GB:AFG0112, US:10743)`);
      return view;
    });
  });

  api.get('/sanctions/network', async (req, reply) => {
    const { ref, depth } = parse(zNetwork, req.query, 'network');
    return answer(req, reply, (ds) => {
      const net = network(ds, ref, depth ?? 1);
      if (!net) throw new NotFound(`no one with reference "${ref}" in the loaded lists`);
      return net;
    });
  });

  api.get('/sanctions/coverage', async (req, reply) => {
    return answer(req, reply, coverage);
  });
}
