DROP TABLE calendar_days;
--bun:split
DROP TABLE calendar_years;
--bun:split
DROP TABLE communities;
--bun:split
DROP TABLE organizations;
