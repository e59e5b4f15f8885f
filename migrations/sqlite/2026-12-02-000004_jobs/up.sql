-- Durable jobs: work due at a time (expiries; later deliveries, retries and reminders), so
-- that nothing time-based lives only in a process's memory. A worker claims due jobs with a
-- lease (`lease_until`); a job's effect and its removal commit together. Identical for
-- PostgreSQL and SQLite.
CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    -- What the job's kind needs, as JSON.
    payload         TEXT NOT NULL,
    run_at          BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    lease_until     BIGINT,
    last_error      TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at, id);
CREATE INDEX jobs_by_kind ON jobs (kind, run_at);
