-- Payments: what a booking on a paid link collects through the payment provider (Stripe),
-- with its refunds (JSON list), and the provider's events already processed (each once).
-- A booking awaiting payment holds its seats until hold_expires_at.
ALTER TABLE bookings ADD COLUMN hold_expires_at BIGINT;

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    booking_id TEXT NOT NULL,
    link_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_payment_id TEXT,
    checkout_id TEXT,
    checkout_url TEXT,
    status TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    amount_refunded BIGINT NOT NULL,
    application_fee BIGINT NOT NULL,
    destination_account TEXT,
    refunds TEXT NOT NULL,
    client_secret_sealed TEXT,
    receipt_url TEXT,
    failure_message TEXT,
    paid_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX payments_by_org ON payments (organization_id, id);
CREATE INDEX payments_by_booking ON payments (organization_id, booking_id);
CREATE UNIQUE INDEX payments_by_provider_id ON payments (provider, provider_payment_id);
CREATE UNIQUE INDEX payments_by_checkout_id ON payments (provider, checkout_id);

CREATE TABLE provider_events (
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- An organization's own account at the provider (Stripe Connect) that its payments go to,
-- less the platform's application fee, and what the provider last said of it.
CREATE TABLE payment_accounts (
    organization_id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    account_id TEXT NOT NULL,
    charges_enabled BOOLEAN NOT NULL,
    payouts_enabled BOOLEAN NOT NULL,
    details_submitted BOOLEAN NOT NULL,
    requirements TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX payment_accounts_by_account ON payment_accounts (provider, account_id);
