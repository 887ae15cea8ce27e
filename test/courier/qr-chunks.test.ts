// A sealed ballot as QR codes (issue 17): cut into parts that each fit a version 16 code at
// level M (checked with the encoder the booth uses), put together again from parts in any
// order, with duplicates; a missing part, a part of another ballot, a damaged part or a
// whole that is not the announced ballot is named as such and nothing is put together.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import qrcode from 'qrcode-generator';
import { assembleQrParts, MAX_QR_PARTS, QR_DATA_BITS, partRanges, QR_ERROR_CORRECTION, QR_VERSION, qrPayloads, qrText, readQrPart, segmentBits, type QrPart, type QrSegment } from '../../src/courier/qr-chunks.ts';
import { createBallot } from '../../src/protocol/ballot.ts';
import { ballotTracker } from '../../src/protocol/ballot.ts';
import { generateSecretCredential } from '../../src/protocol/credentials.ts';
import { loadElection, makeElection } from '../../src/protocol/election.ts';
import { getGroup } from '../../src/protocol/groups/index.ts';
import { generateTrusteeKey } from '../../src/protocol/trustees.ts';

// a deterministic generator, so that a failure can be replayed
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const digits = (r: () => number, n: number) => String(1 + Math.floor(r() * 9)) + Array.from({ length: n - 1 }, () => Math.floor(r() * 10)).join('');
const b64 = (r: () => number, n: number) => Array.from({ length: n }, () => B64[Math.floor(r() * 64)]).join('');
const shuffle = <T>(r: () => number, xs: T[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

/** A ballot-shaped JSON text (what the reader checks: an election uuid, answers, a credential), with random numbers of random sizes. */
function ballotLike(r: () => number): string {
  const n = () => digits(r, 1 + Math.floor(r() * 700));
  const answers = Array.from({ length: 1 + Math.floor(r() * 4) }, () => ({
    choices: Array.from({ length: 2 + Math.floor(r() * 3) }, () => ({ alpha: n(), beta: n() })),
    overall_proof: [{ challenge: n(), response: n() }],
  }));
  return JSON.stringify({ election_uuid: Array.from({ length: 14 }, () => B58[Math.floor(r() * 58)]).join(''), election_hash: b64(r, 43), credential: n(), answers, signature: { hash: b64(r, 43), proof: { challenge: n(), response: n() } } });
}

const parts = (text: string): QrPart[] =>
  qrPayloads(text).map((segments) => {
    const read = readQrPart(qrText(segments));
    assert.ok(read.ok, 'each code reads back as a part');
    return read.part;
  });

/** Encodes one code as the booth does: throws when the segments do not fit. */
function encode(segments: readonly QrSegment[]) {
  const qr = qrcode(QR_VERSION, QR_ERROR_CORRECTION);
  for (const s of segments) qr.addData(s.data, s.mode);
  qr.make();
  return qr;
}

function realBallot(questions: { answers: number; blank?: boolean; max: number }[], seed: number): string {
  const G = getGroup('BELENIOS-2048');
  const raw = makeElection(
    { description: 'QR test', name: 'QR test', questions: questions.map((q, i) => ({ question: `Q${i}`, answers: Array.from({ length: q.answers }, (_, j) => `A${j}`), min: 1, max: q.max, ...(q.blank ? { blank: true } : {}) })) },
    'Jirga1QrCodeTest',
    G.name,
    [['Single', generateTrusteeKey(G).publicKey]],
  );
  const r = random(seed);
  const choices = questions.map((q) => {
    const one = Math.floor(r() * q.answers);
    const c = Array.from({ length: q.answers }, (_, j) => (j === one ? 1 : 0));
    return q.blank ? [0, ...c] : c;
  });
  return createBallot(loadElection(raw), generateSecretCredential(), choices).text;
}

describe('a sealed ballot as QR codes', () => {
  test("a real ballot of the demo's shape: every code fits the chosen version at level M; any order, with duplicates, gives back the exact text", () => {
    // the demo's open vote: yes/no with a blank choice, then one of three
    const text = realBallot([{ answers: 2, blank: true, max: 1 }, { answers: 3, max: 1 }], 1);
    const payloads = qrPayloads(text);
    console.log(`demo-shaped ballot: ${text.length} bytes, ${payloads.length} QR codes (version ${QR_VERSION}, level ${QR_ERROR_CORRECTION})`);
    assert.ok(payloads.length >= 2 && payloads.length <= 16, `a short sequence (${payloads.length})`);
    for (const p of payloads) assert.equal(encode(p).getModuleCount(), 17 + 4 * QR_VERSION);
    const ps = parts(text);
    assert.deepEqual(
      ps.map((p) => [p.index, p.total]),
      ps.map((_, i) => [i + 1, ps.length]),
    );
    assert.ok(ps.every((p) => p.ballot === ballotTracker(text).slice(0, 8)));
    const r = random(7);
    const given = shuffle(r, [...ps, ps[0]!, ps[ps.length - 1]!, ps[1]!]);
    const whole = assembleQrParts(given);
    assert.ok(whole.ok);
    assert.equal(whole.ballot.text, text);
    assert.equal(whole.ballot.tracker, ballotTracker(text));
    assert.equal(whole.ballot.election, 'Jirga1QrCodeTest');
  });

  test('the parts are filled: each but the last leaves less than a few bytes of its code unused', () => {
    const text = realBallot([{ answers: 4, max: 1 }, { answers: 3, max: 1 }, { answers: 2, blank: true, max: 1 }], 2);
    const payloads = qrPayloads(text);
    for (const p of payloads.slice(0, -1)) {
      const bits = p.reduce((n, s) => n + segmentBits(s), 0);
      assert.ok(bits <= QR_DATA_BITS, `fits: ${bits} bits`);
      assert.ok(QR_DATA_BITS - bits < 8 * 24, `filled: ${QR_DATA_BITS - bits} bits unused`);
      encode(p);
      // one more digit or byte would not fit: the capacity used is the code's, no less
      const last = p[p.length - 1]!;
      assert.throws(() => encode([...p.slice(0, -1), { ...last, data: last.data + (last.mode === 'Numeric' ? '0000' : 'xx') }]), /overflow/);
    }
  });

  test('random ballot-shaped texts: codes fit, and shuffled parts with duplicates give back the text (200 cases)', () => {
    const r = random(42);
    for (let i = 0; i < 200; i++) {
      const text = ballotLike(r);
      const payloads = qrPayloads(text);
      if (i % 20 === 0) for (const p of payloads) encode(p);
      for (const p of payloads) assert.ok(p.reduce((n, s) => n + segmentBits(s), 0) <= QR_DATA_BITS);
      const ps = parts(text);
      const extra = ps.filter(() => r() < 0.3);
      const whole = assembleQrParts(shuffle(r, [...ps, ...extra]));
      assert.ok(whole.ok, `case ${i}`);
      assert.equal(whole.ballot.text, text);
    }
  });

  test('missing parts are named; nothing is put together', () => {
    const r = random(3);
    let ps = parts(ballotLike(r));
    while (ps.length < 6) ps = parts(ballotLike(r));
    const total = ps.length;
    const kept = shuffle(
      r,
      ps.filter((p) => p.index !== 2 && p.index !== 4 && p.index !== 5),
    );
    const got = assembleQrParts(kept);
    assert.equal(got.ok, false);
    assert.ok(!got.ok && got.problem === 'missing');
    assert.equal(got.total, total);
    assert.deepEqual(got.missing, [2, 4, 5]);
    assert.deepEqual(got.read, Array.from({ length: total }, (_, i) => i + 1).filter((n) => ![2, 4, 5].includes(n)));
    assert.equal(partRanges(got.missing), '2, 4, 5');
    assert.equal(partRanges([7, 1, 2, 3, 5, 9, 10, 3]), '1–3, 5, 7, 9, 10');
    assert.deepEqual(assembleQrParts([]), { ok: false, problem: 'empty' });
  });

  test('parts of two ballots are told apart, and not mixed', () => {
    const r = random(5);
    const a = parts(ballotLike(r));
    const b = parts(ballotLike(r));
    const got = assembleQrParts([...a, b[0]!]);
    assert.ok(!got.ok && got.problem === 'mixed');
    assert.deepEqual(
      got.ballots.map((x) => x.parts),
      [a.length, 1],
    );
    assert.equal(got.ballots[0]!.ballot, a[0]!.ballot);
  });

  test('a damaged part is refused by its check; a forged set that contradicts itself or its tracker is damaged', () => {
    const r = random(11);
    const text = ballotLike(r);
    const codes = qrPayloads(text).map(qrText);
    // one character changed anywhere in a code: in the slice, the numbers, the id or the check
    for (let k = 0; k < 100; k++) {
      const c = codes[Math.floor(r() * codes.length)]!;
      const at = 4 + Math.floor(r() * (c.length - 4));
      const changed = c.slice(0, at) + (c[at] === '7' ? '8' : '7') + c.slice(at + 1);
      const read = readQrPart(changed);
      assert.equal(read.ok, false, `changed at ${at}: ${changed.slice(0, 40)}`);
      assert.equal(!read.ok && read.problem, 'damaged');
    }
    assert.deepEqual(readQrPart('https://example.org/'), { ok: false, problem: 'not-a-part' });
    assert.deepEqual(readQrPart('JB1 1/2 x'), { ok: false, problem: 'damaged' });
    assert.deepEqual(readQrPart(codes[0]!.slice(0, 28)), { ok: false, problem: 'damaged' }, 'a header without a slice');

    // parts that pass their checks but do not make the ballot they announce (made by hand)
    const ps = parts(text);
    const forge = (index: number, total: number, ballot: string, content: string): QrPart => ({ index, total, ballot, content });
    const first = ps[0]!;
    assert.deepEqual(assembleQrParts([...ps, forge(1, first.total, first.ballot, first.content + 'x')]), { ok: false, problem: 'damaged' }, 'two different parts 1');
    assert.deepEqual(assembleQrParts([...ps, forge(1, first.total + 1, first.ballot, first.content)]), { ok: false, problem: 'damaged' }, 'two counts');
    const swapped = ps.map((p) => (p.index === 1 ? { ...p, content: p.content.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10)) } : p));
    assert.deepEqual(assembleQrParts(swapped), { ok: false, problem: 'damaged' }, 'not the announced tracker');
  });

  test('a ballot too long for 99 codes is refused; a text that is not ASCII JSON is refused', () => {
    const huge = JSON.stringify({ election_uuid: 'Jirga1QrCodeTest', credential: '1', answers: [{ x: 'y'.repeat(700 * MAX_QR_PARTS) }] });
    assert.throws(() => qrPayloads(huge), RangeError);
    assert.throws(() => qrPayloads('{"a":"é"}'));
  });
});
