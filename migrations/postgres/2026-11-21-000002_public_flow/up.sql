-- Public booking flow: organization slugs, attendee manage tokens, one-time links, audit
-- events and link view counts. Identical for PostgreSQL and SQLite (portable types, as in
-- the initial migration). Tokens are stored only as SHA-256 hashes.

ALTER TABLE organizations ADD COLUMN slug TEXT NOT NULL DEFAULT '';
UPDATE organizations SET slug = lower(id);
CREATE UNIQUE INDEX organizations_slug ON organizations (slug);

-- Set for bookings made through the public endpoints: the attendee's self-service token.
ALTER TABLE bookings ADD COLUMN manage_token_hash TEXT;
CREATE UNIQUE INDEX bookings_manage_token ON bookings (manage_token_hash);

CREATE TABLE one_time_links (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    link_id         TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    token_hash      TEXT NOT NULL UNIQUE,
    recipient_email TEXT NOT NULL,
    recipient_name  TEXT,
    -- JSON array of offered slot starts (epoch seconds) with their durations; [] = any slot.
    offered_slots   TEXT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT,
    booking_id      TEXT REFERENCES bookings(id),
    revoked_at      BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX one_time_links_link ON one_time_links (link_id, id);

CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    actor_type      TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    action          TEXT NOT NULL,
    target_type     TEXT NOT NULL,
    target_id       TEXT NOT NULL,
    summary         TEXT NOT NULL,
    request_id      TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX audit_events_org ON audit_events (organization_id, id);
CREATE INDEX audit_events_target ON audit_events (organization_id, target_id, id);

-- Views of public links, counted in memory and added here in the background, per UTC day
-- (days since 1970-01-01).
CREATE TABLE link_views (
    link_id TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    day     BIGINT NOT NULL,
    views   BIGINT NOT NULL,
    PRIMARY KEY (link_id, day)
);

CREATE INDEX bookings_link_created ON bookings (link_id, created_at);
CREATE INDEX bookings_link_cancelled ON bookings (link_id, cancelled_at);
