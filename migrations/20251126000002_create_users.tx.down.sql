DROP TABLE settings;
--bun:split
DROP TABLE audit_log;
--bun:split
DROP TABLE login_throttles;
--bun:split
DROP TABLE api_tokens;
--bun:split
DROP TABLE users;
