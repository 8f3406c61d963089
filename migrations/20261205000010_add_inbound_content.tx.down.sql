DROP INDEX inbound_messages_content_idx;
--bun:split
ALTER TABLE inbound_messages DROP COLUMN content_hash;
