// Deliberation API (docs/deliberation-api.md): conversations, participants,
// statements, votes, reports and Polis exports; organisers' moderation, codes and
// imports. Participants are known only by a random secret in an HttpOnly cookie
// scoped to the conversation's API path; the client's address is used only for the
// in-memory join limit, as a salted hash, and never logged or stored.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../../kernel/errors.ts';
import { DuplicateStatement, TooManyRequests } from '../../services/conversations/errors.ts';
import { exportCommentsCsv, exportParticipantsVotesCsv, exportVotesCsv, importPolis } from '../../services/conversations/polis.ts';
import { zCodes, zConversationInput, zConversationState, zImport, zJoin, zModeration, zStatementInput, zTranslation, zVote } from '../../api/conversations.ts';
import { ConversationService, type ConversationLimits } from '../../services/conversations/service.ts';
import { requireOrganiser } from './organiser.ts';
import { parse } from '../validation.ts';
import type { ServiceContext } from '../../services/context.ts';

export const PARTICIPANT_COOKIE = 'jirga_p';
/** How long a browser keeps a participant's secret (30 days). */
export const PARTICIPANT_COOKIE_MAX_AGE = 30 * 24 * 3600;

export interface DeliberationRouteOptions {
  limits?: Partial<ConversationLimits>;
}

type Id = { Params: { id: string } };
type Sid = { Params: { id: string; sid: string } };

/** Every value of the participant cookie the browser sent (one per matching path). */
export function participantSecrets(req: FastifyRequest): string[] {
  const out: string[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === PARTICIPANT_COOKIE) {
      try {
        out.push(decodeURIComponent(v.join('=')));
      } catch {
        /* not ours */
      }
    }
  }
  return out;
}

function setParticipantCookie(req: FastifyRequest, reply: FastifyReply, conversationId: string, secret: string, maxAge = PARTICIPANT_COOKIE_MAX_AGE): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${PARTICIPANT_COOKIE}=${encodeURIComponent(secret)}; Path=/api/conversations/${encodeURIComponent(conversationId)}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`);
}

function statementId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw new NotFound(`no statement ${raw} in this conversation`);
  return Number(raw);
}

function download(reply: FastifyReply, type: string, filename: string, body: string) {
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
  return reply.type(type).send(body);
}

export function registerDeliberationRoutes(api: FastifyInstance, ctx: ServiceContext, options: DeliberationRouteOptions = {}): void {
  const service = new ConversationService(ctx, options.limits);
  const organiser = (req: FastifyRequest) => requireOrganiser(ctx, req);
  const participant = (req: FastifyRequest<Id>) => service.participantOf(req.params.id, participantSecrets(req));

  api.register(async (scope) => {
    // 429 with Retry-After, and 409 duplicates naming the statement; the rest as everywhere
    scope.setErrorHandler((error, _req, reply) => {
      if (error instanceof TooManyRequests) {
        if (error.retryAfter > 0) reply.header('retry-after', String(error.retryAfter));
        return reply.code(429).send({ error: error.message, code: error.code });
      }
      if (error instanceof DuplicateStatement) return reply.code(409).send({ error: error.message, code: error.code, statement: error.statement });
      throw error;
    });

    const small = { bodyLimit: 1024 * 1024 };

    // ------------------------------------------------ public and participants
    scope.get<Id>('/conventions/:id/conversations', async (req) => service.publicList(req.params.id));
    scope.get<Id>('/conversations/:id', async (req) => service.view(req.params.id));

    scope.post<Id>('/conversations/:id/participants', small, async (req, reply) => {
      const body = parse(zJoin, req.body ?? {}, 'join');
      const joined = await service.join(req.params.id, body, req.ip, participantSecrets(req));
      setParticipantCookie(req, reply, req.params.id, joined.secret);
      return { participant: joined.participant };
    });
    // Forget this device (quick exit): the participant and their votes stay.
    scope.delete<Id>('/conversations/:id/me', async (req, reply) => {
      await service.leave(req.params.id, participantSecrets(req));
      setParticipantCookie(req, reply, req.params.id, '', 0);
      return { ok: true };
    });

    scope.get<Id>('/conversations/:id/me', async (req) => service.me(req.params.id, await participant(req)));
    scope.get<Id>('/conversations/:id/next', async (req) => service.next(req.params.id, await participant(req)));

    scope.post<Id>('/conversations/:id/votes', small, async (req) => {
      const p = await participant(req);
      const { statement, vote } = parse(zVote, req.body, 'vote');
      return { ok: true, next: await service.vote(req.params.id, p, statement, vote) };
    });

    scope.post<Id>('/conversations/:id/statements', small, async (req) => {
      const p = await participant(req);
      return service.submit(req.params.id, p, parse(zStatementInput, req.body, 'statement'));
    });
    scope.get<Id>('/conversations/:id/statements', async (req) => service.statements(req.params.id));
    scope.get<Id>('/conversations/:id/report', async (req) => service.report(req.params.id));

    scope.get<Id>('/conversations/:id/export/comments.csv', async (req, reply) => {
      await service.require(req.params.id);
      return download(reply, 'text/csv; charset=utf-8', `conversation-${req.params.id}-comments.csv`, await exportCommentsCsv(ctx, req.params.id));
    });
    scope.get<Id>('/conversations/:id/export/participants-votes.csv', async (req, reply) => {
      await service.require(req.params.id);
      return download(reply, 'text/csv; charset=utf-8', `conversation-${req.params.id}-participants-votes.csv`, await exportParticipantsVotesCsv(ctx, req.params.id));
    });
    scope.get<Id>('/conversations/:id/export/votes.csv', async (req, reply) => {
      await service.require(req.params.id);
      return download(reply, 'text/csv; charset=utf-8', `conversation-${req.params.id}-votes.csv`, await exportVotesCsv(ctx, req.params.id));
    });
    scope.get<Id>('/conversations/:id/export/report.json', async (req, reply) => {
      const report = await service.report(req.params.id);
      return download(reply, 'application/json; charset=utf-8', `conversation-${req.params.id}-report.json`, JSON.stringify(report));
    });

    // ------------------------------------------------------------ organisers
    scope.post<Id>('/organiser/conventions/:id/conversations', small, async (req) => {
      await organiser(req);
      return { id: await service.create(req.params.id, parse(zConversationInput, req.body, 'conversation')) };
    });
    scope.get<Id>('/organiser/conventions/:id/conversations', async (req) => {
      await organiser(req);
      return service.list(req.params.id);
    });
    scope.post<Id>('/organiser/conventions/:id/conversations/import', async (req) => {
      await organiser(req);
      return importPolis(ctx, req.params.id, parse(zImport, req.body, 'import'));
    });
    scope.get<Id>('/organiser/conversations/:id', async (req) => {
      await organiser(req);
      return service.organiserView(req.params.id);
    });
    scope.post<Id>('/organiser/conversations/:id/statements', small, async (req) => {
      await organiser(req);
      return { id: await service.addOrganiserStatement(req.params.id, parse(zStatementInput, req.body, 'statement')) };
    });
    scope.post<Sid>('/organiser/conversations/:id/statements/:sid/moderation', small, async (req) => {
      await organiser(req);
      await service.moderate(req.params.id, statementId(req.params.sid), parse(zModeration, req.body, 'moderation'));
      return { ok: true };
    });
    scope.put<Sid>('/organiser/conversations/:id/statements/:sid/translations', small, async (req) => {
      await organiser(req);
      const { lang, text } = parse(zTranslation, req.body, 'translation');
      await service.translate(req.params.id, statementId(req.params.sid), lang, text);
      return { ok: true };
    });
    scope.post<Id>('/organiser/conversations/:id/codes', small, async (req) => {
      await organiser(req);
      return { codes: await service.issueCodes(req.params.id, parse(zCodes, req.body, 'codes').count) };
    });
    scope.post<Id>('/organiser/conversations/:id/state', small, async (req) => {
      await organiser(req);
      await service.setState(req.params.id, parse(zConversationState, req.body, 'state').state);
      return { ok: true };
    });
    scope.post<Id>('/organiser/conversations/:id/recompute', small, async (req) => {
      await organiser(req);
      await service.recompute(req.params.id);
      return { ok: true };
    });
  });
}
