ALTER TABLE links DROP COLUMN price_terms;
