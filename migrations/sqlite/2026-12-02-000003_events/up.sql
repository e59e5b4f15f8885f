-- Events: every change an integrator can care about, written in the transaction of the change
-- itself. They replace the outbox, which nothing ever read (its rows are dropped with it).
-- `seq` is given after commit by the sequencer, in the order events become visible, so a
-- reader resuming after a sequence number never misses one committed later. Identical for
-- PostgreSQL and SQLite (portable types, as in the earlier migrations).
CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    event_type      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    -- What happened, as storage keeps records: {"object": …, "previous": …, "context": …}.
    payload         TEXT NOT NULL,
    seq             BIGINT UNIQUE
);
CREATE INDEX events_by_seq ON events (organization_id, seq);
CREATE INDEX events_by_time ON events (organization_id, created_at, id);
CREATE INDEX events_unsequenced ON events (created_at, id) WHERE seq IS NULL;

-- The last sequence number given; its one row is the sequencer's lock.
CREATE TABLE event_sequence (
    id   INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO event_sequence (id, last) VALUES (1, 0);

DROP TABLE outbox;
