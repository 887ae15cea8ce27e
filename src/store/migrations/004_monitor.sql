-- Accountability monitor: sources, claims (statements, engagement events, benchmark
-- assessments), benchmark definitions, score weights, and an append-only history of
-- every change. Claims are never deleted: a published claim can only be retracted,
-- visibly. The history table refuses UPDATE and DELETE (rules below).

-- Roles of accounts: organisers run conventions; reviewers and editors work on the monitor.
ALTER TABLE accounts ADD CONSTRAINT accounts_role CHECK (role IN ('organiser', 'reviewer', 'editor'));

CREATE TABLE monitor_sources (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  publisher     TEXT NOT NULL,
  url           TEXT NOT NULL,
  published_on  TEXT NOT NULL CHECK (published_on ~ '^\d{4}-\d{2}-\d{2}$'),
  language      TEXT NOT NULL,
  sha256        TEXT CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  copy_name     TEXT,
  copy_type     TEXT,
  copy_size     INTEGER,
  copy          BYTEA,
  sample        BOOLEAN NOT NULL DEFAULT false,
  created_by    INTEGER REFERENCES accounts(id),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE monitor_claims (
  id                 TEXT PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('statement', 'engagement', 'assessment')),
  status             TEXT NOT NULL CHECK (status IN ('proposed', 'published', 'rejected', 'retracted')),
  -- {text, date, sources, benchmarks, engagement, assessment}
  body               JSONB NOT NULL,
  claim_date         TEXT NOT NULL CHECK (claim_date ~ '^\d{4}-\d{2}-\d{2}$'),
  sample             BOOLEAN NOT NULL DEFAULT false,
  revision           INTEGER NOT NULL DEFAULT 1,
  proposed_by        INTEGER REFERENCES accounts(id),
  proposed_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  reviewed_by        INTEGER REFERENCES accounts(id),
  reviewed_at        TIMESTAMPTZ,
  review_note        TEXT,
  retracted_by       INTEGER REFERENCES accounts(id),
  retracted_at       TIMESTAMPTZ,
  retraction_reason  TEXT,
  CHECK (status <> 'retracted' OR retraction_reason IS NOT NULL)
);
CREATE INDEX monitor_claims_by_status ON monitor_claims (status, claim_date);
CREATE RULE monitor_claims_no_delete AS ON DELETE TO monitor_claims DO INSTEAD NOTHING;

-- Which sources a claim cites (integrity: a cited source exists).
CREATE TABLE monitor_claim_sources (
  claim_id   TEXT NOT NULL REFERENCES monitor_claims(id),
  source_id  TEXT NOT NULL REFERENCES monitor_sources(id),
  PRIMARY KEY (claim_id, source_id)
);

CREATE TABLE monitor_benchmarks (
  id          TEXT PRIMARY KEY,
  title       JSONB NOT NULL,
  definition  JSONB NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE monitor_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  weights     JSONB NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE monitor_history (
  seq         BIGSERIAL PRIMARY KEY,
  entity      TEXT NOT NULL CHECK (entity IN ('source', 'claim', 'benchmark', 'weights')),
  entity_id   TEXT NOT NULL,
  action      TEXT NOT NULL,
  account_id  INTEGER REFERENCES accounts(id),
  role        TEXT,
  at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  before      JSONB,
  after       JSONB,
  note        TEXT
);
CREATE INDEX monitor_history_by_entity ON monitor_history (entity, entity_id, seq);
CREATE RULE monitor_history_no_update AS ON UPDATE TO monitor_history DO INSTEAD NOTHING;
CREATE RULE monitor_history_no_delete AS ON DELETE TO monitor_history DO INSTEAD NOTHING
