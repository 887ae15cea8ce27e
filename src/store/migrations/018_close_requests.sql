-- An organiser's "close now": who asked and when (src/services/elections/closer.ts);
-- the close itself is a job of the queue that any server may take; this row lets every
-- server's sweep send the job again if it was lost, and lets the organiser's
-- page say "closing" whichever server it asks. No foreign key on purpose: the election's
-- row is locked FOR UPDATE for the whole close (and each ballot), and a foreign key's check
-- would make a second "close now" wait for the close it asks for.
CREATE TABLE close_requests (
  election_uuid TEXT PRIMARY KEY,
  requested_at  TIMESTAMPTZ NOT NULL,
  requested_by  INTEGER
);
