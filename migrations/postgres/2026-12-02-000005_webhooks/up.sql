-- Webhook endpoints (Standard Webhooks) and their deliveries. An endpoint's secrets are sealed
-- (ChaCha20-Poly1305 with the server's secrets key), never stored in the clear. A delivery is
-- one event for one endpoint; every attempt at it is logged. The worker's schedule lives in
-- `jobs` (one drain job per endpoint with something to send). Identical for PostgreSQL and
-- SQLite.
CREATE TABLE webhook_endpoints (
    id                       TEXT PRIMARY KEY,
    organization_id          TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    url                      TEXT NOT NULL,
    description              TEXT,
    -- JSON array of event types; ["*"] for all.
    event_types              TEXT NOT NULL,
    enabled                  BOOLEAN NOT NULL,
    -- Deliver in event order (a failing delivery holds back the later ones).
    ordered                  BOOLEAN NOT NULL,
    secret                   TEXT NOT NULL,
    previous_secret          TEXT,
    previous_secret_until    BIGINT,
    -- Why it was disabled: "gone" (410), "failing" (5 days of failures), "disabled" (by request).
    disabled_reason          TEXT,
    -- Since when every attempt has failed (cleared by a success).
    failing_since            BIGINT,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_org ON webhook_endpoints (organization_id, id);
CREATE INDEX webhook_endpoints_by_url ON webhook_endpoints (organization_id, url);

CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    -- The event's number in the feed (0 for a ping): the order of delivery.
    event_seq        BIGINT NOT NULL,
    -- pending | succeeded | failed
    status           TEXT NOT NULL,
    -- Attempts since it was last queued (the retry schedule's position).
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT,
    last_attempt_at  BIGINT,
    created_at       BIGINT NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (endpoint_id, status, event_seq, id);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (organization_id, endpoint_id, id);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (created_at);

CREATE TABLE webhook_attempts (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    delivery_id      TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempted_at     BIGINT NOT NULL,
    duration_ms      BIGINT NOT NULL,
    status_code      INTEGER,
    -- At most 2 kB of the response body.
    response_excerpt TEXT,
    error            TEXT
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at, id);
