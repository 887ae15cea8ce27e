// docs/api.md lists the operations of the OpenAPI document the server generates: it
// must be regenerated (node --import tsx scripts/api-doc.ts) whenever the contract changes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_DOC, openapiDocument, renderApiDoc } from '../../scripts/api-doc.ts';

test('docs/api.md is up to date with the OpenAPI document', async () => {
  const doc = await openapiDocument();
  assert.equal(readFileSync(API_DOC, 'utf8'), renderApiDoc(doc), 'docs/api.md is out of date: run node --import tsx scripts/api-doc.ts');
  assert.ok(Object.keys(doc.paths).length > 70);
});
