DROP TABLE task_events;
--bun:split
{{if eq .Dialect "pg"}}DROP FUNCTION task_events_append_only(){{else}}SELECT 1{{end}};
--bun:split
DROP TABLE task_co_orgs;
--bun:split
DROP TABLE tasks;
--bun:split
DROP TABLE hotspots;
