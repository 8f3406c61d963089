-- When the task was first accepted (签收), kept on the row so that reports
-- read it with the task instead of probing the record once per task (the
-- province's monthly report probed 119,000 times; BENCHMARKS.md, issue 5).
-- Filled from the record for the tasks accepted before this migration.
ALTER TABLE tasks ADD COLUMN accepted_at {{.TS}};
--bun:split
UPDATE tasks SET accepted_at = (SELECT MIN(a.at) FROM task_events a WHERE a.task_id = tasks.id AND a.action = 'accept')
WHERE EXISTS (SELECT 1 FROM task_events a WHERE a.task_id = tasks.id AND a.action = 'accept');
