{{if eq .Dialect "pg"}}DROP INDEX tasks_open_due_idx{{else}}SELECT 1{{end}};
--bun:split
{{if eq .Dialect "pg"}}CREATE INDEX tasks_open_due_idx ON tasks (due_date, id) WHERE status <> 'closed'{{else}}SELECT 1{{end}};
