ALTER TABLE bookings DROP COLUMN price;
