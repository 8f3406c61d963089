DROP INDEX users_email_idx;
--bun:split
DROP TABLE inbound_messages;
