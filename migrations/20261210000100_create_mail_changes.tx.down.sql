-- Changes not yet addressed lose their mail: roll back after the relay has
-- emptied the table (SELECT count(*) FROM mail_changes).
DROP TABLE mail_changes;
