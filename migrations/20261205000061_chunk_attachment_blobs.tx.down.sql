CREATE TABLE attachment_blobs (
    attachment_id BIGINT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
    data {{.Blob}} NOT NULL
);
--bun:split
{{if eq .Dialect "pg"}}
INSERT INTO attachment_blobs (attachment_id, data)
SELECT attachment_id, string_agg(data, ''::bytea ORDER BY seq) FROM attachment_chunks GROUP BY attachment_id;
{{else}}
INSERT INTO attachment_blobs (attachment_id, data)
SELECT attachment_id, CAST(group_concat(data, '') AS BLOB)
FROM (SELECT attachment_id, data FROM attachment_chunks ORDER BY attachment_id, seq) GROUP BY attachment_id;
{{end}}
--bun:split
DROP TABLE attachment_chunks;
