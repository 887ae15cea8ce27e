// Inclusion API (docs/inclusion-api.md): a convention's self-description questions
// and reference shares; participants' own self-description in a conversation
// (known only by the conversation's participant cookie); composition reports,
// weighted estimates and exports (public, with small cells hidden); organisers'
// settings, delegations and rules.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConversationService } from '../../services/conversations/service.ts';
import { compositionCsv, InclusionService, zDelegationInput, zInclusionSettings, zProfileInput, zRulesInput } from '../../services/inclusion/service.ts';
import { participantSecrets } from './conversations.ts';
import { requireOrganiser } from './organiser.ts';
import { parse } from '../validation.ts';
import type { ServiceContext } from '../../services/context.ts';

type Id = { Params: { id: string } };

function download(reply: FastifyReply, type: string, filename: string, body: string) {
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
  return reply.type(type).send(body);
}

export function registerInclusionRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  const service = new InclusionService(ctx);
  const conversations = new ConversationService(ctx);
  const organiser = (req: FastifyRequest) => requireOrganiser(ctx, req);
  const participant = (req: FastifyRequest<Id>) => conversations.participantOf(req.params.id, participantSecrets(req));
  const small = { bodyLimit: 1024 * 1024 };

  // ------------------------------------------------------------------ public
  api.get<Id>('/conventions/:id/inclusion', async (req) => service.settings(req.params.id));

  api.get<Id>('/conversations/:id/me/profile', async (req) => service.profile(req.params.id, await participant(req)));
  api.put<Id>('/conversations/:id/me/profile', small, async (req) => {
    const p = await participant(req);
    await service.setProfile(req.params.id, p, parse(zProfileInput, req.body, 'profile').answers);
    return { ok: true };
  });

  api.get<Id>('/conversations/:id/composition', async (req) => service.conversationComposition(req.params.id));

  api.get<Id>('/conventions/:id/composition', async (req) => service.conventionComposition(req.params.id));
  api.get<Id>('/conventions/:id/composition.json', async (req, reply) => {
    const c = await service.conventionComposition(req.params.id);
    return download(reply, 'application/json; charset=utf-8', `convention-${req.params.id}-composition.json`, JSON.stringify(c));
  });
  api.get<Id>('/conventions/:id/composition.csv', async (req, reply) => {
    const c = await service.conventionComposition(req.params.id);
    return download(reply, 'text/csv; charset=utf-8', `convention-${req.params.id}-composition.csv`, compositionCsv(c));
  });

  // -------------------------------------------------------------- organisers
  api.put<Id>('/organiser/conventions/:id/inclusion', small, async (req) => {
    await organiser(req);
    await service.putSettings(req.params.id, parse(zInclusionSettings, req.body, 'inclusion settings'));
    return { ok: true };
  });

  api.get<Id>('/organiser/conventions/:id/delegations', async (req) => {
    await organiser(req);
    return service.delegations(req.params.id);
  });
  api.post<Id>('/organiser/conventions/:id/delegations', { bodyLimit: 4 * 1024 * 1024 }, async (req) => {
    await organiser(req);
    return { id: await service.createDelegation(req.params.id, parse(zDelegationInput, req.body, 'delegation')) };
  });
  api.put<Id>('/organiser/delegations/:id', { bodyLimit: 4 * 1024 * 1024 }, async (req) => {
    await organiser(req);
    await service.updateDelegation(req.params.id, parse(zDelegationInput, req.body, 'delegation'));
    return { ok: true };
  });
  api.delete<Id>('/organiser/delegations/:id', async (req) => {
    await organiser(req);
    await service.deleteDelegation(req.params.id);
    return { ok: true };
  });

  api.put<Id>('/organiser/conventions/:id/rules', small, async (req) => {
    await organiser(req);
    await service.putRules(req.params.id, parse(zRulesInput, req.body, 'rules').rules);
    return { ok: true };
  });
}
