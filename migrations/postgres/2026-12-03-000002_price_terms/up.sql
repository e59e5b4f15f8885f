-- How a link's price applies (JSON {unit, deposit, tax_inclusive, balance}): per booking, per
-- seat or per hour; an optional deposit; NULL for a link without a price or one set before.
ALTER TABLE links ADD COLUMN price_terms TEXT;
