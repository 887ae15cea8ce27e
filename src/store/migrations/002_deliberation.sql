-- Deliberation conversations (Polis-style): statements, participants, their votes,
-- participation codes, and the bookkeeping of the analysis job.
-- Nothing here identifies a person: participants are numbers, their browser secret
-- and participation codes are kept only as SHA-256 hashes, and no address, user
-- agent or other trace of a device is stored.

CREATE TABLE conversations (
  id                  TEXT PRIMARY KEY,
  convention_id       TEXT NOT NULL REFERENCES conventions(id),
  topic               JSONB NOT NULL,
  description         JSONB NOT NULL,
  access              TEXT NOT NULL CHECK (access IN ('open', 'code')),
  moderation          TEXT NOT NULL CHECK (moderation IN ('strict', 'loose')),
  state               TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  imported            BOOLEAN NOT NULL DEFAULT false,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- counters kept in the same transactions as the rows they count
  next_participant    INTEGER NOT NULL DEFAULT 0,
  next_statement      INTEGER NOT NULL DEFAULT 0,
  n_participants      INTEGER NOT NULL DEFAULT 0,
  n_votes             INTEGER NOT NULL DEFAULT 0,
  -- the analysis job: it runs while votes_seq > analysed_seq
  votes_seq           BIGINT NOT NULL DEFAULT 0,
  analysed_seq        BIGINT NOT NULL DEFAULT 0,
  analysis            JSONB,
  analysis_state      JSONB,
  analysis_priority   JSONB,
  analysis_votes      INTEGER,
  analysis_started_at TIMESTAMPTZ,
  analysis_claim      TEXT,
  analysed_at         TIMESTAMPTZ,
  analysis_ms         INTEGER,
  analysis_error      TEXT,
  analysis_failures   INTEGER NOT NULL DEFAULT 0,
  analysis_retry_at   TIMESTAMPTZ
);
CREATE INDEX conversations_by_convention ON conversations (convention_id);

-- Statements (Polis comments); id is the comment-id, from 0 in each conversation.
CREATE TABLE statements (
  conversation_id     TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  id                  INTEGER NOT NULL,
  author_participant  INTEGER,
  text                TEXT NOT NULL,
  lang                TEXT NOT NULL CHECK (lang IN ('en', 'fa-AF', 'ps-AF', 'und')),
  normalized          TEXT,
  status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  is_meta             BOOLEAN NOT NULL DEFAULT false,
  reject_reason       TEXT,
  translations        JSONB NOT NULL,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, id),
  CONSTRAINT statements_normalized_unique UNIQUE (conversation_id, normalized)
);
CREATE INDEX statements_by_author ON statements (conversation_id, author_participant);

-- Participants: a number per conversation. token_hash is the SHA-256 of the secret in
-- the participant's cookie (NULL for participants imported from Polis).
CREATE TABLE participants (
  conversation_id     TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  id                  INTEGER NOT NULL,
  token_hash          TEXT UNIQUE,
  code_hash           TEXT,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, id)
);

-- Participation codes (only their hashes), and the participant each one became.
CREATE TABLE participation_codes (
  conversation_id     TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  code_hash           TEXT NOT NULL,
  participant         INTEGER,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, code_hash)
);

-- The latest vote of each participant on each statement: 1 agree, -1 disagree, 0 pass.
CREATE TABLE votes (
  conversation_id     TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  participant         INTEGER NOT NULL,
  statement           INTEGER NOT NULL,
  vote                SMALLINT NOT NULL CHECK (vote IN (-1, 0, 1)),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, participant, statement),
  FOREIGN KEY (conversation_id, participant) REFERENCES participants (conversation_id, id),
  FOREIGN KEY (conversation_id, statement) REFERENCES statements (conversation_id, id)
);
CREATE INDEX votes_by_statement ON votes (conversation_id, statement);
