-- Schedule changes (issue 17, item 4): an organiser who extends voting after an outage
-- says why, and every extension stays public on the election page and in its feed. The
-- table is append-only: a change, once made, can be neither edited nor removed (rules
-- below, as for monitor_history). Elections are never deleted, so no cascade is needed.
CREATE TABLE schedule_changes (
  id              BIGSERIAL PRIMARY KEY,
  election_uuid   TEXT NOT NULL REFERENCES elections(uuid),
  old_closes_at   TIMESTAMPTZ,
  new_closes_at   TIMESTAMPTZ NOT NULL,
  reason          JSONB NOT NULL,
  at              TIMESTAMPTZ NOT NULL,
  account_id      INTEGER REFERENCES accounts(id)
);
CREATE INDEX schedule_changes_by_election ON schedule_changes (election_uuid, id);
CREATE RULE schedule_changes_no_update AS ON UPDATE TO schedule_changes DO INSTEAD NOTHING;
CREATE RULE schedule_changes_no_delete AS ON DELETE TO schedule_changes DO INSTEAD NOTHING;
