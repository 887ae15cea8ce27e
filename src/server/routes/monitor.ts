// Accountability monitor API (docs/monitor-api.md): public dashboard, benchmark
// and state pages, published claims with feeds and exports; editors' and
// reviewers' work behind the session cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, MonitorService } from '../../services/monitor/service.ts';
import { loadBundledSanctions } from '../../node/sanctions-files.ts';
import { BENCHMARK_IDS, CLAIM_KINDS, MAX_COPY_BYTES, zBenchmarkEdit, zClaimInput, zRejectNote, zRetraction, zReviewNote, zSourceInput, zWeights } from '../../monitor/model.ts';
import { requireAccount } from './organiser.ts';
import { parse } from '../validation.ts';
import type { ServiceContext } from '../../services/context.ts';

type Id = { Params: { id: string } };

const zFilter = z
  .object({
    kind: z.enum(CLAIM_KINDS).optional(),
    state: z.string().regex(/^[A-Za-z]{2}$/, { error: 'state: an ISO 3166 two-letter code' }).optional(),
    benchmark: z.enum(BENCHMARK_IDS).optional(),
  })
  .strict();
const zImport = z.object({ format: z.enum(['json', 'csv'], { error: 'format: json or csv' }), content: z.string().min(1, { error: 'the file is empty' }).max(20_000_000) }).strict();

function download(reply: FastifyReply, type: string, filename: string, body: string | Buffer) {
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
  return reply.type(type).send(body);
}

/** The site's own address for the feed's links: JIRGA_PUBLIC_URL, or the Host the reader used. */
function siteBase(req: FastifyRequest): string {
  const configured = process.env.JIRGA_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.:[\]-]{1,300}$/.test(host) ? `${req.protocol}://${host}` : 'http://localhost';
}

export function registerMonitorRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  // relation claims must name references that are in the loaded sanctions lists (loaded on first use)
  const service = new MonitorService(ctx, { knownListReference: (ref) => loadBundledSanctions().byRef.has(ref) });
  const actor = async (req: FastifyRequest) => actorOf(await requireAccount(ctx, req));
  const small = { bodyLimit: 1024 * 1024 };

  // ------------------------------------------------------------------ public
  api.get('/monitor', async () => service.dashboard());
  api.get<Id>('/monitor/benchmarks/:id', async (req) => service.benchmark(req.params.id));
  api.get<{ Params: { code: string } }>('/monitor/states/:code', async (req) => service.state(req.params.code));
  api.get('/monitor/claims', async (req) => service.claims(parse(zFilter, req.query, 'filter')));
  api.get<Id>('/monitor/claims/:id', async (req) => service.claim(req.params.id));
  api.get('/monitor/map', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=86400');
    return service.map();
  });
  api.get<Id>('/monitor/sources/:id/copy', async (req, reply) => {
    const copy = await service.sourceCopy(req.params.id);
    return download(reply, 'application/octet-stream', copy.name.replace(/[^\p{L}\p{N}._ -]/gu, '_'), copy.bytes);
  });
  api.get('/monitor/feed.atom', async (req, reply) => {
    reply.header('cache-control', 'no-cache');
    return reply.type('application/atom+xml; charset=utf-8').send(await service.feed(siteBase(req)));
  });
  api.get('/monitor/claims.json', async (_req, reply) => download(reply, 'application/json; charset=utf-8', 'jirga-monitor-claims.json', JSON.stringify(await service.exportJson(), null, 1)));
  api.get('/monitor/claims.csv', async (_req, reply) => download(reply, 'text/csv; charset=utf-8', 'jirga-monitor-claims.csv', await service.exportCsv()));

  // ----------------------------------------------------- editors, reviewers
  api.get('/monitor/work', async (req) => service.work(await actor(req)));
  api.get<Id>('/monitor/work/claims/:id', async (req) => {
    await actor(req);
    return service.claim(req.params.id, true);
  });
  api.get<Id>('/monitor/work/sources/:id/copy', async (req, reply) => {
    await actor(req);
    const copy = await service.sourceCopy(req.params.id, true);
    return download(reply, 'application/octet-stream', copy.name.replace(/[^\p{L}\p{N}._ -]/gu, '_'), copy.bytes);
  });
  api.get('/monitor/work/export.json', async (req, reply) => {
    await actor(req);
    return download(reply, 'application/json; charset=utf-8', 'jirga-monitor-full.json', JSON.stringify(await service.fullExport(), null, 1));
  });

  api.post(
    '/monitor/sources',
    {
      bodyLimit: Math.ceil((MAX_COPY_BYTES * 4) / 3) + 64 * 1024,
      errorHandler: (error, _req, reply) => {
        const e = error as { statusCode?: number; code?: string };
        if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: `the uploaded copy is larger than ${MAX_COPY_BYTES / 1024 / 1024} MiB; nothing was saved` });
        throw error;
      },
    },
    async (req) => {
      const who = await actor(req);
      return service.addSource(who, parse(zSourceInput, req.body, 'source'));
    },
  );
  api.post('/monitor/claims', small, async (req) => {
    const who = await actor(req);
    return service.propose(who, parse(zClaimInput, req.body, 'claim'));
  });
  api.put<Id>('/monitor/claims/:id', small, async (req) => {
    const who = await actor(req);
    await service.edit(who, req.params.id, parse(zClaimInput, req.body, 'claim'));
    return { ok: true };
  });
  api.post<Id>('/monitor/claims/:id/approve', small, async (req) => {
    const who = await actor(req);
    await service.approve(who, req.params.id, parse(zReviewNote, req.body ?? {}, 'approval').note);
    return { ok: true };
  });
  api.post<Id>('/monitor/claims/:id/reject', small, async (req) => {
    const who = await actor(req);
    await service.reject(who, req.params.id, parse(zRejectNote, req.body, 'rejection').note);
    return { ok: true };
  });
  api.post<Id>('/monitor/claims/:id/retract', small, async (req) => {
    const who = await actor(req);
    await service.retract(who, req.params.id, parse(zRetraction, req.body, 'retraction').reason);
    return { ok: true };
  });
  api.put('/monitor/weights', small, async (req) => {
    const who = await actor(req);
    await service.putWeights(who, parse(zWeights, req.body, 'weights'));
    return { ok: true };
  });
  api.get('/monitor/weights/history', async (req) => {
    await actor(req);
    return service.weightsHistory();
  });
  api.put<Id>('/monitor/benchmarks/:id', small, async (req) => {
    const who = await actor(req);
    await service.putBenchmark(who, req.params.id, parse(zBenchmarkEdit, req.body, 'benchmark'));
    return { ok: true };
  });
  api.post('/monitor/import', { bodyLimit: 24 * 1024 * 1024 }, async (req) => {
    const who = await actor(req);
    const { format, content } = parse(zImport, req.body, 'import');
    return service.import(who, format, content);
  });
}
