DROP TABLE standard_indicators;
--bun:split
DROP TABLE standards;
