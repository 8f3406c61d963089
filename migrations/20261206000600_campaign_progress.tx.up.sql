-- Campaign progress (domain/progress.go). community_status_changes is the
-- register's history of who was in it: a row each time a community entered
-- it active or its active flag changed, so "active in the register on D"
-- can be answered for any past D. The rows of one community alternate,
-- starting with active = TRUE, so the count of communities active before an
-- instant is the sum of +1 (active) and -1 (inactive) over the rows before
-- it. Existing communities get a row at their creation and, when inactive
-- now, one at their last update (the best the register knows).
CREATE TABLE community_status_changes (
    id {{.ID}},
    community_id BIGINT NOT NULL REFERENCES communities (id),
    at {{.TS}} NOT NULL,
    active BOOLEAN NOT NULL
);
--bun:split
CREATE INDEX community_status_changes_community_idx ON community_status_changes (community_id, at, id);
--bun:split
CREATE INDEX community_status_changes_at_idx ON community_status_changes (at);
--bun:split
INSERT INTO community_status_changes (community_id, at, active)
SELECT id, created_at, TRUE FROM communities;
--bun:split
INSERT INTO community_status_changes (community_id, at, active)
SELECT id, CASE WHEN updated_at < created_at THEN created_at ELSE updated_at END, FALSE
FROM communities WHERE NOT active;
--bun:split
-- The campaign's settings, one row per saved version: the current settings
-- are the highest version; older versions are the history. No row means
-- the defaults (domain.DefaultCampaignSettings).
CREATE TABLE campaign_settings (
    id {{.ID}},
    version INTEGER NOT NULL UNIQUE,
    target {{if eq .Dialect "pg"}}DOUBLE PRECISION{{else}}REAL{{end}} NOT NULL CHECK (target > 0 AND target <= 1),
    start_on {{.Date}} NOT NULL,
    target_on {{.Date}} NOT NULL,
    changed_by BIGINT REFERENCES users (id),
    created_at {{.TS}} NOT NULL
);
--bun:split
CREATE INDEX titles_level_granted_idx ON titles (level, granted_on);
