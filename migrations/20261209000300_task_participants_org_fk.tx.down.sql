{{if eq .Dialect "pg"}}ALTER TABLE task_participants DROP CONSTRAINT task_participants_org_id_fkey{{else}}SELECT 1{{end}};
