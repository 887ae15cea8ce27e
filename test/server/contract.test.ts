// The server's side of the contract (src/server/plugins/contract.ts, errors.ts,
// services.ts) on a small Fastify instance: request errors keep the words of their
// schema; an answer that drifts from its schema fails in strict mode and is sent (and
// logged) otherwise; an organiser path cannot be registered outside the organisers'
// scope; errors become statuses and bodies in one place.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { z } from 'zod';
import { endpoint, named } from '../../src/api/contract.ts';
import { Conflict, DuplicateStatement, ERROR_CODES, NotFound, TooManyRequests, VerificationFailure } from '../../src/kernel/errors.ts';
import { contractPlugin, route } from '../../src/server/plugins/contract.ts';
import { errorsPlugin } from '../../src/server/plugins/errors.ts';
import { buildServices } from '../../src/server/plugins/services.ts';
import type { ServiceContext } from '../../src/services/context.ts';

const thing = endpoint({
  method: 'POST',
  path: '/things/:id',
  tag: 'test',
  summary: 'a thing',
  params: named(z.strictObject({ id: z.string().regex(/^\d+$/, { error: 'a number' }) }), 'thing', 'id'),
  body: named(z.object({ size: z.number({ error: 'size must be a number' }) }), 'thing'),
  response: z.strictObject({ id: z.string(), size: z.number() }),
});

async function server(strict: boolean, answer: (id: string, size: number) => unknown, log: string[] = []) {
  const stream = new Writable({
    write(chunk, _enc, done) {
      log.push(String(chunk));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'error', stream } });
  await app.register(errorsPlugin);
  await app.register(contractPlugin, { strictResponses: strict });
  await app.register(
    async (api) => {
      route(api, thing, async (req) => answer(req.params.id, req.body.size) as never);
    },
    { prefix: '/api' },
  );
  return app;
}

describe('routes from the contract', () => {
  test('request errors name the part and the field, as parse() did', async () => {
    const app = await server(true, (id, size) => ({ id, size }));
    const ok = await app.inject({ method: 'POST', url: '/api/things/7', payload: { size: 3 } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { id: '7', size: 3 });
    const bad = await app.inject({ method: 'POST', url: '/api/things/7', payload: { size: 'big' } });
    assert.equal(bad.statusCode, 400);
    // the field travels as a parameter, for pages that word the refusal in another language
    assert.deepEqual(bad.json(), { error: 'thing: size: size must be a number', code: 'invalid-request', params: { field: 'size' } });
    // nothing sent reads as nothing, not as null
    const none = await app.inject({ method: 'POST', url: '/api/things/7' });
    assert.equal(none.json().error, 'thing: Invalid input: expected object, received undefined');
    const sentNull = await app.inject({ method: 'POST', url: '/api/things/7', payload: 'null', headers: { 'content-type': 'application/json' } });
    assert.equal(sentNull.json().error, 'thing: Invalid input: expected object, received null');
    // a name that stands for one path parameter is not followed by the parameter's name
    const param = await app.inject({ method: 'POST', url: '/api/things/seven', payload: { size: 3 } });
    assert.deepEqual(param.json(), { error: 'thing: a number', code: 'invalid-request' });
    const json = await app.inject({ method: 'POST', url: '/api/things/7', payload: '{"size":', headers: { 'content-type': 'application/json' } });
    assert.deepEqual([json.statusCode, json.json()], [400, { error: 'the request body is not valid JSON', code: 'invalid-json' }]);
  });

  test('an answer that drifts from its schema: a 500 in strict mode, sent as it is and logged otherwise', async () => {
    const drifted = (id: string, size: number) => ({ id, size, secret: 'not in the contract' });
    const strict = await server(true, drifted);
    const r = await strict.inject({ method: 'POST', url: '/api/things/7', payload: { size: 3 } });
    assert.equal(r.statusCode, 500);
    assert.deepEqual(r.json(), { error: 'internal error; nothing was recorded', code: 'internal-error' });
    const log: string[] = [];
    const lenient = await server(false, drifted, log);
    const l = await lenient.inject({ method: 'POST', url: '/api/things/7', payload: { size: 3 } });
    assert.equal(l.statusCode, 200);
    assert.deepEqual(l.json(), { id: '7', size: 3, secret: 'not in the contract' });
    assert.match(log.join(''), /the answer of POST \/api\/things\/:id does not match its schema: Unrecognized key: \\"secret\\"/);
  });

  test('an organiser path cannot be registered outside the organisers’ scope', async () => {
    const app = Fastify();
    await app.register(contractPlugin, { strictResponses: true });
    const open = endpoint({ method: 'GET', path: '/organiser/secrets', tag: 'test', summary: 'x', response: z.strictObject({}) });
    app.register(async (api) => route(api, open, async () => ({})), { prefix: '/api' });
    await assert.rejects(
      async () => void (await app.ready()),
      /GET \/api\/organiser\/secrets must be registered under \/api\/organiser, where its authentication runs/,
    );
  });
});

describe('errors mapped once', () => {
  const thrower = async (error: unknown) => {
    const app = Fastify();
    await app.register(errorsPlugin);
    app.get('/x', async () => {
      throw error;
    });
    return app.inject({ method: 'GET', url: '/x' });
  };

  test('each class its status, each error its code; 429 says when to retry; a duplicate names its statement', async () => {
    const nf = await thrower(new NotFound('no such thing'));
    assert.deepEqual([nf.statusCode, nf.json()], [404, { error: 'no such thing', code: 'not-found' }]);
    const closed = await thrower(new Conflict('voting is closed', 'voting-closed'));
    assert.deepEqual([closed.statusCode, closed.json()], [409, { error: 'voting is closed', code: 'voting-closed' }]);
    const bad = await thrower(new VerificationFailure('a proof is wrong'));
    assert.deepEqual([bad.statusCode, bad.json()], [400, { error: 'a proof is wrong', code: 'verification-failed' }]);
    const slow = await thrower(new TooManyRequests('too many votes at once; wait a moment', 7, 'too-many-votes'));
    assert.deepEqual([slow.statusCode, slow.headers['retry-after'], slow.json()], [429, '7', { error: 'too many votes at once; wait a moment', code: 'too-many-votes', params: { retryAfter: 7 } }]);
    const limit = await thrower(new TooManyRequests('at most 10 statements', 0, 'statement-limit'));
    assert.equal(limit.headers['retry-after'], undefined);
    const dup = await thrower(new DuplicateStatement('the same statement is already in this conversation: statement 4', 'duplicate', 4));
    assert.deepEqual([dup.statusCode, dup.json()], [409, { error: 'the same statement is already in this conversation: statement 4', code: 'duplicate', statement: 4 }]);
    const crash = await thrower(new Error('database on fire'));
    assert.deepEqual([crash.statusCode, crash.json()], [500, { error: 'internal error; nothing was recorded', code: 'internal-error' }]);
  });

  test('every code is in the closed set', () => {
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length);
    for (const code of ERROR_CODES) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(new NotFound('x').code, 'not-found');
  });
});

describe('services built once per server', () => {
  test('one conversation service, with the limits the server was given, serves every route that knows participants', () => {
    // (the join, vote and statement limits are each used by one route; the inclusion routes
    // only look participants up, through the same service)
    const ctx = { db: {}, now: () => new Date(), checkBallot: async () => ({}) } as unknown as ServiceContext;
    const services = buildServices({ ctx, conversationLimits: { votesPerBurst: 2 } });
    assert.equal(services.conversations.limits.votesPerBurst, 2);
    assert.equal(services.conversations.ctx, ctx);
  });
});
