-- Inclusion: what each convention asks participants about themselves, its reference
-- shares and small-cell threshold, participants' self-descriptions in conversations,
-- and the register of delegations with the rules the organisers set.
-- Self-descriptions are stored with the pseudonymous participant number only: no
-- name, address, device or any other trace of a person.

CREATE TABLE convention_inclusion (
  convention_id  TEXT PRIMARY KEY REFERENCES conventions(id) ON DELETE CASCADE,
  -- which self-description questions are asked, e.g. ["gender","ethnicity","residence"]
  dimensions     JSONB NOT NULL,
  -- the smallest publishable cell: at least 10, and it may only be raised
  min_cell       INTEGER NOT NULL DEFAULT 10 CHECK (min_cell >= 10),
  -- warn when a group's representation ratio falls below this
  warn_below     DOUBLE PRECISION NOT NULL DEFAULT 0.8,
  -- {dimension: {shares: {category: share}, source, note}}
  reference      JSONB NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One self-description per participant of a conversation: {dimension: category}.
CREATE TABLE participant_profiles (
  conversation_id  TEXT NOT NULL,
  participant      INTEGER NOT NULL,
  answers          JSONB NOT NULL,
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, participant),
  FOREIGN KEY (conversation_id, participant) REFERENCES participants (conversation_id, id) ON DELETE CASCADE
);

-- Organisations taking part, each with an anonymous description of its delegates
-- (an array of {dimension: category}, one per delegate, no names).
CREATE TABLE delegations (
  id             TEXT PRIMARY KEY,
  convention_id  TEXT NOT NULL REFERENCES conventions(id) ON DELETE CASCADE,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('womens-movement', 'political-party', 'armed-resistance', 'civil-society', 'diaspora-association', 'religious-or-ethnic-council', 'independent')),
  delegates      JSONB NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX delegations_by_convention ON delegations (convention_id, created_at);

-- The rules a convention's delegations are checked against (src/inclusion/delegations.ts).
CREATE TABLE delegation_rules (
  convention_id  TEXT PRIMARY KEY REFERENCES conventions(id) ON DELETE CASCADE,
  rules          JSONB NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
