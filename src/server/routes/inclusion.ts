// Inclusion (src/api/inclusion.ts, docs/inclusion-api.md): a convention's
// self-description questions and reference shares; participants' own self-description
// in a conversation (known only by the conversation's participant cookie); composition
// reports, weighted estimates and exports (public, with small cells hidden);
// organisers' settings, delegations and rules.
import { inclusionApi as api } from '../../api/inclusion.ts';
import { compositionCsv } from '../../services/inclusion/service.ts';
import { participantOf } from '../plugins/auth.ts';
import { ok, route } from '../plugins/contract.ts';
import { download } from '../plugins/http.ts';
import type { DomainRoutes } from './scopes.ts';

const small = { bodyLimit: 1024 * 1024 };
/** A delegation lists up to 5000 delegates. */
const delegationSize = { bodyLimit: 4 * 1024 * 1024 };

export const inclusionRoutes: DomainRoutes = {
  async public(scope) {
    const service = scope.services.inclusion;
    route(scope, api.settings, async (req) => service.settings(req.params.id));
    route(scope, api.conversationComposition, async (req) => service.conversationComposition(req.params.id));
    route(scope, api.conventionComposition, async (req) => service.conventionComposition(req.params.id));
    route(scope, api.conventionCompositionJson, async (req, reply) => {
      const c = await service.conventionComposition(req.params.id);
      return download(reply, 'application/json; charset=utf-8', `convention-${req.params.id}-composition.json`, JSON.stringify(c));
    });
    route(scope, api.conventionCompositionCsv, async (req, reply) => {
      const c = await service.conventionComposition(req.params.id);
      return download(reply, 'text/csv; charset=utf-8', `convention-${req.params.id}-composition.csv`, compositionCsv(c));
    });
  },

  async participant(scope) {
    const service = scope.services.inclusion;
    route(scope, api.profile, async (req) => service.profile(req.params.id, participantOf(req)));
    route(scope, api.setProfile, ok((req) => service.setProfile(req.params.id, participantOf(req), req.body.answers)), small);
  },

  async organiser(scope) {
    const service = scope.services.inclusion;
    route(scope, api.putSettings, ok((req) => service.putSettings(req.params.id, req.body)), small);
    route(scope, api.delegations, async (req) => service.delegations(req.params.id));
    route(scope, api.createDelegation, async (req) => ({ id: await service.createDelegation(req.params.id, req.body) }), delegationSize);
    route(scope, api.updateDelegation, ok((req) => service.updateDelegation(req.params.id, req.body)), delegationSize);
    route(scope, api.deleteDelegation, ok((req) => service.deleteDelegation(req.params.id)));
    route(scope, api.putRules, ok((req) => service.putRules(req.params.id, req.body.rules)), small);
  },
};
