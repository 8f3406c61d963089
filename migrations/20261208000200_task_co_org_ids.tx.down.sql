ALTER TABLE tasks DROP COLUMN co_org_ids;
