// Deliberation (src/api/conversations.ts, docs/deliberation-api.md): conversations,
// participants, statements, votes, reports and Polis exports; organisers' moderation,
// codes and imports. Participants are known only by a random secret in an HttpOnly
// cookie scoped to the conversation's API path; the client's address is used only for
// the in-memory join limit, as a salted hash, and never logged or stored.
import { conversationsApi as api } from '../../api/conversations.ts';
import { NotFound } from '../../kernel/errors.ts';
import { exportCommentsCsv, exportParticipantsVotesCsv, exportVotesCsv, importPolis } from '../../services/conversations/polis.ts';
import { participantOf } from '../plugins/auth.ts';
import { OK, ok, route } from '../plugins/contract.ts';
import { participantSecrets, setParticipantCookie } from '../plugins/cookies.ts';
import { download } from '../plugins/http.ts';
import type { DomainRoutes } from './scopes.ts';

/** Bodies of participants and of most organiser actions are small. */
const small = { bodyLimit: 1024 * 1024 };

function statementId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw new NotFound(`no statement ${raw} in this conversation`);
  return Number(raw);
}

const csv = 'text/csv; charset=utf-8';

export const conversationRoutes: DomainRoutes = {
  async public(scope) {
    const { ctx, conversations: service } = scope.services;
    route(scope, api.list, async (req) => service.publicList(req.params.id));
    route(scope, api.view, async (req) => service.view(req.params.id));
    route(
      scope,
      api.join,
      async (req, reply) => {
        const joined = await service.join(req.params.id, req.body ?? {}, req.ip, participantSecrets(req));
        setParticipantCookie(req, reply, req.params.id, joined.secret);
        return { participant: joined.participant };
      },
      small,
    );
    // Forget this device (quick exit): the participant and their votes stay.
    route(scope, api.leave, async (req, reply) => {
      await service.leave(req.params.id, participantSecrets(req));
      setParticipantCookie(req, reply, req.params.id, '', 0);
      return OK;
    });
    route(scope, api.statements, async (req) => service.statements(req.params.id));
    route(scope, api.report, async (req) => service.report(req.params.id));
    route(scope, api.exportComments, async (req, reply) => {
      await service.require(req.params.id);
      return download(reply, csv, `conversation-${req.params.id}-comments.csv`, await exportCommentsCsv(ctx, req.params.id));
    });
    route(scope, api.exportParticipantsVotes, async (req, reply) => {
      await service.require(req.params.id);
      return download(reply, csv, `conversation-${req.params.id}-participants-votes.csv`, await exportParticipantsVotesCsv(ctx, req.params.id));
    });
    route(scope, api.exportVotes, async (req, reply) => {
      await service.require(req.params.id);
      return download(reply, csv, `conversation-${req.params.id}-votes.csv`, await exportVotesCsv(ctx, req.params.id));
    });
    route(scope, api.exportReport, async (req, reply) => {
      const report = await service.report(req.params.id);
      return download(reply, 'application/json; charset=utf-8', `conversation-${req.params.id}-report.json`, JSON.stringify(report));
    });
  },

  async participant(scope) {
    const service = scope.services.conversations;
    route(scope, api.me, async (req) => service.me(req.params.id, participantOf(req)));
    route(scope, api.next, async (req) => service.next(req.params.id, participantOf(req)));
    route(scope, api.vote, async (req) => ({ ok: true as const, next: await service.vote(req.params.id, participantOf(req), req.body.statement, req.body.vote) }), small);
    route(scope, api.submit, async (req) => service.submit(req.params.id, participantOf(req), req.body), small);
  },

  async organiser(scope) {
    const { ctx, conversations: service } = scope.services;
    route(scope, api.create, async (req) => ({ id: await service.create(req.params.id, req.body) }), small);
    route(scope, api.organiserList, async (req) => service.list(req.params.id));
    // an upload (a whole Polis export): the organiser scope refuses strangers before reading it
    route(scope, api.importPolis, async (req) => importPolis(ctx, req.params.id, req.body), { bodyLimit: 64 * 1024 * 1024, tooLarge: 'the Polis export is larger than 64 MiB; nothing was imported' });
    route(scope, api.organiserView, async (req) => service.organiserView(req.params.id));
    route(scope, api.addStatement, async (req) => ({ id: await service.addOrganiserStatement(req.params.id, req.body) }), small);
    route(
      scope,
      api.moderate,
      ok((req) => service.moderate(req.params.id, statementId(req.params.sid), req.body)),
      // an unknown statement is a 404 whatever the body says
      { ...small, preValidation: async (req) => void statementId((req.params as { sid: string }).sid) },
    );
    route(scope, api.translate, ok((req) => service.translate(req.params.id, statementId(req.params.sid), req.body.lang, req.body.text)), small);
    route(scope, api.issueCodes, async (req) => ({ codes: await service.issueCodes(req.params.id, req.body.count) }), small);
    route(scope, api.setState, ok((req) => service.setState(req.params.id, req.body.state)), small);
    route(scope, api.recompute, ok((req) => service.recompute(req.params.id)), small);
  },
};
