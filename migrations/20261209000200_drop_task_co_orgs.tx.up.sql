-- task_co_orgs held a task's co-organisers for the triggers that copied them
-- into task_participants, and nothing else read it: a task's co-organisers
-- are read from its own row (co_org_ids) and every query by organisation
-- goes through task_participants. The store now writes the co-organisers'
-- participation rows itself (store.CreateTask and store.SetTaskCoOrgs, the
-- only two writers), so a create no longer writes two rows and four index
-- entries into task_co_orgs and runs two triggers that each read the task
-- back (BENCHMARKS.md, issue 15, eleventh round). The lead's row and every
-- change of a task's lead, status or deadline are still the triggers' on
-- tasks.
{{if eq .Dialect "pg"}}
DROP TRIGGER task_participants_co_insert ON task_co_orgs;
--bun:split
DROP TRIGGER task_participants_co_delete ON task_co_orgs;
--bun:split
DROP FUNCTION task_participants_co_insert();
--bun:split
DROP FUNCTION task_participants_co_delete();
{{else}}
DROP TRIGGER task_participants_co_insert;
--bun:split
DROP TRIGGER task_participants_co_delete;
{{end}}
--bun:split
DROP TABLE task_co_orgs;
