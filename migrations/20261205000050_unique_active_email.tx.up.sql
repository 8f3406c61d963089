-- Replies are matched to users by sender, so an address may belong to one
-- active user only. Where existing data breaks that, the oldest account
-- keeps the address and the later ones are deactivated, each with an audit
-- row, so that an admin can sort them out (give them their own addresses
-- and reactivate them).
INSERT INTO audit_log (at, actor, action, target, detail, channel)
SELECT CURRENT_TIMESTAMP, 'system', 'user.deactivate_duplicate_email', 'user:' || u.id, lower(u.email), 'system'
FROM users u
WHERE u.active AND EXISTS (
    SELECT 1 FROM users o WHERE o.active AND lower(o.email) = lower(u.email) AND o.id < u.id
);
--bun:split
UPDATE users SET active = FALSE
WHERE active AND EXISTS (
    SELECT 1 FROM users o WHERE o.active AND lower(o.email) = lower(users.email) AND o.id < users.id
);
--bun:split
CREATE UNIQUE INDEX users_active_email_key ON users (lower(email)) WHERE active;
