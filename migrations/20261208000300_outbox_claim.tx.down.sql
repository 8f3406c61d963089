{{if eq .Dialect "pg"}}ALTER TABLE outbox RESET (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold){{else}}SELECT 1{{end}};
--bun:split
DROP INDEX outbox_status_idx;
--bun:split
CREATE INDEX outbox_status_idx ON outbox (status, id);
--bun:split
DROP INDEX outbox_leased_idx;
--bun:split
DROP INDEX outbox_due_idx;
--bun:split
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status IN ('queued', 'sending');
