-- The heartbeat of each job a server is running (src/store/job-queue.ts): the server
-- writes beat_at = now() every few seconds while its handler runs and deletes the row when
-- it ends. A running job whose beat is older than the queue's dead-after time belonged to
-- a server that died (killed, its machine gone): any other server fails it at once, so
-- that the queue retries it, instead of waiting for its expiry (15 minutes for a close).
-- The job's own table is pg-boss's (schema jirga_jobs); no foreign key to it: pg-boss
-- deletes and re-inserts a job when it retries it.
CREATE TABLE job_beats (
  job_id  UUID PRIMARY KEY,
  beat_at TIMESTAMPTZ NOT NULL
);
