-- Each vote row keeps the conversation's votes_seq of the change that wrote it, so that
-- the math worker, which keeps the vote matrix between updates, reads only the votes
-- after the last seq it folded in (src/services/conversations/math-runner.ts). A vote
-- takes votes_seq + 1 under the conversation's row lock, and the same transaction
-- bumps votes_seq to it: once a reader sees votes_seq = N committed, every vote with
-- seq <= N is committed too. Rows from before this migration (seq 0) are read by the
-- worker's first full build.
ALTER TABLE votes ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX votes_by_seq ON votes (conversation_id, seq);
