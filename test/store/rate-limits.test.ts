// Rate limits counted in the database (src/store/rate-limits.ts; used on Postgres, where
// several server processes share them — on PGlite, one process, they stay in memory):
// at most `max` in any window of `windowMs` (exact, as the in-memory limits), a wait when
// refused that is exactly enough, forget() gives a place back, the count per minute for
// long windows, and concurrent takes on several connections never pass more than `max`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { forgetRate, sharedSalt, sweepRates, takeRate } from '../../src/store/rate-limits.ts';
import { openTestDatabase, type DbKind } from '../helpers/server.ts';

for (const kind of ['postgres'] as DbKind[]) {
  describe(`rate limits in the database (${kind})`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ db, cleanup } = await openTestDatabase(kind));
    });
    after(async () => {
      await db?.close();
      await cleanup?.();
    });
    const W = 10_000;
    const T = 1_000_000_000_000; // the start of a window (a multiple of W)

    test('max per window, then a wait; forget gives a place back; keys and limits apart', async () => {
      const take = (key: string, now: number, bucket = 'b') => takeRate(db, { bucket, key, max: 3, windowMs: W, now });
      for (let i = 0; i < 3; i++) assert.equal(await take('k', T + i), 0);
      assert.equal(await take('k', T + 5), W - 5, 'the first event leaves the window at T + W');
      assert.equal(await take('other', T + 5), 0, 'another key has its own count');
      assert.equal(await take('k', T + 5, 'c'), 0, 'another limit has its own count');
      await forgetRate(db, { bucket: 'b', key: 'k', windowMs: W, now: T + 2 });
      assert.equal(await take('k', T + 7), 0, 'the place given back is taken');
      assert.ok((await take('k', T + 8)) > 0);
      // a sliding window: just before the first event is W old, still refused; at W, allowed
      assert.equal(await take('k', T + W - 1), 1);
      assert.equal(await take('k', T + W), 0);
      assert.equal(await take('k', T + W + 1), 0, 'the event at T + 1 has left too');
      assert.equal(await take('k', T + W + 2), 5, 'full again (T + 7, T + W, T + W + 1) until the one at T + 7 leaves');
      assert.equal(await take('k', T + 2 * W + 100), 0, 'all of them long gone');
    });

    test('the wait it gives is enough, and not more', async () => {
      const take = (now: number) => takeRate(db, { bucket: 'w', key: 'k', max: 2, windowMs: W, now });
      assert.equal(await take(T + 9000), 0);
      assert.equal(await take(T + 9001), 0);
      const wait = await take(T + 9002);
      assert.ok(wait > 0);
      assert.ok((await take(T + 9002 + wait - 1)) > 0, 'one ms earlier is refused');
      assert.equal(await take(T + 9002 + wait), 0, `allowed after the wait it gave (${wait} ms)`);
    });

    test('counted per minute over an hour, as in memory', async () => {
      const H = 3_600_000;
      const take = (now: number) => takeRate(db, { bucket: 'hour', key: 'k', max: 2, windowMs: H, now, slotMs: 60_000 });
      const M = 1_000_000_020_000 - (1_000_000_020_000 % 60_000); // a minute's start
      assert.equal(await take(M + 10), 0);
      assert.equal(await take(M + 30_000), 0);
      const wait = await take(M + 40_000);
      assert.equal(wait, H - 40_000, "the minute's events leave together, an hour after the minute began");
      assert.equal(await take(M + H), 0);
    });

    test('concurrent takes never pass more than max', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => takeRate(db, { bucket: 'race', key: 'k', max: 5, windowMs: W, now: T + 1 })));
      assert.equal(results.filter((w) => w === 0).length, 5);
    });

    test('one salt per period, the same on every call; old salts and counters swept', async () => {
      const a = await sharedSalt(db, 100);
      assert.equal(await sharedSalt(db, 100), a);
      assert.notEqual(await sharedSalt(db, 101), a);
      await sweepRates(db, T + 10 * W, 102);
      assert.deepEqual(await db.query('SELECT period FROM rate_salts WHERE period = 100'), [], 'a salt two periods old is gone');
      assert.deepEqual(await db.query('SELECT key FROM rate_counts WHERE expires_at < $1', [T + 10 * W]), []);
    });
  });
}
