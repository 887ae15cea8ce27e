-- Relay mode (issue 17): sealed ballots for an election hosted elsewhere, kept until the
-- primary's ballot box has them. One row per tracker (a copy received twice is one row).
-- Nothing about who brought it: no address, and the day of arrival only; the ballot's text
-- and the retry time are dropped once the primary answered for good.
CREATE TABLE relay_ballots (
  tracker          TEXT PRIMARY KEY,
  election_uuid    TEXT NOT NULL,
  ballot           TEXT,
  state            TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'forwarded', 'refused')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TIMESTAMPTZ,
  last_error       TEXT,
  received_on      DATE NOT NULL DEFAULT CURRENT_DATE,
  CHECK ((state = 'waiting') = (ballot IS NOT NULL AND next_attempt_at IS NOT NULL))
);
CREATE INDEX relay_ballots_due ON relay_ballots (next_attempt_at) WHERE state = 'waiting';
