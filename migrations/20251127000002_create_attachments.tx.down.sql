DROP TABLE attachment_blobs;
--bun:split
DROP TABLE attachments;
