ALTER TABLE bookings DROP COLUMN calendar_events;
DROP TABLE external_busy;
DROP TABLE calendar_connections;
