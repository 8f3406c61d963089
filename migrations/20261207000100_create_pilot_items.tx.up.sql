-- The pilots' "five ones" (五个一, domain/pilot.go): one row per pilot
-- region (the region code of a city or county where a pilot community
-- lies) and checklist item that has been assigned. The item's owner, due
-- date and status live in its task (source 'campaign'), so the supervision
-- ladder, the reminders and the report count it; its evidence files are
-- the task's attachments. The harmonious-community item is derived from
-- the titles and has no row.
CREATE TABLE pilot_items (
    id {{.ID}},
    region_code VARCHAR(16) NOT NULL,
    item VARCHAR(32) NOT NULL,
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    assigned_by BIGINT REFERENCES users (id),
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL,
    UNIQUE (region_code, item)
);
--bun:split
CREATE INDEX pilot_items_task_idx ON pilot_items (task_id);
