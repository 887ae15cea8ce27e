-- No two events of one election's board at one height, whatever process appends them
-- (issue 18, several servers on one database). Appends already hold the election row's
-- lock (lockElection, SELECT ... FOR UPDATE) and records are keyed by (election_uuid,
-- seq); this makes the height itself a constraint of the database as well.
CREATE UNIQUE INDEX records_event_height ON records (election_uuid, ((body::jsonb ->> 'height')::bigint)) WHERE kind = 'event';
