CREATE TABLE organizations (
    id {{.ID}},
    code VARCHAR(64) NOT NULL UNIQUE,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(300) NOT NULL DEFAULT '',
    type VARCHAR(40) NOT NULL,
    region VARCHAR(64) NOT NULL,
    level VARCHAR(16) NOT NULL,
    contact_email VARCHAR(320) NOT NULL DEFAULT '',
    head_name VARCHAR(100) NOT NULL DEFAULT '',
    head_email VARCHAR(320) NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX organizations_type_region_idx ON organizations (type, region);
--bun:split
CREATE INDEX organizations_region_idx ON organizations (region);
--bun:split
CREATE TABLE communities (
    id {{.ID}},
    code VARCHAR(64) NOT NULL UNIQUE,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(300) NOT NULL DEFAULT '',
    region VARCHAR(64) NOT NULL,
    city VARCHAR(100) NOT NULL,
    county VARCHAR(100) NOT NULL DEFAULT '',
    scale VARCHAR(32) NOT NULL,
    pilot BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{.TS}} NOT NULL,
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX communities_region_idx ON communities (region);
--bun:split
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    source VARCHAR(500) NOT NULL DEFAULT '',
    updated_at {{.TS}} NOT NULL
);
--bun:split
CREATE TABLE calendar_days (
    day {{.Date}} PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
    kind VARCHAR(16) NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name VARCHAR(100) NOT NULL DEFAULT '',
    name_en VARCHAR(100) NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX calendar_days_year_idx ON calendar_days (year);
