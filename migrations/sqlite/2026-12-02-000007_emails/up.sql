-- Emails: every message the server sends or means to send, with its outcome. A row is made
-- when the sequencer numbers the event that calls for it (or, for reminders and follow-ups,
-- for the time it is due) and is sent by its own job. Identical for PostgreSQL and SQLite.
CREATE TABLE emails (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- booking_confirmation, booking_reminder, host_booking_created, one_time_link_invitation, …
    kind             TEXT NOT NULL,
    recipient_email  TEXT NOT NULL,
    recipient_name   TEXT,
    -- "attendee", "host" or "recipient" (of a one-time link).
    recipient_role   TEXT NOT NULL,
    host_id          TEXT,
    booking_id       TEXT,
    one_time_link_id TEXT,
    link_id          TEXT,
    -- The event that called for it (none for one sent again by hand).
    event_id         TEXT,
    -- For reminders and follow-ups: the booking's start they were made for. A booking moved
    -- since gets new ones; these are skipped.
    booking_start    BIGINT,
    -- pending, sent, failed, skipped.
    status           TEXT NOT NULL,
    send_at          BIGINT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    subject          TEXT,
    message_id       TEXT,
    sent_at          BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX emails_by_org ON emails (organization_id, id);
CREATE INDEX emails_by_booking ON emails (booking_id);

-- An organization's own templates, one per kind of message; a kind without a row uses the
-- built-in default.
CREATE TABLE email_templates (
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (organization_id, kind)
);

-- Which messages a link sends, its reminder offsets and follow-up (JSON).
ALTER TABLE links ADD COLUMN emails TEXT NOT NULL DEFAULT '{}';
-- The manage token, sealed with the server's secrets key (row id as associated data), so that
-- emails sent later can carry the manage link; the hash stays the lookup.
ALTER TABLE bookings ADD COLUMN manage_token_sealed TEXT;
-- Likewise the one-time link's token, for its invitation email.
ALTER TABLE one_time_links ADD COLUMN token_sealed TEXT;
-- Where attendees manage a booking and recipients open a one-time link: URL templates with
-- {token}.
ALTER TABLE organizations ADD COLUMN manage_url TEXT;
ALTER TABLE organizations ADD COLUMN invitation_url TEXT;
