DROP TABLE outbox;
--bun:split
ALTER TABLE users DROP COLUMN mail_off;
