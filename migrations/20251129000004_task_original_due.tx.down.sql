ALTER TABLE tasks DROP COLUMN original_due;
