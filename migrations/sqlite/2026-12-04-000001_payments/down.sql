DROP TABLE payment_accounts;
DROP TABLE provider_events;
DROP TABLE payments;
ALTER TABLE bookings DROP COLUMN hold_expires_at;
