-- Identical refusals within a short window are written as one row with their count (AccessLog),
-- so that refusals cannot be used to fill this append-only table. Existing rows are one each.
-- Adding a column with a constant default rewrites no row, so the append-only trigger is untouched.
ALTER TABLE access_log ADD COLUMN occurrences integer NOT NULL DEFAULT 1 CHECK (occurrences >= 1);
