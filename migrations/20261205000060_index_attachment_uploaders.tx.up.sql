CREATE INDEX attachments_uploader_org_idx ON attachments (uploader_org_id, size);
--bun:split
CREATE INDEX attachments_uploaded_by_idx ON attachments (uploaded_by, size);
