ALTER TABLE organizations DROP COLUMN invitation_url;
ALTER TABLE organizations DROP COLUMN manage_url;
ALTER TABLE one_time_links DROP COLUMN token_sealed;
ALTER TABLE bookings DROP COLUMN manage_token_sealed;
ALTER TABLE links DROP COLUMN emails;
DROP TABLE email_templates;
DROP TABLE emails;
