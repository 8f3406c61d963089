-- What an applied reply said (a hash of its command, note and attachments),
-- so that the same reply re-sent under a new Message-ID is recognised as a
-- repeat for its task and sender within the configured window.
ALTER TABLE inbound_messages ADD COLUMN content_hash VARCHAR(64) NOT NULL DEFAULT '';
--bun:split
CREATE INDEX inbound_messages_content_idx ON inbound_messages (task_id, from_addr, content_hash, received_at);
