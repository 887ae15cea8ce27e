-- Conventions, their elections, and the bulletin board of each election.
-- Only public or hashed data, except the server's own trustee key (spec 4.7: the
-- server holds a mandatory key share, different in each election).

CREATE TABLE accounts (
  id            SERIAL PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT 'organiser',
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  expires_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE conventions (
  id          TEXT PRIMARY KEY,
  title       JSONB NOT NULL,
  description JSONB NOT NULL,
  created_by  INTEGER REFERENCES accounts(id),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE elections (
  uuid               TEXT PRIMARY KEY,
  convention_id      TEXT NOT NULL REFERENCES conventions(id),
  state              TEXT NOT NULL,
  draft              JSONB NOT NULL,
  opens_at           TIMESTAMPTZ,
  closes_at          TIMESTAMPTZ,
  server_key         TEXT,
  credentials_fingerprint TEXT,
  credentials_text   TEXT,
  archive_timestamp  BIGINT,
  last_height        INTEGER,
  last_event_hash    TEXT,
  record_count       INTEGER NOT NULL DEFAULT 0,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT election_state CHECK (state IN ('draft', 'setup', 'open', 'closed', 'tallied', 'published'))
);
CREATE INDEX elections_by_convention ON elections (convention_id);

-- One-time links for trustees and the credential authority (only hashes are kept).
CREATE TABLE invitations (
  token_hash     TEXT PRIMARY KEY,
  election_uuid  TEXT NOT NULL REFERENCES elections(uuid) ON DELETE CASCADE,
  role           TEXT NOT NULL CHECK (role IN ('trustee', 'credential-authority')),
  trustee_index  INTEGER,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  first_used_at  TIMESTAMPTZ
);

-- What each trustee has sent during key establishment (all public material).
CREATE TABLE trustee_setup (
  election_uuid  TEXT NOT NULL REFERENCES elections(uuid) ON DELETE CASCADE,
  trustee_index  INTEGER NOT NULL,
  public_key     TEXT,
  certificate    TEXT,
  polynomial     TEXT,
  voutput        TEXT,
  PRIMARY KEY (election_uuid, trustee_index)
);

CREATE TABLE public_credentials (
  election_uuid  TEXT NOT NULL REFERENCES elections(uuid) ON DELETE CASCADE,
  credential     TEXT NOT NULL,
  weight         TEXT NOT NULL,
  PRIMARY KEY (election_uuid, credential)
);

-- The bulletin board: every record of the .bel archive, in order.
CREATE TABLE records (
  election_uuid  TEXT NOT NULL REFERENCES elections(uuid) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('data', 'event')),
  hash           TEXT NOT NULL,
  event_type     TEXT,
  body           TEXT NOT NULL,
  PRIMARY KEY (election_uuid, seq)
);

-- Accepted ballots, by tracker and credential (derived from the board, for lookups).
CREATE TABLE ballots (
  election_uuid  TEXT NOT NULL REFERENCES elections(uuid) ON DELETE CASCADE,
  tracker        TEXT NOT NULL,
  credential     TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  PRIMARY KEY (election_uuid, tracker)
);
CREATE INDEX ballots_by_credential ON ballots (election_uuid, credential);
