// The verification shortcuts compute exactly what the plain formulas compute: each
// strategy against plain square-and-multiply (modPow), with the BigInt engine and
// with OpenSSL's, on random and edge inputs (exponents 0, 1, q-1; bases outside the
// subgroup too, since the identities used hold in all of Z_p^*).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { assertProperty } from '../helpers/property.ts';
import { bigIntFromDecimal, decimal, modInverse, modPow } from '../../src/protocol/bigint.ts';
import { bigintEngine, modExpEngine, setModExpEngine, type ModExpEngine } from '../../src/protocol/exp/engine.ts';
import { FixedBase } from '../../src/protocol/exp/fixed-base.ts';
import { getGroup, type Group } from '../../src/protocol/groups/index.ts';
import { nobleSha256, sha256Bytes } from '../../src/protocol/hash.ts';
import { opensslEngine, opensslSha256, registerOpensslEngine } from '../../src/node/openssl-engine.ts';

const groups = ['BELENIOS-2048', 'RFC-3526-2048'].map(getGroup);
const engines: ModExpEngine[] = [bigintEngine, opensslEngine];
const initial = modExpEngine();
after(() => setModExpEngine(initial));

/** (beta / g^M)^e by the definition: beta^e times the inverse of g^(M e). */
function plainQuotientPow(G: Group, beta: bigint, M: bigint, e: bigint): bigint {
  return (modPow(beta, e, G.p) * modInverse(modPow(G.g, M * e, G.p), G.p)) % G.p;
}

/** Elements of the subgroup, and numbers outside it (a non-residue, p-1, 2). */
function bases(G: Group): bigint[] {
  return [G.powG(12345n), G.powG(G.q - 1n), G.g, 1n, G.p - 1n, 2n, 3n];
}

describe('(beta / g^M)^e for the disjuncts of a proof', () => {
  for (const engine of engines) {
    for (const G of groups) {
      test(`${G.name}, ${engine.name}: equals the plain formula on edge exponents and values of M`, () => {
        setModExpEngine(engine);
        for (const beta of bases(G)) {
          for (const M of [0n, 1n, 2n, 5n]) {
            const pow = G.quotientPow(G.variableBase(beta), M);
            for (const e of [0n, 1n, 2n, G.q - 1n]) assert.equal(pow(e), plainQuotientPow(G, beta, M, e), `beta ${beta % 1000n}..., M ${M}, e ${e}`);
          }
        }
      });
      test(`${G.name}, ${engine.name}: equals the plain formula for any exponent`, () => {
        setModExpEngine(engine);
        assertProperty(
          fc.property(fc.bigInt({ min: 1n, max: G.q - 1n }), fc.bigInt({ min: 0n, max: 12n }), fc.bigInt({ min: 0n, max: G.q - 1n }), (k, M, e) => {
            const beta = G.powG(k);
            assert.equal(G.quotientPow(G.variableBase(beta), M)(e), plainQuotientPow(G, beta, M, e));
          }),
          10,
        );
      });
    }
  }
});

describe('SHA-256 engines', () => {
  test("OpenSSL's SHA-256 equals @noble/hashes on texts (UTF-8) and bytes", () => {
    assertProperty(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 300 })), (data) => {
        assert.deepEqual(opensslSha256(data), nobleSha256(data));
      }),
      200,
    );
    for (const text of ['', 'abc', 'دری / پښتو', '\u{1F600}', 'x'.repeat(100_000)]) assert.deepEqual(opensslSha256(text), nobleSha256(text));
  });
  test('registering OpenSSL makes the protocol hash with it, and gives the known digest', () => {
    registerOpensslEngine();
    setModExpEngine(initial);
    // FIPS 180-2, appendix B.1
    assert.equal(Buffer.from(sha256Bytes('abc')).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('decimal writing of big numbers (kept per thread)', () => {
  test('decimal(x) is x.toString(10), also for numbers read from text, canonical or not', () => {
    assertProperty(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 2048n }), fc.nat({ max: 3 }), (x, zeros) => {
        const text = '0'.repeat(zeros) + x.toString(10);
        assert.equal(bigIntFromDecimal(text), x);
        assert.equal(decimal(x), x.toString(10));
        assert.equal(decimal(x), decimal(x));
      }),
      300,
    );
  });
  test('more numbers than the cache holds: every answer still exact', () => {
    const G = groups[0]!;
    for (let i = 0; i < 5000; i++) {
      const x = G.powG(BigInt(i + 1)) ^ BigInt(i);
      if (i % 7 === 0) bigIntFromDecimal(x.toString(10));
      assert.equal(decimal(x), x.toString(10));
    }
  });
});

describe('fixed-base tables of every size a group uses', () => {
  for (const width of [5, 8, 11]) {
    test(`BELENIOS-2048, width ${width}: g^e equals modPow, edge exponents included`, () => {
      const G = groups[0]!;
      const table = new FixedBase(G.g, G.p, G.qBits, width);
      for (const e of [0n, 1n, 2n, G.q - 1n, G.q - 2n, (1n << 255n) - 1n]) assert.equal(table.pow(e), modPow(G.g, e, G.p), `e = ${e}`);
      assertProperty(
        fc.property(fc.bigInt({ min: 0n, max: G.q - 1n }), (e) => {
          assert.equal(table.pow(e), modPow(G.g, e, G.p));
        }),
        20,
      );
    });
  }
  test('a base used often enough moves to the larger tables and still answers the same', () => {
    const G = groups[0]!;
    const base = G.powG(987654321n);
    for (let i = 0; i < 6100; i++) {
      const e = (BigInt(i) * 0x9e3779b97f4a7c15n) % G.q;
      const r = G.powFixed(base, e);
      if (i % 500 === 0 || i === 599 || i === 600 || i === 5999 || i === 6000 || i === 6001) assert.equal(r, modPow(base, e, G.p), `use ${i}`);
    }
    assert.equal(G.fixedBase(base).width, 11);
  });
});
