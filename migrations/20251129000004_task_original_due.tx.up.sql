-- The deadline a task had before its first granted extension: NULL while it
-- has never been extended. Reports show it beside the deadline in force.
-- Tasks extended before this migration keep NULL: their record holds only
-- the new dates.
ALTER TABLE tasks ADD COLUMN original_due {{.Date}};
