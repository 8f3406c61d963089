CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_hash VARCHAR(64) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    body {{.Blob}},
    created_at {{.TS}} NOT NULL,
    expires_at {{.TS}} NOT NULL,
    PRIMARY KEY (user_id, key_hash)
);
