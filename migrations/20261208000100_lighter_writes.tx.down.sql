{{if eq .Dialect "pg"}}ALTER TABLE task_participants ADD CONSTRAINT task_participants_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations (id){{else}}SELECT 1{{end}};
--bun:split
{{if eq .Dialect "pg"}}ALTER TABLE outbox RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold){{else}}SELECT 1{{end}};
--bun:split
{{if eq .Dialect "pg"}}ALTER TABLE outbox ALTER COLUMN raw SET COMPRESSION default{{else}}SELECT 1{{end}};
--bun:split
DROP INDEX tasks_application_idx;
--bun:split
CREATE INDEX tasks_application_idx ON tasks (application_id, indicator);
--bun:split
DROP INDEX tasks_hotspot_idx;
--bun:split
CREATE INDEX tasks_hotspot_idx ON tasks (hotspot_id);
--bun:split
DROP INDEX tasks_community_idx;
--bun:split
CREATE INDEX tasks_community_idx ON tasks (community_id);
