-- Case and exchange files are dropped, so the old CHECK holds again; see
-- the up migration for the SQLite edit.
DROP INDEX attachments_exchange_idx;
--bun:split
DROP INDEX attachments_case_idx;
--bun:split
DELETE FROM attachments WHERE case_id IS NOT NULL OR exchange_id IS NOT NULL;
--bun:split
{{if eq .Dialect "pg"}}
ALTER TABLE attachments DROP CONSTRAINT attachments_check;
--bun:split
ALTER TABLE attachments ADD CONSTRAINT attachments_check
    CHECK (num_nonnulls(task_id, hotspot_id, application_id) = 1);
{{else}}
PRAGMA writable_schema = ON;
--bun:split
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK ((task_id IS NOT NULL) + (hotspot_id IS NOT NULL) + (application_id IS NOT NULL) + (case_id IS NOT NULL) + (exchange_id IS NOT NULL) = 1)',
    'CHECK ((task_id IS NOT NULL) + (hotspot_id IS NOT NULL) + (application_id IS NOT NULL) = 1)')
WHERE type = 'table' AND name = 'attachments';
--bun:split
PRAGMA writable_schema = RESET;
{{end}}
--bun:split
ALTER TABLE attachments DROP COLUMN exchange_id;
--bun:split
ALTER TABLE attachments DROP COLUMN case_id;
--bun:split
DROP INDEX exchange_activities_org_idx;
--bun:split
DROP TABLE exchange_activities;
--bun:split
DROP INDEX campaign_cases_first_published_idx;
--bun:split
DROP INDEX campaign_cases_community_idx;
--bun:split
DROP INDEX campaign_cases_status_idx;
--bun:split
DROP TABLE campaign_cases;
