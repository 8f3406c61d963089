-- The relay's claim (store.ClaimMail) takes queued messages in the order
-- they fell due and, separately, sending ones whose lease ran out. The due
-- index holds queued messages only, so the claim's walk no longer passes
-- over the messages other relays are sending; those few are found by the
-- index of sending messages' leases.
DROP INDEX outbox_due_idx;
--bun:split
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status = 'queued';
--bun:split
CREATE INDEX outbox_leased_idx ON outbox (lease_until) WHERE status = 'sending';
--bun:split
-- The index by status serves the mail pages' lists of sent and failed
-- messages. It held the queued ones too, and a queue grown faster than the
-- statistics knew (a burst of writes) made PostgreSQL claim through it:
-- every queued message read and sorted for each batch of 50, 29 ms and 8,700
-- blocks a claim with 46,000 queued. Without them the claim can only walk
-- the due index. Lists of queued or sending messages are short and recent.
DROP INDEX outbox_status_idx;
--bun:split
CREATE INDEX outbox_status_idx ON outbox (status, id) WHERE status IN ('sent', 'failed');
--bun:split
{{if eq .Dialect "pg"}}ALTER TABLE outbox SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000){{else}}SELECT 1{{end}};
