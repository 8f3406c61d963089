DROP INDEX campaign_applications_reassess_idx;
--bun:split
DROP INDEX public_notices_from_idx;
--bun:split
DROP TABLE title_spot_checks;
--bun:split
DROP TABLE notice_objections;
