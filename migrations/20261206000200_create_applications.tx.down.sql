DROP TABLE titles;
--bun:split
DROP TABLE public_notices;
--bun:split
DROP TABLE application_events;
--bun:split
DROP TABLE campaign_applications;
