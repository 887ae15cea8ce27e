-- One-time links that are one-time (issue 16): each link expires, the organiser can
-- revoke it (and issue a new one), and each step a link allows is done once: its use is
-- recorded in invitation_steps, whose key refuses a second use of the same step.
-- Links made before this migration get the default lifetime from now (14 days).
ALTER TABLE invitations ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE invitations SET expires_at = now() + interval '14 days' WHERE expires_at IS NULL;
ALTER TABLE invitations ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE invitations ADD COLUMN revoked_at TIMESTAMPTZ;
CREATE INDEX invitations_by_election ON invitations (election_uuid);

CREATE TABLE invitation_steps (
  token_hash  TEXT NOT NULL REFERENCES invitations(token_hash) ON DELETE CASCADE,
  step        TEXT NOT NULL,
  used_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (token_hash, step)
);

-- A credential list, once sent, is replaced only after the organiser allowed it.
ALTER TABLE elections ADD COLUMN credentials_replaceable BOOLEAN NOT NULL DEFAULT false;

-- What happened to an election's links and credential list during its setup, for the
-- organiser (no secrets: no tokens, only roles, trustee numbers and fingerprints).
CREATE TABLE setup_history (
  id             SERIAL PRIMARY KEY,
  election_uuid  TEXT NOT NULL REFERENCES elections(uuid) ON DELETE CASCADE,
  at             TIMESTAMPTZ NOT NULL,
  event          TEXT NOT NULL,
  detail         JSONB NOT NULL
);
CREATE INDEX setup_history_by_election ON setup_history (election_uuid, id);
