-- The supervised review of campaign applications (domain.CampaignService):
-- score sheets (the community's own, each city assessor's, the province's
-- inspection) with their points per indicator; tasks of source 'campaign'
-- linked to an application (its review steps and rectifications); evidence
-- files linked to an application and an indicator.
--
-- The tasks' CHECK on source and the attachments' CHECK on their target are
-- relaxed. PostgreSQL drops and re-adds them. SQLite cannot alter a CHECK:
-- the table's CREATE text in sqlite_schema is edited under
-- writable_schema, as SQLite's ALTER TABLE documentation ("Making Other
-- Kinds Of Table Schema Changes") allows for removing or relaxing CHECK
-- constraints; RESET reloads this connection's schema, and the CREATE
-- INDEX after it bumps the schema cookie so every other connection
-- reloads it too. The new columns carry no REFERENCES on SQLite, so that
-- the down migration can drop them.
CREATE TABLE application_sheets (
    id {{.ID}},
    application_id BIGINT NOT NULL REFERENCES campaign_applications (id),
    kind VARCHAR(16) NOT NULL CHECK (kind IN ('self', 'city', 'province')),
    assessor VARCHAR(100) NOT NULL DEFAULT '',
    entered_by BIGINT REFERENCES users (id),
    entered_org_id BIGINT REFERENCES organizations (id),
    total INTEGER NOT NULL DEFAULT 0,
    veto_failed BOOLEAN NOT NULL DEFAULT FALSE,
    inspected_on {{.Date}},
    inspectors VARCHAR(200) NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX application_sheets_application_idx ON application_sheets (application_id, kind, id);
--bun:split
CREATE TABLE application_scores (
    sheet_id BIGINT NOT NULL REFERENCES application_sheets (id) ON DELETE CASCADE,
    indicator VARCHAR(32) NOT NULL,
    points INTEGER NOT NULL CHECK (points >= 0),
    veto_failed BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sheet_id, indicator)
);
--bun:split
ALTER TABLE tasks ADD COLUMN application_id BIGINT{{if eq .Dialect "pg"}} REFERENCES campaign_applications (id){{end}};
--bun:split
ALTER TABLE tasks ADD COLUMN indicator VARCHAR(32);
--bun:split
ALTER TABLE attachments ADD COLUMN application_id BIGINT{{if eq .Dialect "pg"}} REFERENCES campaign_applications (id){{end}};
--bun:split
ALTER TABLE attachments ADD COLUMN indicator VARCHAR(32);
--bun:split
{{if eq .Dialect "pg"}}
ALTER TABLE tasks DROP CONSTRAINT tasks_source_check;
--bun:split
ALTER TABLE tasks ADD CONSTRAINT tasks_source_check
    CHECK (source IN ('plan', 'meeting', 'instruction', 'hotspot', 'other', 'campaign'));
--bun:split
ALTER TABLE attachments DROP CONSTRAINT attachments_check;
--bun:split
ALTER TABLE attachments ADD CONSTRAINT attachments_check
    CHECK (num_nonnulls(task_id, hotspot_id, application_id) = 1);
{{else}}
PRAGMA writable_schema = ON;
--bun:split
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (source IN (''plan'', ''meeting'', ''instruction'', ''hotspot'', ''other''))',
    'CHECK (source IN (''plan'', ''meeting'', ''instruction'', ''hotspot'', ''other'', ''campaign''))')
WHERE type = 'table' AND name = 'tasks';
--bun:split
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK ((task_id IS NULL) <> (hotspot_id IS NULL))',
    'CHECK ((task_id IS NOT NULL) + (hotspot_id IS NOT NULL) + (application_id IS NOT NULL) = 1)')
WHERE type = 'table' AND name = 'attachments';
--bun:split
PRAGMA writable_schema = RESET;
{{end}}
--bun:split
CREATE INDEX tasks_application_idx ON tasks (application_id, indicator);
--bun:split
CREATE INDEX attachments_application_idx ON attachments (application_id, indicator, id);
