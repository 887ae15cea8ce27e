// The routes of one domain, by who may call them. The server registers each group in
// its scope (src/server/app.ts): the scope's hook, not the handler, decides who gets in.
import type { FastifyInstance } from 'fastify';

export interface DomainRoutes {
  /** Anyone. */
  public?: (api: FastifyInstance) => Promise<void>;
  /** Organisers, under /api/organiser. */
  organiser?: (scope: FastifyInstance) => Promise<void>;
  /** Any logged-in account (the monitor's editors and reviewers). */
  signedIn?: (scope: FastifyInstance) => Promise<void>;
  /** A conversation's participants (the conversation is the path's :id). */
  participant?: (scope: FastifyInstance) => Promise<void>;
  /** Trustees' one-time links, under /api/trustee. */
  trustee?: (scope: FastifyInstance) => Promise<void>;
  /** The credential authority's one-time link, under /api/credential-authority. */
  credentialAuthority?: (scope: FastifyInstance) => Promise<void>;
}
