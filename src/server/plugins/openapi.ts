// The OpenAPI 3.1 document of the API, generated from the routes' zod schemas
// (@fastify/swagger with fastify-type-provider-zod's transform) and served at
// GET /api/openapi.json. docs/api.md lists its operations (scripts/api-doc.ts).
import fastifySwagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** How each kind of caller proves who they are (the auth scopes set them on their routes). */
export const SECURITY_SCHEMES = {
  session: { type: 'apiKey', in: 'cookie', name: 'jirga_session', description: 'An account’s session (POST /api/session)' },
  participant: { type: 'apiKey', in: 'cookie', name: 'jirga_p', description: 'A participant’s secret, set on joining a conversation' },
  link: { type: 'apiKey', in: 'header', name: 'X-Jirga-Token', description: 'The token of a trustee’s or the credential authority’s one-time link' },
} as const;
export type SecurityScheme = keyof typeof SECURITY_SCHEMES;

export const openapiPlugin = fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Jirga API',
          version: '0.1.0',
          description:
            'Deliberation, Belenios-compatible verifiable voting, inclusion statistics, the accountability monitor and the sanctions network. Errors answer {error, code}: `code` is one of a closed set (src/kernel/errors.ts).',
        },
        components: { securitySchemes: { ...SECURITY_SCHEMES } },
      },
      transform: jsonSchemaTransform,
    });
  },
  { name: 'jirga-openapi', fastify: '5.x' },
);
