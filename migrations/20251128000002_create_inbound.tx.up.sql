CREATE TABLE inbound_messages (
    id {{.ID}},
    message_id VARCHAR(500) NOT NULL UNIQUE,
    via VARCHAR(8) NOT NULL,
    from_addr VARCHAR(320) NOT NULL DEFAULT '',
    subject VARCHAR(500) NOT NULL DEFAULT '',
    raw {{.Blob}} NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('received', 'applied', 'refused', 'dropped')),
    reason VARCHAR(500) NOT NULL DEFAULT '',
    task_id BIGINT REFERENCES tasks (id),
    received_at {{.TS}} NOT NULL,
    finished_at {{.TS}}
);
--bun:split
CREATE INDEX inbound_messages_status_idx ON inbound_messages (status, id);
--bun:split
CREATE INDEX users_email_idx ON users (email);
