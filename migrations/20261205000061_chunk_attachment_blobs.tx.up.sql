CREATE TABLE attachment_chunks (
    attachment_id BIGINT NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 0),
    data {{.Blob}} NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);
--bun:split
INSERT INTO attachment_chunks (attachment_id, seq, data) SELECT attachment_id, 0, data FROM attachment_blobs;
--bun:split
DROP TABLE attachment_blobs;
