CREATE TABLE users (
    id {{.ID}},
    username VARCHAR(64) NOT NULL UNIQUE,
    display_name VARCHAR(200) NOT NULL DEFAULT '',
    email VARCHAR(320) NOT NULL,
    role VARCHAR(16) NOT NULL CHECK (role IN ('admin', 'lead', 'department', 'community', 'leadership')),
    org_id BIGINT REFERENCES organizations (id),
    community_id BIGINT REFERENCES communities (id),
    lang VARCHAR(8) NOT NULL DEFAULT 'zh-CN',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash VARCHAR(200) NOT NULL,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL,
    CHECK ((role = 'department') = (org_id IS NOT NULL)),
    CHECK ((role = 'community') = (community_id IS NOT NULL))
);
--bun:split
CREATE INDEX users_org_idx ON users (org_id);
--bun:split
CREATE INDEX users_community_idx ON users (community_id);
--bun:split
CREATE TABLE api_tokens (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash CHAR(64) NOT NULL UNIQUE,
    kind VARCHAR(16) NOT NULL,
    name VARCHAR(100) NOT NULL DEFAULT '',
    created_at {{.TS}} NOT NULL,
    expires_at {{.TS}} NOT NULL,
    revoked_at {{.TS}},
    last_used_at {{.TS}}
);
--bun:split
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
--bun:split
CREATE TABLE login_throttles (
    key VARCHAR(200) PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure {{.TS}} NOT NULL,
    locked_until {{.TS}}
);
--bun:split
CREATE TABLE audit_log (
    id {{.ID}},
    at {{.TS}} NOT NULL,
    actor_id BIGINT,
    actor VARCHAR(100) NOT NULL DEFAULT '',
    action VARCHAR(64) NOT NULL,
    target VARCHAR(200) NOT NULL DEFAULT '',
    detail VARCHAR(1000) NOT NULL DEFAULT '',
    ip VARCHAR(64) NOT NULL DEFAULT '',
    channel VARCHAR(16) NOT NULL DEFAULT 'system'
);
--bun:split
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
--bun:split
CREATE TABLE settings (
    key VARCHAR(100) PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at {{.TS}} NOT NULL
);
