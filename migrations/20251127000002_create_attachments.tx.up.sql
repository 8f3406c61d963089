CREATE TABLE attachments (
    id {{.ID}},
    task_id BIGINT REFERENCES tasks (id),
    hotspot_id BIGINT REFERENCES hotspots (id),
    filename VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size BIGINT NOT NULL CHECK (size > 0),
    sha256 CHAR(64) NOT NULL,
    uploaded_by BIGINT REFERENCES users (id),
    uploader VARCHAR(100) NOT NULL DEFAULT '',
    uploader_org_id BIGINT REFERENCES organizations (id),
    channel VARCHAR(16) NOT NULL CHECK (channel IN ('web', 'api', 'email', 'system')),
    created_at {{.TS}} NOT NULL,
    CHECK ((task_id IS NULL) <> (hotspot_id IS NULL))
);
--bun:split
CREATE INDEX attachments_task_idx ON attachments (task_id, id);
--bun:split
CREATE INDEX attachments_hotspot_idx ON attachments (hotspot_id, id);
--bun:split
CREATE TABLE attachment_blobs (
    attachment_id BIGINT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
    data {{.Blob}} NOT NULL
);
