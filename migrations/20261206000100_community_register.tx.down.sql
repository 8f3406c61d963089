DROP INDEX communities_region_code_idx;
--bun:split
DROP INDEX communities_city_code_idx;
--bun:split
ALTER TABLE communities DROP COLUMN property_company;
--bun:split
ALTER TABLE communities DROP COLUMN property_managed;
--bun:split
ALTER TABLE communities DROP COLUMN households;
--bun:split
ALTER TABLE communities DROP COLUMN housing_type;
--bun:split
ALTER TABLE communities DROP COLUMN address;
--bun:split
ALTER TABLE communities DROP COLUMN city_code;
--bun:split
ALTER TABLE communities DROP COLUMN region_code;
