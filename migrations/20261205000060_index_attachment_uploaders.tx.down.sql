DROP INDEX attachments_uploaded_by_idx;
--bun:split
DROP INDEX attachments_uploader_org_idx;
