-- The supervision report counts, per lead organisation, the open tasks that
-- are neither overdue nor the period's (store.reportOpenCounts): at a
-- province's scale, 125,000 tasks. With the organisation and the day of
-- assignment in the open tasks' due-date index, PostgreSQL counts them from
-- the index alone (an index-only scan) instead of visiting the pages of every
-- one: 277 ms became 31 ms at 1,000,000 tasks (BENCHMARKS.md, issue 5). The
-- lists that walk this index by due date are unchanged. SQLite, the embedded
-- store of one office, keeps the plain index.
{{if eq .Dialect "pg"}}DROP INDEX tasks_open_due_idx{{else}}SELECT 1{{end}};
--bun:split
{{if eq .Dialect "pg"}}CREATE INDEX tasks_open_due_idx ON tasks (due_date, id) INCLUDE (lead_org_id, assigned_on)
    WHERE status <> 'closed'{{else}}SELECT 1{{end}};
