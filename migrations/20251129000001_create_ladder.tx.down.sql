DROP TABLE ladder_policies;
--bun:split
DROP INDEX tasks_next_ladder_idx;
--bun:split
ALTER TABLE tasks DROP COLUMN next_ladder_at;
--bun:split
ALTER TABLE tasks DROP COLUMN listed;
--bun:split
ALTER TABLE tasks DROP COLUMN ladder_step;
--bun:split
ALTER TABLE tasks DROP COLUMN ladder_done;
