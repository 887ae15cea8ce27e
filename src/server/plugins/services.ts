// The services, built once per server and shared by every route: one conversation
// service (so its rate limits hold across every route that joins, votes or writes),
// one inclusion service, one monitor service, and the sanctions network with the
// relations analysts published in the monitor.
import { createHash, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { ConversationService, type ConversationLimits } from '../../services/conversations/service.ts';
import { InclusionService } from '../../services/inclusion/service.ts';
import { MonitorService } from '../../services/monitor/service.ts';
import { withClaimedRelations, type ClaimedRelationsResult } from '../../sanctions/index.ts';
import { isBundledListReference, loadBundledSanctions } from '../../node/sanctions-files.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { Closer } from '../../services/elections/closer.ts';

export interface SanctionsNetwork {
  /** The lists with the published relation claims, and an ETag that changes when those do. */
  current(): Promise<{ etag: string; result: ClaimedRelationsResult }>;
}

export interface Services {
  ctx: ServiceContext;
  conversations: ConversationService;
  inclusion: InclusionService;
  monitor: MonitorService;
  sanctions: SanctionsNetwork;
  /** Closes elections through the job queue; absent in a server built without one (tools). */
  closer?: Closer;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** The lists with the published relation claims, rebuilt only when those change. */
function sanctionsNetwork(monitor: MonitorService): SanctionsNetwork {
  // published claims never change (they are retracted and proposed anew), so their ids say which network this is
  const boot = randomBytes(6).toString('hex');
  let cached: { key: string; etag: string; result: ClaimedRelationsResult } | undefined;
  return {
    async current() {
      const lists = loadBundledSanctions();
      const claims = await monitor.publishedRelations();
      const key = claims.map((c) => c.claimId).join(',');
      if (!cached || cached.key !== key) {
        const etag = `W/"${boot}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}"`;
        cached = { key, etag, result: withClaimedRelations(lists, claims) };
      }
      return cached;
    },
  };
}

export interface ServicesOptions {
  ctx: ServiceContext;
  conversationLimits?: Partial<ConversationLimits>;
  closer?: Closer;
}

export function buildServices(options: ServicesOptions): Services {
  const { ctx } = options;
  // relation claims must name references that are in the loaded sanctions lists (loaded on first use)
  const monitor = new MonitorService(ctx, { knownListReference: isBundledListReference });
  return {
    ctx,
    conversations: new ConversationService(ctx, options.conversationLimits),
    inclusion: new InclusionService(ctx),
    monitor,
    sanctions: sanctionsNetwork(monitor),
    ...(options.closer ? { closer: options.closer } : {}),
  };
}

export const servicesPlugin = fp<ServicesOptions>(
  async (app, options) => {
    app.decorate('services', buildServices(options));
  },
  { name: 'jirga-services', fastify: '5.x' },
);
