// The accountability monitor (src/api/monitor.ts, docs/monitor-api.md): public
// dashboard, benchmark and state pages, published claims with feeds and exports;
// editors' and reviewers' work behind the session cookie.
import type { FastifyRequest } from 'fastify';
import { monitorApi as api } from '../../api/monitor.ts';
import { MAX_COPY_BYTES } from '../../monitor/model.ts';
import { publicAccountHistory } from '../../services/accounts/accounts.ts';
import { actorOf } from '../../services/monitor/service.ts';
import { signedIn } from '../plugins/auth.ts';
import { ok, route } from '../plugins/contract.ts';
import { download, siteBase } from '../plugins/http.ts';
import type { DomainRoutes } from './scopes.ts';

const small = { bodyLimit: 1024 * 1024 };

/** An uploaded copy's name, safe in a Content-Disposition header. */
const copyName = (name: string) => name.replace(/[^\p{L}\p{N}._ -]/gu, '_');

/** The signed-in account as the monitor sees it: its role there (actorOf refuses an account that has none). */
const actor = (req: FastifyRequest) => actorOf(signedIn(req));

export const monitorRoutes: DomainRoutes = {
  async public(scope) {
    const service = scope.services.monitor;
    route(scope, api.dashboard, async () => service.dashboard());
    route(scope, api.benchmark, async (req) => service.benchmark(req.params.id));
    route(scope, api.state, async (req) => service.state(req.params.code));
    route(scope, api.claims, async (req) => service.claims(req.query));
    route(scope, api.claim, async (req) => service.claim(req.params.id));
    route(scope, api.accounts, async () => publicAccountHistory(scope.services.ctx.db));
    route(scope, api.map, async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return service.map();
    });
    route(scope, api.sourceCopy, async (req, reply) => {
      const copy = await service.sourceCopy(req.params.id);
      return download(reply, 'application/octet-stream', copyName(copy.name), copy.bytes);
    });
    route(scope, api.feed, async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return reply.type('application/atom+xml; charset=utf-8').send(await service.feed(siteBase(req)));
    });
    route(scope, api.claimsJson, async (_req, reply) => download(reply, 'application/json; charset=utf-8', 'jirga-monitor-claims.json', JSON.stringify(await service.exportJson(), null, 1)));
    route(scope, api.claimsCsv, async (_req, reply) => download(reply, 'text/csv; charset=utf-8', 'jirga-monitor-claims.csv', await service.exportCsv()));
  },

  // editors and reviewers
  async signedIn(scope) {
    const service = scope.services.monitor;
    route(scope, api.work, async (req) => service.work(actor(req)));
    route(scope, api.workClaim, async (req) => {
      actor(req);
      return service.claim(req.params.id, true);
    });
    route(scope, api.workSourceCopy, async (req, reply) => {
      actor(req);
      const copy = await service.sourceCopy(req.params.id, true);
      return download(reply, 'application/octet-stream', copyName(copy.name), copy.bytes);
    });
    route(scope, api.fullExport, async (req, reply) => {
      actor(req);
      return download(reply, 'application/json; charset=utf-8', 'jirga-monitor-full.json', JSON.stringify(await service.fullExport(), null, 1));
    });
    route(scope, api.addSource, async (req) => service.addSource(actor(req), req.body), {
      bodyLimit: Math.ceil((MAX_COPY_BYTES * 4) / 3) + 64 * 1024,
      tooLarge: `the uploaded copy is larger than ${MAX_COPY_BYTES / 1024 / 1024} MiB; nothing was saved`,
    });
    route(scope, api.propose, async (req) => service.propose(actor(req), req.body), small);
    route(scope, api.edit, ok((req) => service.edit(actor(req), req.params.id, req.body)), small);
    route(scope, api.approve, ok((req) => service.approve(actor(req), req.params.id, req.body?.note)), small);
    route(scope, api.reject, ok((req) => service.reject(actor(req), req.params.id, req.body.note)), small);
    route(scope, api.retract, ok((req) => service.retract(actor(req), req.params.id, req.body.reason)), small);
    route(scope, api.putWeights, ok((req) => service.putWeights(actor(req), req.body)), small);
    route(scope, api.weightsHistory, async (req) => {
      actor(req);
      return service.weightsHistory();
    });
    route(scope, api.putBenchmark, ok((req) => service.putBenchmark(actor(req), req.params.id, req.body)), small);
    route(scope, api.import, async (req) => service.import(actor(req), req.body.format, req.body.content), { bodyLimit: 24 * 1024 * 1024 });
  },
};
