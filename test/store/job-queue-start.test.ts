// Several servers starting at once on a new Postgres database each open the job queue:
// none may fail. (Each pg-boss ran CREATE SCHEMA IF NOT EXISTS at the same moment and
// all but one failed on Postgres's catalogue — 10 of 15 opens in 5 rounds — which
// stopped servers at start; migration 016 now makes the schema under the migrations' lock.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../src/store/db.ts';
import { openJobQueue } from '../../src/store/job-queue.ts';
import { freshPostgresUrl } from '../helpers/server.ts';

test('three processes open the job queue at once on a new Postgres database: all of them start', async () => {
  for (let round = 0; round < 3; round++) {
    const fresh = await freshPostgresUrl();
    const dbs = await Promise.all([0, 1, 2].map(() => openDatabase({ url: fresh.url })));
    try {
      const opened = await Promise.allSettled(dbs.map((db) => openJobQueue(db)));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.stop();
      assert.deepEqual(
        opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)),
        [],
      );
    } finally {
      for (const db of dbs) await db.close();
      await fresh.drop();
    }
  }
});
