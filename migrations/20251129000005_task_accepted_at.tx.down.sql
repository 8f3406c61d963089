ALTER TABLE tasks DROP COLUMN accepted_at;
