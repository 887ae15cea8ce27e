// The store's typed errors (src/store/errors.ts): what the database refuses leaves the
// store as UniqueViolation, ForeignKeyViolation or CheckViolation on both engines, from
// a plain query and from inside a transaction (which is rolled back); errors the store
// has no type for pass through as the driver threw them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ElectionDraft } from '../../src/api/election-draft.ts';
import { withTransaction, type Db } from '../../src/store/db.ts';
import { createConvention, createElection, getConvention, setState } from '../../src/store/elections.ts';
import { CheckViolation, ForeignKeyViolation, StoreError, UniqueViolation } from '../../src/store/errors.ts';
import { openTestDatabase, type DbKind } from '../helpers/server.ts';

const CONVENTION = { title: { en: 'Convention' }, description: {} };
const DRAFT = { opensAt: null, closesAt: null } as unknown as ElectionDraft;

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`typed store errors (${kind})`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ db, cleanup } = await openTestDatabase(kind));
    });
    after(async () => {
      await db.close();
      await cleanup();
    });

    test('a second row with the same key is a UniqueViolation naming its table', async () => {
      await createConvention(db, 'c-unique', CONVENTION, null);
      const e = await createConvention(db, 'c-unique', CONVENTION, null).then(
        () => assert.fail('the duplicate was stored'),
        (e: unknown) => e,
      );
      assert.ok(e instanceof UniqueViolation, `got ${String(e)}`);
      assert.ok(e instanceof StoreError);
      assert.equal(e.sqlState, '23505');
      assert.equal(e.table, 'conventions');
      assert.match(e.message, /duplicate key/);
      assert.ok(e.cause, 'the driver error is kept as the cause');
    });

    test('inside a transaction: the typed error leaves withTransaction and nothing of it is kept', async () => {
      await createConvention(db, 'c-tx-first', CONVENTION, null);
      await assert.rejects(
        withTransaction(db, async (tx) => {
          await createConvention(tx, 'c-tx-second', CONVENTION, null);
          await createConvention(tx, 'c-tx-first', CONVENTION, null);
        }),
        UniqueViolation,
      );
      assert.equal(await getConvention(db, 'c-tx-second'), undefined, 'rolled back');
    });

    test('a row that refers to nothing is a ForeignKeyViolation', async () => {
      await assert.rejects(createElection(db, 'e-orphan', 'no-such-convention', DRAFT), (e: unknown) => e instanceof ForeignKeyViolation && e.sqlState === '23503');
    });

    test('a value a CHECK constraint refuses is a CheckViolation', async () => {
      await createConvention(db, 'c-check', CONVENTION, null);
      await createElection(db, 'e-check', 'c-check', DRAFT);
      await assert.rejects(
        withTransaction(db, (tx) => setState(tx, 'e-check', 'lost' as never)),
        (e: unknown) => e instanceof CheckViolation && e.constraint === 'election_state',
      );
    });

    test('an error the store has no type for passes through unchanged', async () => {
      await assert.rejects(db.query('SELEC 1'), (e: unknown) => !(e instanceof StoreError) && (e as { code?: string }).code === '42601');
    });
  });
}
