-- A task's co-organisers' ids, ascending and comma-separated, on the task's
-- own row: a copy of task_co_orgs, written with it (store.CreateTask and
-- store.SetTaskCoOrgs), so that reading a task or a page of tasks needs no
-- join and no subquery per row (BENCHMARKS.md, issue 15, third round).
-- task_co_orgs stays the table every query by organisation uses.
ALTER TABLE tasks ADD COLUMN co_org_ids VARCHAR(2000) NOT NULL DEFAULT '';
--bun:split
{{if eq .Dialect "pg"}}
UPDATE tasks AS t SET co_org_ids = c.ids
FROM (SELECT task_id, string_agg(org_id::text, ',' ORDER BY org_id) AS ids FROM task_co_orgs GROUP BY task_id) AS c
WHERE c.task_id = t.id;
{{else}}
UPDATE tasks SET co_org_ids = coalesce((SELECT group_concat(org_id, ',') FROM
    (SELECT c.org_id FROM task_co_orgs AS c WHERE c.task_id = tasks.id ORDER BY c.org_id)), '')
WHERE id IN (SELECT task_id FROM task_co_orgs);
{{end}}
