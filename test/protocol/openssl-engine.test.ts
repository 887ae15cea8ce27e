// The OpenSSL exponentiation engine gives exactly what BigInt gives, including the
// inputs OpenSSL's Diffie-Hellman refuses (it then falls back to BigInt).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertProperty } from '../helpers/property.ts';
import { modPow } from '../../src/protocol/bigint.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { opensslEngine } from '../../src/node/openssl-engine.ts';

describe('OpenSSL modular exponentiation engine', () => {
  for (const name of ['BELENIOS-2048', 'RFC-3526-2048']) {
    const G = getGroup(name);
    test(`${name}: equals BigInt for any base and exponent`, () => {
      assertProperty(
        fc.property(fc.bigInt({ min: 0n, max: 2n * G.p }), fc.bigInt({ min: 0n, max: G.p + 10n }), (b, e) => {
          assert.equal(opensslEngine.pow(b, e, G.p), modPow(b, e, G.p));
        }),
        40,
      );
    });
    test(`${name}: edge cases (0, 1, p-1, results equal to 1)`, () => {
      const cases: [bigint, bigint][] = [[0n, 5n], [1n, G.q], [G.p - 1n, G.q], [G.p - 1n, 2n], [G.g, G.q], [G.g, 0n], [G.g, 1n], [G.p, 3n], [G.powG(7n), G.q], [G.powG(7n), G.q - 1n]];
      for (const [b, e] of cases) assert.equal(opensslEngine.pow(b, e, G.p), modPow(b, e, G.p), `${b} ^ ${e}`);
    });
  }
});
