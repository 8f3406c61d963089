ALTER TABLE users ADD COLUMN mail_off BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
CREATE TABLE outbox (
    id {{.ID}},
    dedupe_key VARCHAR(400) NOT NULL UNIQUE,
    kind VARCHAR(64) NOT NULL,
    lang VARCHAR(8) NOT NULL DEFAULT 'zh-CN',
    user_id BIGINT REFERENCES users (id),
    org_id BIGINT REFERENCES organizations (id),
    to_addr VARCHAR(320) NOT NULL,
    to_name VARCHAR(200) NOT NULL DEFAULT '',
    task_id BIGINT REFERENCES tasks (id),
    hotspot_id BIGINT REFERENCES hotspots (id),
    payload TEXT NOT NULL,
    essential BOOLEAN NOT NULL DEFAULT FALSE,
    status VARCHAR(16) NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{.TS}} NOT NULL,
    lease_until {{.TS}},
    last_error TEXT NOT NULL DEFAULT '',
    message_id VARCHAR(300) NOT NULL DEFAULT '',
    raw {{.Blob}},
    created_at {{.TS}} NOT NULL,
    sent_at {{.TS}}
);
--bun:split
-- The relay's claim: due messages in order. Sent and failed rows drop out.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status IN ('queued', 'sending');
--bun:split
CREATE INDEX outbox_task_idx ON outbox (task_id);
--bun:split
CREATE INDEX outbox_status_idx ON outbox (status, id);
