-- SkySlots v1 schema (SQLite). Keep in step with ../../postgres: the same tables, columns
-- and portable types (TEXT ids, BIGINT epoch seconds, JSON documents as TEXT), so that one
-- diesel schema and one set of queries serve both backends.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    prefix          TEXT NOT NULL,
    secret_hash     TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT,
    revoked_at      BIGINT
);
CREATE INDEX api_keys_org ON api_keys (organization_id, id);

CREATE TABLE schedules (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    weekly_rules    TEXT NOT NULL,
    date_overrides  TEXT NOT NULL,
    holidays        TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX schedules_org ON schedules (organization_id, id);

CREATE TABLE hosts (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    schedule_id     TEXT REFERENCES schedules(id),
    lock_version    BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX hosts_org ON hosts (organization_id, id);

CREATE TABLE busy_blocks (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    host_id         TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    title           TEXT,
    start_at        BIGINT NOT NULL,
    end_at          BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX busy_blocks_host ON busy_blocks (host_id, start_at);
CREATE INDEX busy_blocks_org ON busy_blocks (organization_id, id);

CREATE TABLE links (
    id                    TEXT PRIMARY KEY,
    organization_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    slug                  TEXT NOT NULL,
    title                 TEXT NOT NULL,
    description           TEXT,
    durations             TEXT NOT NULL,
    slot_interval         INTEGER,
    buffer_before         INTEGER NOT NULL,
    buffer_after          INTEGER NOT NULL,
    min_notice            INTEGER NOT NULL,
    horizon_days          INTEGER,
    daily_limit           INTEGER,
    weekly_limit          INTEGER,
    capacity              INTEGER NOT NULL,
    assignment            TEXT NOT NULL,
    schedule_id           TEXT REFERENCES schedules(id),
    questions             TEXT NOT NULL,
    location              TEXT,
    requires_confirmation BOOLEAN NOT NULL,
    policy                TEXT NOT NULL,
    price_amount          BIGINT,
    price_currency        TEXT,
    metadata              TEXT NOT NULL,
    active                BOOLEAN NOT NULL,
    lock_version          BIGINT NOT NULL DEFAULT 0,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    UNIQUE (organization_id, slug)
);
CREATE INDEX links_org ON links (organization_id, id);

CREATE TABLE link_hosts (
    link_id   TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    host_id   TEXT NOT NULL REFERENCES hosts(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (link_id, host_id)
);
CREATE INDEX link_hosts_host ON link_hosts (host_id);

CREATE TABLE bookings (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    link_id            TEXT NOT NULL REFERENCES links(id),
    start_at           BIGINT NOT NULL,
    end_at             BIGINT NOT NULL,
    seats              INTEGER NOT NULL,
    status             TEXT NOT NULL,
    attendee_name      TEXT NOT NULL,
    attendee_email     TEXT NOT NULL,
    attendee_timezone  TEXT NOT NULL,
    answers            TEXT NOT NULL,
    metadata           TEXT NOT NULL,
    ical_uid           TEXT NOT NULL,
    ical_sequence      INTEGER NOT NULL,
    cancel_reason      TEXT,
    cancelled_at       BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX bookings_org ON bookings (organization_id, id);
CREATE INDEX bookings_link_start ON bookings (link_id, start_at);

-- One row per host a booking occupies (several for collective links), with the times and
-- whether it still holds time, so a host's busy time is one indexed range scan.
CREATE TABLE booking_hosts (
    booking_id  TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    host_id     TEXT NOT NULL REFERENCES hosts(id),
    link_id     TEXT NOT NULL,
    start_at    BIGINT NOT NULL,
    end_at      BIGINT NOT NULL,
    seats       INTEGER NOT NULL,
    holds_time  BOOLEAN NOT NULL,
    PRIMARY KEY (booking_id, host_id)
);
CREATE INDEX booking_hosts_host_time ON booking_hosts (host_id, start_at);

CREATE TABLE idempotency_keys (
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    operation       TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status          INTEGER NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (organization_id, key)
);

-- Events that leave the system, written in the transaction of the change that caused them.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT
);
CREATE INDEX outbox_pending ON outbox (delivered_at, id);
