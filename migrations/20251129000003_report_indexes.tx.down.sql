DROP INDEX task_events_counted_idx;
--bun:split
DROP INDEX tasks_closed_at_idx;
--bun:split
DROP INDEX tasks_assigned_on_idx;
