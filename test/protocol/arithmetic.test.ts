// Property tests for group arithmetic and the exponentiation shortcuts: every fast
// path agrees with plain square-and-multiply, and membership means what it says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertProperty } from '../helpers/property.ts';
import { bitLength, mod, modInverse, modPow } from '../../src/protocol/bigint.ts';
import { FixedBase } from '../../src/protocol/exp/fixed-base.ts';
import { SharedBase } from '../../src/protocol/exp/shared-base.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { sha256Hex } from '../../src/protocol/hash.ts';

function naivePow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const groups = ['BELENIOS-2048', 'RFC-3526-2048'].map(getGroup);

describe('group parameters (spec 5)', () => {
  for (const G of groups) {
    test(`${G.name}: q divides p-1, g generates the order-q subgroup`, () => {
      assert.equal((G.p - 1n) % G.q, 0n);
      assert.equal(modPow(G.g, G.q, G.p), 1n);
      assert.notEqual(G.g, 1n);
      assert.equal(bitLength(G.p), 2048);
    });
  }
  test('BELENIOS-2048 has a 256-bit q; RFC-3526-2048 is a safe prime with g = 2', () => {
    assert.equal(groups[0]!.qBits, 256);
    assert.equal(groups[1]!.p, 2n * groups[1]!.q + 1n);
    assert.equal(groups[1]!.g, 2n);
  });
});

describe('exponentiation', () => {
  test('modPow equals square-and-multiply for any base, exponent and modulus', () => {
    assertProperty(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 300n }), fc.bigInt({ min: 0n, max: 2n ** 600n }), fc.bigInt({ min: 2n, max: 2n ** 300n }), (b, e, m) => {
        assert.equal(modPow(b, e, m), naivePow(b, e, m));
      }),
      300,
    );
  });

  for (const G of groups) {
    test(`${G.name}: fixed-base tables agree with modPow`, () => {
      assertProperty(
        fc.property(fc.bigInt({ min: 0n, max: G.q - 1n }), (e) => {
          assert.equal(G.powG(e), modPow(G.g, e, G.p));
        }),
        40,
      );
    });
    test(`${G.name}: shared-base powers agree with modPow, for any width`, () => {
      assertProperty(
        fc.property(fc.bigInt({ min: 1n, max: G.q - 1n }), fc.array(fc.bigInt({ min: 0n, max: G.q - 1n }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 6 }), (k, es, w) => {
          const base = G.powG(k);
          const shared = new SharedBase(base, G.p, G.qBits, w);
          for (const e of es) assert.equal(shared.pow(e), modPow(base, e, G.p));
        }),
        15,
      );
    });
  }

  test('a fixed-base table refuses exponents beyond its size instead of answering wrong', () => {
    const t = new FixedBase(3n, 1000003n, 16, 4);
    assert.equal(t.pow(65535n), naivePow(3n, 65535n, 1000003n));
    assert.throws(() => t.pow(65536n), RangeError);
  });
});

describe('membership and inverses', () => {
  const G = groups[0]!;
  test('g^k is an element; elements times a non-residue are not', () => {
    assertProperty(
      fc.property(fc.bigInt({ min: 1n, max: G.q - 1n }), (k) => {
        const x = G.powG(k);
        assert.ok(G.isElement(x));
        assert.ok(!G.isElement(G.p - x)); // -x has order 2q
      }),
      20,
    );
  });
  test('0, 1 as bounds, p and values above p are rejected', () => {
    assert.ok(!G.isElement(0n));
    assert.ok(G.isElement(1n));
    assert.ok(!G.isElement(G.p));
    assert.ok(!G.isElement(G.p + 1n));
    assert.ok(!G.isElement(-1n));
  });
  test('modInverse inverts; mod is non-negative', () => {
    assertProperty(
      fc.property(fc.bigInt({ min: 1n, max: G.q - 1n }), fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }), (a, b) => {
        assert.equal((a * modInverse(a, G.q)) % G.q, 1n);
        const r = mod(b, G.q);
        assert.ok(r >= 0n && r < G.q && (r - b) % G.q === 0n);
      }),
      100,
    );
  });
  test('hashToScalar is SHA256(prefix || decimals joined by commas) mod q', () => {
    assertProperty(
      fc.property(fc.string(), fc.array(fc.bigInt({ min: 0n, max: G.p - 1n }), { maxLength: 4 }), (prefix, xs) => {
        const expected = BigInt('0x' + sha256Hex(prefix + xs.map(String).join(','))) % G.q;
        assert.equal(G.hashToScalar(prefix, xs), expected);
      }),
      100,
    );
  });
});
