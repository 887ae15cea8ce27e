-- Participants are no longer linked to the participation code they joined with, and
-- the deliberation tables keep days, not instants (docs/trust-model.md, "What can be
-- learned about a participant").
--
-- A code is spent by deleting it: participation_codes holds only the hashes of codes
-- not yet used. Nothing written when a person joins names their code, so no row can
-- be matched to their participant row, not by a key, not by the transaction that
-- wrote both (a row written in the join's transaction would carry the same xmin as
-- the participant row), not by row order or time. The conversation counts the codes
-- issued and used.
ALTER TABLE conversations ADD COLUMN codes_issued INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN codes_used INTEGER NOT NULL DEFAULT 0;
UPDATE conversations c SET
  codes_issued = (SELECT count(*) FROM participation_codes p WHERE p.conversation_id = c.id),
  codes_used = (SELECT count(*) FROM participation_codes p WHERE p.conversation_id = c.id AND p.participant IS NOT NULL);
DELETE FROM participation_codes WHERE participant IS NOT NULL;
ALTER TABLE participation_codes DROP COLUMN participant;

-- Existing participants lose their code and their join time. A dropped column's
-- values stay in the stored rows until each row is written again: the UPDATE writes
-- every row anew without them (VACUUM FULL afterwards also clears the old versions
-- from the files; see docs/operations.md).
ALTER TABLE participants DROP COLUMN code_hash;
ALTER TABLE participants DROP COLUMN created_at;
UPDATE participants SET token_hash = token_hash;

-- A participant's self-description keeps no time either (nothing reads it).
ALTER TABLE participant_profiles DROP COLUMN updated_at;
UPDATE participant_profiles SET answers = answers;

-- Votes and statements keep the day (UTC) only: what the Polis export needs.
ALTER TABLE votes ALTER COLUMN updated_at DROP DEFAULT;
ALTER TABLE votes ALTER COLUMN updated_at TYPE DATE USING (updated_at AT TIME ZONE 'UTC')::date;
ALTER TABLE votes RENAME COLUMN updated_at TO voted_on;
ALTER TABLE statements ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE statements ALTER COLUMN created_at TYPE DATE USING (created_at AT TIME ZONE 'UTC')::date;
ALTER TABLE statements RENAME COLUMN created_at TO written_on;
