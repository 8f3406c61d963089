-- The register of affordable-housing communities (保障房小区台账,
-- domain.Community): where a community lies as a division or area code,
-- the campaign city derived from it (whose housing bureau maintains it),
-- and the facts the campaign needs. Existing rows get the code of the
-- region they were seeded with; the two pilot communities whose county the
-- notice names get the county's.
ALTER TABLE communities ADD COLUMN region_code VARCHAR(16) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE communities ADD COLUMN city_code VARCHAR(16) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE communities ADD COLUMN address VARCHAR(200) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE communities ADD COLUMN housing_type VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE communities ADD COLUMN households INTEGER NOT NULL DEFAULT 0 CHECK (households >= 0);
--bun:split
ALTER TABLE communities ADD COLUMN property_managed BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
ALTER TABLE communities ADD COLUMN property_company VARCHAR(100) NOT NULL DEFAULT '';
--bun:split
UPDATE communities SET region_code = CASE
    WHEN code = 'hanzhong-minan' THEN '610725'
    WHEN code = 'ankang-zhuerwan' THEN '610922'
    WHEN region = 'xian' THEN '610100'
    WHEN region = 'tongchuan' THEN '610200'
    WHEN region = 'baoji' THEN '610300'
    WHEN region = 'xianyang' THEN '610400'
    WHEN region = 'weinan' THEN '610500'
    WHEN region = 'yanan' THEN '610600'
    WHEN region = 'hanzhong' THEN '610700'
    WHEN region = 'yulin' THEN '610800'
    WHEN region = 'ankang' THEN '610900'
    WHEN region = 'shangluo' THEN '611000'
    WHEN region = 'mianxian' THEN '610725'
    WHEN region = 'shiquan' THEN '610922'
    WHEN region IN ('yangling', 'xixian', 'hancheng') THEN region
    ELSE '' END
WHERE region_code = '';
--bun:split
UPDATE communities SET city_code = CASE
    WHEN region_code IN ('yangling', 'xixian', 'hancheng') THEN region_code
    WHEN region_code = '610403' THEN 'yangling'
    WHEN region_code = '610581' THEN 'hancheng'
    WHEN region_code = '' THEN ''
    ELSE substr(region_code, 1, 4) || '00' END;
--bun:split
CREATE INDEX communities_city_code_idx ON communities (city_code, id);
--bun:split
CREATE INDEX communities_region_code_idx ON communities (region_code, id);
