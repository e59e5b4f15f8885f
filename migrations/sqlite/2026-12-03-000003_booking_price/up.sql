-- What a booking on a priced link costs, fixed when it is booked (JSON {currency, total,
-- due_now, due_later, tax_inclusive}); NULL on free links.
ALTER TABLE bookings ADD COLUMN price TEXT;
