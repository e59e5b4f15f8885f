DROP INDEX bookings_link_cancelled;
DROP INDEX bookings_link_created;
DROP TABLE link_views;
DROP TABLE audit_events;
DROP TABLE one_time_links;
DROP INDEX bookings_manage_token;
ALTER TABLE bookings DROP COLUMN manage_token_hash;
DROP INDEX organizations_slug;
ALTER TABLE organizations DROP COLUMN slug;
