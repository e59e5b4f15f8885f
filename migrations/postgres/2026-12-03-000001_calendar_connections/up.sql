-- Calendar connections: a host's external calendars (CalDAV, or a read-only ICS URL) whose
-- events keep the host busy, and optionally the calendar bookings are written into.
-- Identical for PostgreSQL and SQLite.
CREATE TABLE calendar_connections (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    host_id          TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    -- "caldav" or "ics".
    kind             TEXT NOT NULL,
    name             TEXT,
    url              TEXT NOT NULL,
    username         TEXT,
    -- The password, sealed with the server's secrets key (row id as associated data).
    password_sealed  TEXT,
    -- The calendars found at the URL (JSON [{href, name}]), as of the last good refresh.
    calendars        TEXT NOT NULL DEFAULT '[]',
    -- The hrefs whose events count as busy (JSON list); NULL: every calendar found.
    busy_calendars   TEXT,
    -- The calendar bookings are written into (an href among `calendars`), if any.
    write_calendar   TEXT,
    -- "pending" (never refreshed), "ok" or "error".
    status           TEXT NOT NULL,
    error_code       TEXT,
    last_error       TEXT,
    -- The last good refresh (its busy time is what availability uses) and the last attempt.
    synced_at        BIGINT,
    checked_at       BIGINT,
    busy_count       INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX calendar_connections_by_org ON calendar_connections (organization_id, id);
CREATE INDEX calendar_connections_by_host ON calendar_connections (host_id);

-- The busy time read from a connection at its last good refresh, replaced as a whole by the
-- next one.
CREATE TABLE external_busy (
    connection_id    TEXT NOT NULL REFERENCES calendar_connections(id) ON DELETE CASCADE,
    host_id          TEXT NOT NULL,
    start_at         BIGINT NOT NULL,
    end_at           BIGINT NOT NULL
);
CREATE INDEX external_busy_by_host ON external_busy (host_id, start_at);
CREATE INDEX external_busy_by_connection ON external_busy (connection_id);

-- Where a booking was written into hosts' calendars (JSON [{connection_id, href, etag}]).
ALTER TABLE bookings ADD COLUMN calendar_events TEXT NOT NULL DEFAULT '[]';
