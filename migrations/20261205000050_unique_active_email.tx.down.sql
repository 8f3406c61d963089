DROP INDEX users_active_email_key;
