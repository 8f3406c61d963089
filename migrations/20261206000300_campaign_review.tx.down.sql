-- Campaign tasks become 'other' and application evidence is dropped, so
-- the old CHECKs hold again; see the up migration for the SQLite edit.
DROP INDEX attachments_application_idx;
--bun:split
DROP INDEX tasks_application_idx;
--bun:split
DELETE FROM attachments WHERE application_id IS NOT NULL;
--bun:split
UPDATE tasks SET source = 'other' WHERE source = 'campaign';
--bun:split
{{if eq .Dialect "pg"}}
ALTER TABLE attachments DROP CONSTRAINT attachments_check;
--bun:split
ALTER TABLE attachments ADD CONSTRAINT attachments_check CHECK ((task_id IS NULL) <> (hotspot_id IS NULL));
--bun:split
ALTER TABLE tasks DROP CONSTRAINT tasks_source_check;
--bun:split
ALTER TABLE tasks ADD CONSTRAINT tasks_source_check
    CHECK (source IN ('plan', 'meeting', 'instruction', 'hotspot', 'other'));
{{else}}
PRAGMA writable_schema = ON;
--bun:split
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (source IN (''plan'', ''meeting'', ''instruction'', ''hotspot'', ''other'', ''campaign''))',
    'CHECK (source IN (''plan'', ''meeting'', ''instruction'', ''hotspot'', ''other''))')
WHERE type = 'table' AND name = 'tasks';
--bun:split
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK ((task_id IS NOT NULL) + (hotspot_id IS NOT NULL) + (application_id IS NOT NULL) = 1)',
    'CHECK ((task_id IS NULL) <> (hotspot_id IS NULL))')
WHERE type = 'table' AND name = 'attachments';
--bun:split
PRAGMA writable_schema = RESET;
{{end}}
--bun:split
ALTER TABLE attachments DROP COLUMN indicator;
--bun:split
ALTER TABLE attachments DROP COLUMN application_id;
--bun:split
ALTER TABLE tasks DROP COLUMN indicator;
--bun:split
ALTER TABLE tasks DROP COLUMN application_id;
--bun:split
DROP TABLE application_scores;
--bun:split
DROP TABLE application_sheets;
