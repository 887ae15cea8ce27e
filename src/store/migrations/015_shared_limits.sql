-- Rate limits shared by every server process on one database (issue 18): counts per
-- limit, key and slot (src/store/rate-limits.ts). A slot is an instant in ms for the
-- exact sliding windows (10 s of votes, 10 minutes of statements, a minute of joins, 15
-- minutes of failed logins) or the start of a minute for the hourly vote count, as the
-- in-memory limits of one process count them. UNLOGGED: not written to the WAL, so not
-- copied to replicas or backups, and emptied after a crash of the database — a limit
-- forgets, nothing accepted is lost. Keys are conversation ids, participants, or client
-- addresses as salted hashes whose salt (below) changes every hour and is deleted with
-- the counts that used it.
CREATE UNLOGGED TABLE rate_counts (
  bucket     TEXT NOT NULL,
  key        TEXT NOT NULL,
  slot       BIGINT NOT NULL,
  count      INTEGER NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (bucket, key, slot)
);
CREATE INDEX rate_counts_expiry ON rate_counts (expires_at);
CREATE UNLOGGED TABLE rate_salts (
  period BIGINT PRIMARY KEY,
  salt   TEXT NOT NULL
);
