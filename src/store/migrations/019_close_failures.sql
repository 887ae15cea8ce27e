-- Failed attempts to close an election (src/services/elections/closer.ts): how many, and
-- when the last one failed, so that the organiser's page says that the close is failing
-- and being tried again, instead of "closing" for ever. The reason stays in the server's
-- log (it may name the server's internals). No foreign key, for the reason given in 018.
CREATE TABLE close_failures (
  election_uuid  TEXT PRIMARY KEY,
  attempts       INTEGER NOT NULL,
  last_failed_at TIMESTAMPTZ NOT NULL
);
