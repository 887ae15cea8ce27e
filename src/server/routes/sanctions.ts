// The sanctions network (src/api/sanctions.ts, docs/sanctions-api.md): name screening,
// an entity with everything the lists say about it, the relation network and the
// coverage table. Public and read-only. The lists are loaded once (bundled, or
// JIRGA_SANCTIONS_DIR); relations analysts claimed in the monitor join them once a
// reviewer published them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sanctionsApi as api } from '../../api/sanctions.ts';
import { NotFound } from '../../kernel/errors.ts';
import { coverage, DEFAULT_THRESHOLD, entity, network, sameName, search, type SanctionsDataset } from '../../sanctions/index.ts';
import { loadBundledSanctions } from '../../node/sanctions-files.ts';
import { route } from '../plugins/contract.ts';
import type { SanctionsNetwork } from '../plugins/services.ts';
import type { DomainRoutes } from './scopes.ts';

/** Answers depend on the URL and the published relation claims: revalidated each time (one look at the
 * claims), 304 when nothing changed, otherwise built from the network. */
async function revalidated<T>(sanctions: SanctionsNetwork, req: FastifyRequest, reply: FastifyReply, build: (ds: SanctionsDataset) => T): Promise<T | FastifyReply> {
  const { etag, result } = await sanctions.current();
  reply.header('cache-control', 'no-cache');
  reply.header('etag', etag);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return build(result.dataset);
}

export const sanctionsRoutes: DomainRoutes = {
  async public(scope) {
    const sanctions = scope.services.sanctions;
    route(scope, api.lists, async (_req, reply) => {
      // the lists are read once, at start
      reply.header('cache-control', 'public, max-age=3600');
      const ds = loadBundledSanctions();
      return { lists: ds.lists, threshold: DEFAULT_THRESHOLD, entities: ds.entities.filter((e) => e.status === 'listed').length };
    });
    route(scope, api.search, async (req, reply) => {
      const { q, dob, limit } = req.query;
      return revalidated(sanctions, req, reply, (ds) => ({
        query: q,
        threshold: DEFAULT_THRESHOLD,
        sameName: sameName(ds, q) ?? null,
        matches: search(ds, { name: q, ...(dob ? { birthDate: dob } : {}) }, { limit: limit ?? 10 }).map((h) => {
          const e = ds.byId.get(h.entityId)!;
          return { id: h.entityId, refs: h.refs, name: h.caption, score: h.score, match: h.match, why: h.why, reasons: h.reasons, schema: e.schema, lists: [...new Set(e.records.map((r) => r.list))], matchedName: h.matchedName.full };
        }),
      }));
    });
    route(scope, api.entity, async (req, reply) => {
      const { ref } = req.params;
      return revalidated(sanctions, req, reply, (ds) => {
        const view = entity(ds, ref);
        if (!view) throw new NotFound(`no one with reference "${ref}" in the loaded lists (references look like TAi.144, GB:AFG0112, US:10743)`);
        return view;
      });
    });
    route(scope, api.network, async (req, reply) => {
      const { ref, depth } = req.query;
      return revalidated(sanctions, req, reply, (ds) => {
        const net = network(ds, ref, depth ?? 1);
        if (!net) throw new NotFound(`no one with reference "${ref}" in the loaded lists`);
        return net;
      });
    });
    route(scope, api.coverage, async (req, reply) => revalidated(sanctions, req, reply, coverage));
  },
};
