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

// Every server defines its queues when it starts (the scheduled closer, the analyses). Two
// pg-boss create_queue calls for one new queue deadlock on Postgres (each holds what the
// other's ATTACH PARTITION ... FOREIGN KEY needs): CI saw "deadlock detected" stop a closer
// for good. Defining is retried until the queue exists, so every process gets it.
test('three processes define the same new queue at once on Postgres: all of them have it', async () => {
  for (let round = 0; round < 4; round++) {
    const fresh = await freshPostgresUrl();
    const dbs = await Promise.all([0, 1, 2].map(() => openDatabase({ url: fresh.url })));
    const queues = await Promise.all(dbs.map((db) => openJobQueue(db)));
    try {
      const defined = await Promise.allSettled(
        queues.map((q) => q.define({ name: `race-${round}`, expireSeconds: 60, retryLimit: 3, retryDelaySeconds: 1 })),
      );
      assert.deepEqual(
        defined.filter((d) => d.status === 'rejected').map((d) => String((d as PromiseRejectedResult).reason)),
        [],
      );
      // the queue works for all of them: a job sent by one is seen as waiting by another
      await queues[0]!.send(`race-${round}`, 'k');
      assert.equal((await queues[2]!.pending(`race-${round}`, 'k'))?.state, 'created');
    } finally {
      for (const q of queues) await q.stop();
      for (const db of dbs) await db.close();
      await fresh.drop();
    }
  }
});
