-- Campaign applications (创建申报, domain.Application), their record, and
-- the public notice (公示) an accepted one gets. city_code and region_code
-- are the community's when the application opened (the reviewing city);
-- scores are NULL until given. A community has at most one open
-- application per level (the partial unique index); version guards
-- concurrent steps.
CREATE TABLE campaign_applications (
    id {{.ID}},
    community_id BIGINT NOT NULL REFERENCES communities (id),
    city_code VARCHAR(16) NOT NULL,
    region_code VARCHAR(16) NOT NULL,
    level VARCHAR(16) NOT NULL CHECK (level IN ('city', 'province')),
    standard_id BIGINT NOT NULL REFERENCES standards (id),
    status VARCHAR(16) NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'scored', 'recommended',
        'inspected', 'accepted', 'publicized', 'named', 'rejected', 'withdrawn')),
    self_score {{if eq .Dialect "pg"}}DOUBLE PRECISION{{else}}REAL{{end}},
    city_score {{if eq .Dialect "pg"}}DOUBLE PRECISION{{else}}REAL{{end}},
    province_score {{if eq .Dialect "pg"}}DOUBLE PRECISION{{else}}REAL{{end}},
    veto_failed BOOLEAN NOT NULL DEFAULT FALSE,
    reassessment_of BIGINT,
    opened_by BIGINT REFERENCES users (id),
    submitted_at {{.TS}},
    decided_at {{.TS}},
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX campaign_applications_open_idx ON campaign_applications (community_id, level)
    WHERE status NOT IN ('named', 'rejected', 'withdrawn');
--bun:split
CREATE INDEX campaign_applications_status_idx ON campaign_applications (status, id);
--bun:split
CREATE INDEX campaign_applications_city_idx ON campaign_applications (city_code, status, id);
--bun:split
CREATE INDEX campaign_applications_community_idx ON campaign_applications (community_id, id);
--bun:split
CREATE TABLE application_events (
    id {{.ID}},
    application_id BIGINT NOT NULL REFERENCES campaign_applications (id),
    at {{.TS}} NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    actor VARCHAR(100) NOT NULL DEFAULT '',
    actor_org_id BIGINT REFERENCES organizations (id),
    channel VARCHAR(16) NOT NULL,
    action VARCHAR(16) NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    from_status VARCHAR(16) NOT NULL DEFAULT '',
    to_status VARCHAR(16) NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX application_events_application_idx ON application_events (application_id, id);
--bun:split
-- from_on and to_on are civil dates in Asia/Shanghai, both inclusive.
CREATE TABLE public_notices (
    id {{.ID}},
    application_id BIGINT NOT NULL REFERENCES campaign_applications (id),
    community_id BIGINT NOT NULL REFERENCES communities (id),
    city_code VARCHAR(16) NOT NULL,
    level VARCHAR(16) NOT NULL CHECK (level IN ('city', 'province')),
    score {{if eq .Dialect "pg"}}DOUBLE PRECISION{{else}}REAL{{end}} NOT NULL,
    from_on {{.Date}} NOT NULL,
    to_on {{.Date}} NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('open', 'named', 'stopped')),
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX public_notices_application_idx ON public_notices (application_id);
--bun:split
CREATE INDEX public_notices_status_idx ON public_notices (status, to_on, id);
--bun:split
-- Titles (称号) and their history: a row is never deleted; ended_on is the
-- day an expired, revoked or re-assessed title stopped being valid.
CREATE TABLE titles (
    id {{.ID}},
    community_id BIGINT NOT NULL REFERENCES communities (id),
    city_code VARCHAR(16) NOT NULL,
    application_id BIGINT REFERENCES campaign_applications (id),
    level VARCHAR(16) NOT NULL CHECK (level IN ('city', 'province')),
    certificate_no VARCHAR(64) NOT NULL,
    granted_on {{.Date}} NOT NULL,
    expires_on {{.Date}} NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('active', 'expired', 'revoked')),
    ended_on {{.Date}},
    reason TEXT NOT NULL DEFAULT '',
    revoked_by BIGINT REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX titles_certificate_idx ON titles (certificate_no);
--bun:split
CREATE INDEX titles_community_idx ON titles (community_id, level, status);
--bun:split
CREATE INDEX titles_status_idx ON titles (status, expires_on, id);
--bun:split
CREATE INDEX titles_city_idx ON titles (city_code, status, id);
