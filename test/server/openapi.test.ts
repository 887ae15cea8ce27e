// GET /api/openapi.json: a valid OpenAPI 3.1 document (checked with a maintained
// validator), generated from the contract (src/api), with every /api route the server
// registered, each with its request and answer schemas; and the contract and the routes
// are the same set, one to one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ALL_ENDPOINTS } from '../../src/api/index.ts';
import { isFileAnswer } from '../../src/api/contract.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Fastify's /elections/:uuid as OpenAPI writes it: /elections/{uuid}. */
const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  let server: TestServer;
  let doc: any;

  before(async () => {
    server = await startTestServer('pglite');
    const r = await fetch(`${server.base}/api/openapi.json`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    doc = await r.json();
  });
  after(async () => server?.stop());

  /** The /api routes the server registered, without the HEAD twins Fastify adds to GET routes and the 404 catch-all. */
  const apiRoutes = () => server.app.registeredRoutes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/*');

  test('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 3000));
    assert.equal(validator.version, '3.1');
  });

  test('has every /api route the server registered, and nothing else under /api', () => {
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const registered = apiRoutes().map((r) => `${r.method} ${openapiPath(r.url)}`);
    assert.ok(registered.length >= 80, `${registered.length} routes`);
    const missing = registered.filter((r) => !documented.has(r));
    assert.deepEqual(missing, [], 'registered but not documented');
    const extra = [...documented].filter((d) => d.split(' ')[1]!.startsWith('/api/') && !registered.includes(d));
    assert.deepEqual(extra, [], 'documented but not registered');
  });

  test('every endpoint of the contract is registered once, and every /api route comes from the contract', () => {
    const routes = apiRoutes();
    const fromContract = routes.filter((r) => r.endpoint).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(new Set(fromContract).size, fromContract.length, 'an endpoint registered twice');
    assert.deepEqual(fromContract.sort(), ALL_ENDPOINTS.map((e) => `${e.method} /api${e.path}`).sort());
    // the document itself is the only route that is not an endpoint of a domain
    assert.deepEqual(
      routes.filter((r) => !r.endpoint).map((r) => `${r.method} ${r.url}`),
      ['GET /api/openapi.json'],
    );
  });

  test('each operation has its request and answer schemas', () => {
    const ids = Object.values<Record<string, { operationId: string }>>(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    for (const e of ALL_ENDPOINTS) {
      const op = doc.paths[openapiPath(`/api${e.path}`)]?.[e.method.toLowerCase()];
      const name = `${e.method} ${e.path}`;
      assert.ok(op, name);
      assert.equal(op.summary, e.summary, name);
      assert.ok(op.operationId, name);
      const ok = op.responses['200'];
      const contentType = isFileAnswer(e.response) ? e.response.contentType : 'application/json';
      assert.ok(ok?.content?.[contentType]?.schema, `${name}: the answer's schema`);
      assert.ok(op.responses['4XX']?.content?.['application/json']?.schema?.properties?.code, `${name}: the error schema`);
      const parameters: { in: string; name: string; schema: unknown }[] = op.parameters ?? [];
      for (const p of e.path.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        assert.ok(parameters.some((x) => x.in === 'path' && x.name === p.slice(1) && x.schema), `${name}: path parameter ${p}`);
      }
      if (e.query) assert.ok(parameters.some((x) => x.in === 'query' && x.schema), `${name}: query parameters`);
      if (e.body) assert.ok(op.requestBody?.content?.['application/json']?.schema, `${name}: the body's schema`);
      else assert.equal(op.requestBody, undefined, `${name}: no body`);
    }
  });

  test('routes that need a session, a participant or a link say so', () => {
    const security = (method: string, path: string) => doc.paths[path][method].security;
    assert.deepEqual(security('get', '/api/organiser/conventions'), [{ session: ['organiser'] }]);
    assert.deepEqual(security('get', '/api/monitor/work'), [{ session: [] }]);
    assert.deepEqual(security('post', '/api/conversations/{id}/votes'), [{ participant: [] }]);
    assert.deepEqual(security('get', '/api/trustee'), [{ link: [] }]);
    assert.equal(security('get', '/api/elections'), undefined);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['link', 'participant', 'session']);
  });
});
