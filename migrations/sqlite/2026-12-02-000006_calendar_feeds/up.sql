-- Subscribable calendar feeds of a host's or a link's bookings. The feed's URL carries a
-- 256-bit token; only its SHA-256 is stored (regenerating replaces it, revoking the old URL).
-- Exactly one of host_id / link_id is set. Identical for PostgreSQL and SQLite.
CREATE TABLE calendar_feeds (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    host_id          TEXT REFERENCES hosts(id) ON DELETE CASCADE,
    link_id          TEXT REFERENCES links(id) ON DELETE CASCADE,
    -- "full" (titles, attendees, locations) or "busy" (times only, no personal data).
    detail           TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CHECK ((host_id IS NULL) <> (link_id IS NULL))
);
CREATE INDEX calendar_feeds_by_org ON calendar_feeds (organization_id, id);
