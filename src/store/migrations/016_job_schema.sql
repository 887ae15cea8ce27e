-- The schema of the job queue (pg-boss, src/store/job-queue.ts), made here under the
-- migrations' advisory lock: when several servers start at once on a new database, each
-- pg-boss otherwise runs CREATE SCHEMA IF NOT EXISTS at the same moment, and all but one
-- fail on Postgres's catalogue ("duplicate key ... pg_namespace_nspname_index"), which
-- stopped a server at start. pg-boss then creates its tables in it under its own lock.
CREATE SCHEMA IF NOT EXISTS jirga_jobs;
