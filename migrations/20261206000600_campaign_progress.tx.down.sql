DROP INDEX titles_level_granted_idx;
--bun:split
DROP TABLE campaign_settings;
--bun:split
DROP TABLE community_status_changes;
