-- Typical cases (典型案例) the housing bureaus record for communities, with
-- a publish step, and experience-exchange activities (经验交流活动). Their
-- photos, video and materials are attachments: the attachments' CHECK on
-- their target is relaxed to take case_id and exchange_id, as
-- 20261206000300_campaign_review did for application_id (see there for the
-- SQLite edit). first_published_at is set once, on the first publish: the
-- monthly report lists the cases first published in its month.
CREATE TABLE campaign_cases (
    id {{.ID}},
    community_id BIGINT NOT NULL REFERENCES communities (id),
    org_id BIGINT REFERENCES organizations (id),
    title VARCHAR(400) NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('draft', 'published', 'unpublished')),
    created_by BIGINT REFERENCES users (id),
    creator VARCHAR(100) NOT NULL DEFAULT '',
    first_published_at {{.TS}},
    published_at {{.TS}},
    version INTEGER NOT NULL,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX campaign_cases_status_idx ON campaign_cases (status, id);
--bun:split
CREATE INDEX campaign_cases_community_idx ON campaign_cases (community_id, id);
--bun:split
CREATE INDEX campaign_cases_first_published_idx ON campaign_cases (first_published_at, id);
--bun:split
CREATE TABLE exchange_activities (
    id {{.ID}},
    title VARCHAR(400) NOT NULL,
    held_on {{.Date}} NOT NULL,
    place VARCHAR(400) NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    participants TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id),
    creator VARCHAR(100) NOT NULL DEFAULT '',
    version INTEGER NOT NULL,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX exchange_activities_org_idx ON exchange_activities (org_id, id);
--bun:split
ALTER TABLE attachments ADD COLUMN case_id BIGINT{{if eq .Dialect "pg"}} REFERENCES campaign_cases (id){{end}};
--bun:split
ALTER TABLE attachments ADD COLUMN exchange_id BIGINT{{if eq .Dialect "pg"}} REFERENCES exchange_activities (id){{end}};
--bun:split
{{if eq .Dialect "pg"}}
ALTER TABLE attachments DROP CONSTRAINT attachments_check;
--bun:split
ALTER TABLE attachments ADD CONSTRAINT attachments_check
    CHECK (num_nonnulls(task_id, hotspot_id, application_id, case_id, exchange_id) = 1);
{{else}}
PRAGMA writable_schema = ON;
--bun:split
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK ((task_id IS NOT NULL) + (hotspot_id IS NOT NULL) + (application_id IS NOT NULL) = 1)',
    'CHECK ((task_id IS NOT NULL) + (hotspot_id IS NOT NULL) + (application_id IS NOT NULL) + (case_id IS NOT NULL) + (exchange_id IS NOT NULL) = 1)')
WHERE type = 'table' AND name = 'attachments';
--bun:split
PRAGMA writable_schema = RESET;
{{end}}
--bun:split
CREATE INDEX attachments_case_idx ON attachments (case_id, id);
--bun:split
CREATE INDEX attachments_exchange_idx ON attachments (exchange_id, id);
