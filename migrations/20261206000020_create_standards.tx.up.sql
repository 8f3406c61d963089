-- Campaign standards (创建标准, domain/standard.go): a scoring sheet per
-- name, level, region and version. A draft's indicators are replaced as a
-- whole when it is edited; a published or retired standard is never
-- written again (the service refuses), so applications scored against it
-- keep their meaning. region_code is '' for a province standard.
CREATE TABLE standards (
    id {{.ID}},
    name VARCHAR(200) NOT NULL,
    level VARCHAR(16) NOT NULL CHECK (level IN ('province', 'city')),
    region_code VARCHAR(6) NOT NULL DEFAULT '',
    version INTEGER NOT NULL CHECK (version >= 1),
    status VARCHAR(16) NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    pass_score INTEGER NOT NULL CHECK (pass_score >= 0),
    created_by BIGINT REFERENCES users (id),
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX standards_version_idx ON standards (level, region_code, name, version);
--bun:split
-- One line of a sheet. position keeps the sheet's order; the points per
-- community scale are NULL where the indicator does not apply; assessment
-- lists the methods, comma-separated ("documents,site_visit").
CREATE TABLE standard_indicators (
    standard_id BIGINT NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code VARCHAR(32) NOT NULL,
    dimension VARCHAR(32) NOT NULL CHECK (dimension IN ('self_governance', 'orderly_management', 'services',
        'public_security', 'environment', 'civility')),
    title VARCHAR(200) NOT NULL,
    guidance TEXT NOT NULL DEFAULT '',
    assessment VARCHAR(100) NOT NULL,
    evidence_required BOOLEAN NOT NULL DEFAULT FALSE,
    veto BOOLEAN NOT NULL DEFAULT FALSE,
    points_residential_district INTEGER CHECK (points_residential_district >= 0),
    points_neighborhood INTEGER CHECK (points_neighborhood >= 0),
    points_cluster INTEGER CHECK (points_cluster >= 0),
    PRIMARY KEY (standard_id, position)
);
--bun:split
CREATE UNIQUE INDEX standard_indicators_code_idx ON standard_indicators (standard_id, code);
