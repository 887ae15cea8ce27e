// The booth's short list of credentials (src/protocol/credential-digest.ts): each
// voter's derived public credential is found in it, a stranger's is not, weights are
// not part of the digest, and the list is sorted (it does not keep the voters' order).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialDigest, credentialDigests } from '../../src/protocol/credential-digest.ts';
import { derivePublicCredential, generateCredentials, generateSecretCredential, parseVoterLine } from '../../src/protocol/credentials.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';

test('a listed credential is found by its digest, a stranger is not; weights do not change a digest', () => {
  const group = getGroup('BELENIOS-2048');
  const uuid = 'DigestTest12345';
  const generated = generateCredentials(group, uuid, ['a', 'b,b,3', 'c'].map((l) => parseVoterLine(l)));
  assert.ok(generated.publicCredentials.some((c) => c.includes(',')), 'a weighted line');
  const digests = credentialDigests(JSON.stringify(generated.publicCredentials));
  assert.equal(digests.length, 3);
  assert.deepEqual([...digests].sort(), digests);
  for (const d of digests) assert.match(d, /^[A-Za-z0-9+/]{12}$/);
  for (const line of generated.privateLines) {
    const credential = line.split(' ').pop()!;
    assert.ok(digests.includes(credentialDigest(derivePublicCredential(group, uuid, credential).toString())), line);
  }
  assert.ok(!digests.includes(credentialDigest(derivePublicCredential(group, uuid, generateSecretCredential()).toString())));
});
