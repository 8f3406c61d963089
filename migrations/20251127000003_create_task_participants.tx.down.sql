{{if eq .Dialect "pg"}}
DROP TRIGGER task_participants_co_delete ON task_co_orgs;
--bun:split
DROP TRIGGER task_participants_co_insert ON task_co_orgs;
--bun:split
DROP TRIGGER task_participants_task_update ON tasks;
--bun:split
DROP TRIGGER task_participants_task_insert ON tasks;
--bun:split
DROP FUNCTION task_participants_co_delete();
--bun:split
DROP FUNCTION task_participants_co_insert();
--bun:split
DROP FUNCTION task_participants_task_update();
--bun:split
DROP FUNCTION task_participants_task_insert();
{{else}}
DROP TRIGGER task_participants_co_delete;
--bun:split
DROP TRIGGER task_participants_co_insert;
--bun:split
DROP TRIGGER task_participants_task_update;
--bun:split
DROP TRIGGER task_participants_task_insert;
{{end}}
--bun:split
{{if eq .Dialect "pg"}}ALTER TABLE tasks RESET (fillfactor){{else}}SELECT 1{{end}};
--bun:split
DROP INDEX tasks_open_due_idx;
--bun:split
DROP INDEX tasks_due_idx;
--bun:split
DROP TABLE task_participants;
