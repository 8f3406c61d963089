-- Objections (异议) the public lodged against a public notice, and spot
-- checks (抽查) of titled communities. An objection keeps the client
-- address only as a keyed hash (client_hash, for rate limiting); its
-- notice's application, community, city and level are copied so that
-- lists filter by scope without a join. Rows are never deleted.
CREATE TABLE notice_objections (
    id {{.ID}},
    notice_id BIGINT NOT NULL REFERENCES public_notices (id),
    application_id BIGINT NOT NULL REFERENCES campaign_applications (id),
    community_id BIGINT NOT NULL REFERENCES communities (id),
    city_code VARCHAR(16) NOT NULL,
    level VARCHAR(16) NOT NULL CHECK (level IN ('city', 'province')),
    content TEXT NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT '',
    contact VARCHAR(400) NOT NULL DEFAULT '',
    client_hash VARCHAR(64) NOT NULL DEFAULT '',
    status VARCHAR(16) NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    note TEXT NOT NULL DEFAULT '',
    resolved_by BIGINT REFERENCES users (id),
    resolved_at {{.TS}},
    created_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX notice_objections_notice_idx ON notice_objections (notice_id, id);
--bun:split
CREATE INDEX notice_objections_status_idx ON notice_objections (status, id);
--bun:split
CREATE INDEX notice_objections_city_idx ON notice_objections (city_code, status, id);
--bun:split
-- checked_on is a civil date in Asia/Shanghai.
CREATE TABLE title_spot_checks (
    id {{.ID}},
    title_id BIGINT NOT NULL REFERENCES titles (id),
    checked_on {{.Date}} NOT NULL,
    inspectors VARCHAR(800) NOT NULL,
    findings TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX title_spot_checks_title_idx ON title_spot_checks (title_id, checked_on, id);
--bun:split
CREATE INDEX public_notices_from_idx ON public_notices (from_on, id);
--bun:split
CREATE INDEX campaign_applications_reassess_idx ON campaign_applications (reassessment_of);
