CREATE TABLE hotspots (
    id {{.ID}},
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    community_id BIGINT NOT NULL REFERENCES communities (id),
    category VARCHAR(32) NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN ('reported', 'rejected', 'dispatched', 'awaiting_feedback', 'resolved')),
    reported_by BIGINT REFERENCES users (id),
    reject_reason TEXT NOT NULL DEFAULT '',
    satisfaction VARCHAR(20) NOT NULL DEFAULT '',
    feedback_note TEXT NOT NULL DEFAULT '',
    reopens INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL,
    resolved_at {{.TS}}
);
--bun:split
CREATE INDEX hotspots_community_idx ON hotspots (community_id, id);
--bun:split
CREATE INDEX hotspots_status_idx ON hotspots (status, id);
--bun:split
CREATE TABLE tasks (
    id {{.ID}},
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_org_id BIGINT NOT NULL REFERENCES organizations (id),
    community_id BIGINT REFERENCES communities (id),
    hotspot_id BIGINT REFERENCES hotspots (id),
    priority VARCHAR(16) NOT NULL CHECK (priority IN ('normal', 'high', 'urgent')),
    source VARCHAR(16) NOT NULL CHECK (source IN ('plan', 'meeting', 'instruction', 'hotspot', 'other')),
    category VARCHAR(32) NOT NULL DEFAULT 'other',
    status VARCHAR(16) NOT NULL CHECK (status IN ('assigned', 'accepted', 'in_progress', 'submitted', 'closed')),
    due_date {{.Date}} NOT NULL,
    due_working_days INTEGER,
    assigned_on {{.Date}},
    provisional BOOLEAN NOT NULL DEFAULT FALSE,
    extension_to {{.Date}},
    transfer_requested BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL,
    closed_at {{.TS}}
);
--bun:split
CREATE INDEX tasks_lead_status_due_idx ON tasks (lead_org_id, status, due_date, id);
--bun:split
CREATE INDEX tasks_status_due_idx ON tasks (status, due_date, id);
--bun:split
CREATE INDEX tasks_community_idx ON tasks (community_id);
--bun:split
CREATE INDEX tasks_hotspot_idx ON tasks (hotspot_id);
--bun:split
CREATE TABLE task_co_orgs (
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (task_id, org_id)
);
--bun:split
CREATE INDEX task_co_orgs_org_idx ON task_co_orgs (org_id, task_id);
--bun:split
CREATE TABLE task_events (
    id {{.ID}},
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    at {{.TS}} NOT NULL,
    actor_id BIGINT,
    actor VARCHAR(100) NOT NULL DEFAULT '',
    actor_org_id BIGINT,
    channel VARCHAR(16) NOT NULL CHECK (channel IN ('web', 'api', 'email', 'system')),
    action VARCHAR(32) NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    from_status VARCHAR(16) NOT NULL DEFAULT '',
    to_status VARCHAR(16) NOT NULL DEFAULT '',
    internal BOOLEAN NOT NULL DEFAULT FALSE
);
--bun:split
CREATE INDEX task_events_task_idx ON task_events (task_id, id);
--bun:split
{{if eq .Dialect "pg"}}
CREATE FUNCTION task_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'task events are append-only' USING ERRCODE = 'restrict_violation';
END
$$;
--bun:split
CREATE TRIGGER task_events_append_only BEFORE UPDATE OR DELETE ON task_events
    FOR EACH ROW EXECUTE FUNCTION task_events_append_only();
{{else}}
CREATE TRIGGER task_events_no_update BEFORE UPDATE ON task_events
BEGIN
    SELECT RAISE(ABORT, 'task events are append-only');
END;
--bun:split
CREATE TRIGGER task_events_no_delete BEFORE DELETE ON task_events
BEGIN
    SELECT RAISE(ABORT, 'task events are append-only');
END;
{{end}}
