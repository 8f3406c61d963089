-- The supervision report (domain/store/report.go) reads only the tasks that
-- can count in it: assigned in the period, closed in the period, or open.
-- The open ones have tasks_open_due_idx; these two give the period's
-- assignments and closures as index ranges, so that a report's cost follows
-- the report and not the years of closed work before it (BENCHMARKS.md).
CREATE INDEX tasks_assigned_on_idx ON tasks (assigned_on);
--bun:split
CREATE INDEX tasks_closed_at_idx ON tasks (closed_at) WHERE status = 'closed';
--bun:split
-- The rarer actions the report counts per task. The report's query repeats
-- this list (store.countedActions) so that the planners match it.
CREATE INDEX task_events_counted_idx ON task_events (task_id, action)
    WHERE action IN ('request_extension', 'approve_extension', 'return', 'request_transfer', 'reopen');
