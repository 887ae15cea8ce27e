// Participants cannot be unmasked through the database (issue 16, item 10;
// docs/trust-model.md, "What can be learned about a participant"): once a person has
// joined with a participation code, voted and written, no row anywhere holds the
// code's hash, no row shares a key or the writing transaction (xmin) with their
// participant row, participant ids are random, and votes and statements keep the
// day only. A database an older version left (migrations up to 006, participants
// linked to their codes, exact times) loses those links when migration 008 runs.
// On PGlite and on Postgres.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Forbidden } from '../../src/kernel/errors.ts';
import { codeHash, participantSecretHash } from '../../src/services/conversations/codes.ts';
import { ConversationService } from '../../src/services/conversations/service.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { migrate, openDatabase, type Db } from '../../src/store/db.ts';
import { codeCounts, participantByToken } from '../../src/store/deliberation.ts';
import { createConvention } from '../../src/store/elections.ts';
import { freshPostgresUrl, type DbKind } from '../helpers/server.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../src/store/migrations');
/** 13:37:42.123 UTC: what must not be stored. */
const NOW = new Date('2026-12-05T13:37:42.123Z');
const DAY = '2026-12-05';

/** A folder holding the migrations whose number is in `numbers`. */
function migrationsFolder(numbers: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'jirga-migrations-'));
  for (const f of readdirSync(MIGRATIONS)) if (numbers.includes(f.slice(0, 3))) copyFileSync(join(MIGRATIONS, f), join(dir, f));
  return dir;
}

async function openFresh(kind: DbKind, migrations?: string): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jirga-pglite-'));
    const db = await openDatabase({ dataDir: dir, ...(migrations ? { migrations } : {}) });
    return { db, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const fresh = await freshPostgresUrl();
  return { db: await openDatabase({ url: fresh.url, ...(migrations ? { migrations } : {}) }), cleanup: fresh.drop };
}

function serviceOf(db: Db): ConversationService {
  const ctx: ServiceContext = { db, checkBallot: () => Promise.reject(new Error('no ballots here')), now: () => NOW };
  return new ConversationService(ctx, { limitLoopbackAddresses: false });
}

async function tables(db: Db): Promise<string[]> {
  return (await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")).map((r) => r.t);
}

/** The tables (and how many rows of each) where some row, written out as text, contains `needle`. */
async function rowsContaining(db: Db, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const t of await tables(db)) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}" x WHERE strpos(lower(x::text), lower($1)) > 0`, [needle]);
    if (row!.n > 0) found[t] = row!.n;
  }
  return found;
}

async function columnsOf(db: Db, table: string): Promise<Record<string, string>> {
  const rows = await db.query<{ c: string; type: string }>('SELECT column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY 1', [table]);
  return Object.fromEntries(rows.map((r) => [r.c, r.type]));
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;
}

for (const kind of ['pglite', 'postgres'] as DbKind[]) {
  describe(`a participant cannot be linked to their participation code (${kind})`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let service: ConversationService;
    let conversation: string;
    let codes: string[];

    before(async () => {
      ({ db, cleanup } = await openFresh(kind));
      service = serviceOf(db);
      await createConvention(db, 'convention-unlink', { title: { en: 'Convention' }, description: {} }, null);
      conversation = await service.create('convention-unlink', { topic: { en: 'Schools' }, description: {}, access: 'code', moderation: 'loose', seeds: [{ text: 'Schools must reopen for girls', lang: 'en' }] });
      codes = await service.issueCodes(conversation, 10);
    });
    after(async () => {
      await db.close();
      await cleanup();
    });

    test('after joining, voting and writing, the code and its hash are nowhere in the database', async () => {
      const { participant } = await service.join(conversation, { code: codes[0]! }, '203.0.113.1', []);
      await service.vote(conversation, participant, 0, 1);
      await service.submit(conversation, participant, { text: 'Teachers must be paid on time', lang: 'en' });
      const hash = codeHash(codes[0]!);
      assert.deepEqual(await rowsContaining(db, hash), {}, 'no row holds the hash of the spent code');
      assert.deepEqual(await rowsContaining(db, codes[0]!), {}, 'no row holds the code');
      // a code not yet used is still there, as its hash only
      assert.deepEqual(await rowsContaining(db, codeHash(codes[1]!)), { participation_codes: 1 });
      assert.deepEqual(await codeCounts(db, conversation), { issued: 10, used: 1 });
    });

    test('no key and no transaction are shared between the codes and the participants', async () => {
      const { participant } = await service.join(conversation, { code: codes[2]! }, '203.0.113.2', []);
      // the codes' table has nothing that could name a participant, the participants' nothing that could name a code
      assert.deepEqual(Object.keys(await columnsOf(db, 'participation_codes')), ['code_hash', 'conversation_id', 'created_at']);
      assert.deepEqual(Object.keys(await columnsOf(db, 'participants')), ['conversation_id', 'id', 'token_hash']);
      const fks = await db.query<{ name: string }>(
        "SELECT constraint_name AS name FROM information_schema.table_constraints WHERE table_schema = current_schema() AND table_name = 'participation_codes' AND constraint_type = 'FOREIGN KEY'",
      );
      for (const fk of fks) {
        const [target] = await db.query<{ t: string }>('SELECT table_name AS t FROM information_schema.constraint_column_usage WHERE constraint_name = $1 LIMIT 1', [fk.name]);
        assert.equal(target!.t, 'conversations', `participation_codes refers only to its conversation (${fk.name})`);
      }
      // Every row a transaction writes carries its id (xmin): had the join written a row
      // for the spent code, that row would carry the participant row's xmin.
      const [p] = await db.query<{ x: string }>('SELECT xmin::text AS x FROM participants WHERE conversation_id = $1 AND id = $2', [conversation, participant]);
      for (const t of await tables(db)) {
        if (t === 'participants' || t === 'conversations') continue;
        assert.equal(await count(db, `"${t}" WHERE xmin::text = $1`, [p!.x]), 0, `a row of ${t} was written by the participant's join`);
      }
      // the conversation row was written by the join (its counters), and holds no code
      assert.deepEqual(await rowsContaining(db, codeHash(codes[2]!)), {});
    });

    test('participant ids are random, not the order of joining', async () => {
      const ids: number[] = [];
      for (let i = 3; i < 9; i++) ids.push((await service.join(conversation, { code: codes[i]! }, `203.0.113.${i}`, [])).participant);
      for (const id of ids) assert.ok(Number.isInteger(id) && id >= 1 && id < 2 ** 31, String(id));
      assert.equal(new Set(ids).size, ids.length);
      const consecutive = ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
      assert.ok(!consecutive, `ids in the order of joining: ${ids.join(', ')}`);
      assert.ok(Math.max(...ids) > 1000, `small ids: ${ids.join(', ')}`);
    });

    test('a spent code is refused, and records nothing', async () => {
      const before = await count(db, 'participants WHERE conversation_id = $1', [conversation]);
      await assert.rejects(service.join(conversation, { code: codes[0]! }, '203.0.113.99', []), (e: unknown) => e instanceof Forbidden && e.code === 'invalid-code');
      // typed differently, still the same spent code
      await assert.rejects(service.join(conversation, { code: codes[0]!.toLowerCase().replace(/(....)/g, '$1-') }, '203.0.113.99', []), Forbidden);
      assert.equal(await count(db, 'participants WHERE conversation_id = $1', [conversation]), before);
      assert.deepEqual(await codeCounts(db, conversation), { issued: 10, used: 8 });
    });

    test('votes and statements keep the day only; participants and their self-descriptions keep no time at all', async () => {
      for (const t of ['participants', 'participant_profiles']) {
        assert.deepEqual(
          Object.entries(await columnsOf(db, t)).filter(([, type]) => /time|date/.test(type)),
          [],
          t,
        );
      }
      assert.equal((await columnsOf(db, 'votes')).voted_on, 'date');
      assert.equal((await columnsOf(db, 'statements')).written_on, 'date');
      for (const t of ['votes', 'statements']) {
        const timed = Object.entries(await columnsOf(db, t)).filter(([, type]) => /time/.test(type));
        assert.deepEqual(timed, [], `${t} has no column holding a time of day`);
      }
      const votes = await db.query<{ d: string }>('SELECT voted_on::text AS d FROM votes WHERE conversation_id = $1', [conversation]);
      assert.ok(votes.length > 0);
      for (const v of votes) assert.equal(v.d, DAY);
      const statements = await db.query<{ d: string }>('SELECT written_on::text AS d FROM statements WHERE conversation_id = $1', [conversation]);
      assert.equal(statements.length, 2);
      for (const s of statements) assert.equal(s.d, DAY);
    });
  });

  describe(`migration 008 unlinks the participants of an older database (${kind})`, () => {
    test('codes, join times and exact times go; votes, statements and sessions stay', async () => {
      const old = migrationsFolder(['001', '002', '003', '004', '005', '006']);
      const { db, cleanup } = await openFresh(kind, old);
      try {
        assert.deepEqual(Object.keys(await columnsOf(db, 'participants')).sort(), ['code_hash', 'conversation_id', 'created_at', 'id', 'token_hash']);
        // what the old version stored: two of three codes used, each naming its participant
        const [used0, used1, unused] = ['AAAAAAAAAAAA', 'BBBBBBBBBBBB', 'CCCCCCCCCCCC'].map(codeHash) as [string, string, string];
        await db.query("INSERT INTO conventions (id, title, description) VALUES ('old-convention', '{\"en\":\"Old\"}', '{}')");
        await db.query(
          "INSERT INTO conversations (id, convention_id, topic, description, access, moderation, state, next_participant, next_statement, n_participants, n_votes) VALUES ('old', 'old-convention', '{\"en\":\"Old\"}', '{}', 'code', 'loose', 'open', 2, 2, 2, 3)",
        );
        await db.query(
          "INSERT INTO statements (conversation_id, id, author_participant, text, lang, normalized, status, translations, created_at) VALUES ('old', 0, NULL, 'Seed', 'en', 'seed', 'approved', '{}', '2026-11-30T08:15:00Z'), ('old', 1, 1, 'Mine', 'en', 'mine', 'approved', '{}', '2026-12-01T23:30:00-05:00')",
        );
        await db.query(
          "INSERT INTO participants (conversation_id, id, token_hash, code_hash, created_at) VALUES ('old', 0, $1, $2, '2026-12-01T10:00:01.5Z'), ('old', 1, $3, $4, '2026-12-01T10:00:07.25Z')",
          [participantSecretHash('secret-of-participant-zero-0000000'), used0, participantSecretHash('secret-of-participant-one-11111111'), used1],
        );
        await db.query(
          "INSERT INTO participation_codes (conversation_id, code_hash, participant, created_at) VALUES ('old', $1, 0, '2026-11-30T08:00:00Z'), ('old', $2, 1, '2026-11-30T08:00:00Z'), ('old', $3, NULL, '2026-11-30T08:00:00Z')",
          [used0, used1, unused],
        );
        await db.query("INSERT INTO participant_profiles (conversation_id, participant, answers, updated_at) VALUES ('old', 1, '{\"gender\":\"woman\"}', '2026-12-01T10:00:09Z')");
        await db.query(
          "INSERT INTO votes (conversation_id, participant, statement, vote, updated_at) VALUES ('old', 0, 0, 1, '2026-12-01T10:00:03.1Z'), ('old', 0, 1, -1, '2026-12-02T00:00:00Z'), ('old', 1, 0, 0, '2026-12-01T22:59:59.999-01:00')",
        );

        assert.deepEqual(await migrate(db, migrationsFolder(['001', '002', '003', '004', '005', '006', '008'])), ['008_unlink_participants.sql']);

        // no code of a participant, used or not, is named by anything but the unused code's row
        assert.deepEqual(await rowsContaining(db, used0), {});
        assert.deepEqual(await rowsContaining(db, used1), {});
        assert.deepEqual(await rowsContaining(db, unused), { participation_codes: 1 });
        assert.deepEqual(Object.keys(await columnsOf(db, 'participants')), ['conversation_id', 'id', 'token_hash']);
        assert.deepEqual(Object.keys(await columnsOf(db, 'participation_codes')), ['code_hash', 'conversation_id', 'created_at']);
        assert.deepEqual(await codeCounts(db, 'old'), { issued: 3, used: 2 });
        // the votes and statements are kept, with their day (UTC) only
        assert.deepEqual(
          (await db.query<{ p: number; s: number; v: number; d: string }>("SELECT participant AS p, statement AS s, vote AS v, voted_on::text AS d FROM votes WHERE conversation_id = 'old' ORDER BY 1, 2")).map((r) => [r.p, r.s, r.v, r.d]),
          [
            [0, 0, 1, '2026-12-01'],
            [0, 1, -1, '2026-12-02'],
            [1, 0, 0, '2026-12-01'],
          ],
        );
        assert.deepEqual(
          (await db.query<{ id: number; a: number | null; d: string }>("SELECT id, author_participant AS a, written_on::text AS d FROM statements WHERE conversation_id = 'old' ORDER BY 1")).map((r) => [r.id, r.a, r.d]),
          [
            [0, null, '2026-11-30'],
            [1, 1, '2026-12-02'],
          ],
        );
        // self-descriptions are kept, without their time
        assert.deepEqual(Object.keys(await columnsOf(db, 'participant_profiles')), ['answers', 'conversation_id', 'participant']);
        assert.deepEqual(await db.query("SELECT participant, answers FROM participant_profiles WHERE conversation_id = 'old'"), [{ participant: 1, answers: { gender: 'woman' } }]);
        // the participants' devices keep their sessions
        assert.equal(await participantByToken(db, 'old', participantSecretHash('secret-of-participant-one-11111111')), 1);
        // a used code stays used; the unused one still joins, as a new participant with a random id
        // (today's service, once the upgrade has applied the later migrations too: votes carry a seq since 017)
        await migrate(db, MIGRATIONS);
        const service = serviceOf(db);
        await assert.rejects(service.join('old', { code: 'AAAAAAAAAAAA' }, '203.0.113.1', []), Forbidden);
        const { participant } = await service.join('old', { code: 'CCCCCCCCCCCC' }, '203.0.113.1', []);
        assert.ok(participant > 1);
        await service.vote('old', participant, 0, 1);
        assert.deepEqual(await codeCounts(db, 'old'), { issued: 3, used: 3 });
        assert.deepEqual(await rowsContaining(db, unused), {});
      } finally {
        await db.close();
        await cleanup();
        rmSync(old, { recursive: true, force: true });
      }
    });
  });
}
