-- Rate limits shared by every server process on one database (issue 18): a counter per
-- limit, key and fixed window, taken with one atomic upsert (src/store/rate-limits.ts).
-- UNLOGGED: not written to the WAL, so not copied to replicas or backups, and emptied
-- after a crash of the database — a limit forgets, nothing accepted is lost. Keys are
-- conversation ids, participants, or client addresses as salted hashes whose salt (below)
-- changes every hour and is deleted with the counters that used it.
CREATE UNLOGGED TABLE rate_counts (
  bucket       TEXT NOT NULL,
  key          TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count        INTEGER NOT NULL,
  expires_at   BIGINT NOT NULL,
  PRIMARY KEY (bucket, key, window_start)
);
CREATE INDEX rate_counts_expiry ON rate_counts (expires_at);
CREATE UNLOGGED TABLE rate_salts (
  period BIGINT PRIMARY KEY,
  salt   TEXT NOT NULL
);
