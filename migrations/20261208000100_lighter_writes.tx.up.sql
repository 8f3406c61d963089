-- What a create and the mail relay write, made lighter (BENCHMARKS.md,
-- "Third round").
--
-- Most tasks belong to no community, hot-spot or application (meetings,
-- plans, instructions): their indexes on those columns now hold only the
-- rows that have one, so a create no longer adds three entries of NULL.
-- Every query on them asks for one value (col = $1), which implies NOT NULL,
-- so the partial indexes serve them as before; so do the foreign keys'
-- checks when a community, hot-spot or application is deleted.
DROP INDEX tasks_community_idx;
--bun:split
CREATE INDEX tasks_community_idx ON tasks (community_id) WHERE community_id IS NOT NULL;
--bun:split
DROP INDEX tasks_hotspot_idx;
--bun:split
CREATE INDEX tasks_hotspot_idx ON tasks (hotspot_id) WHERE hotspot_id IS NOT NULL;
--bun:split
DROP INDEX tasks_application_idx;
--bun:split
CREATE INDEX tasks_application_idx ON tasks (application_id, indicator) WHERE application_id IS NOT NULL;
--bun:split
-- The text of each sent message (10-20 KB) is compressed by PostgreSQL as
-- it is stored; lz4 does it at a fraction of the default pglz's CPU, for a
-- few per cent more space. A server built without lz4 keeps pglz.
{{if eq .Dialect "pg"}}
DO $$
BEGIN
    ALTER TABLE outbox ALTER COLUMN raw SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 not available: outbox.raw stays compressed with pglz';
END $$;
{{else}}SELECT 1{{end}};
--bun:split
-- The outbox is a queue: every message is inserted, claimed and recorded,
-- and each of those leaves a dead row version and dead entries in the index
-- the relay walks. Vacuumed after 1,000 of them plus 1 % of the table
-- instead of the default 20 %, the walk stays short on a table of millions.
{{if eq .Dialect "pg"}}ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000){{else}}SELECT 1{{end}};
--bun:split
-- A participation's organisation is its task's lead (tasks.lead_org_id) or
-- one of its co-organisers (task_co_orgs.org_id), copied by the triggers;
-- both of those are checked against organizations already. Checking the
-- copy again cost each create three more row locks on organizations.
-- (SQLite cannot drop a constraint without rebuilding the table; there the
-- check stays, and costs no lock.)
{{if eq .Dialect "pg"}}ALTER TABLE task_participants DROP CONSTRAINT task_participants_org_id_fkey{{else}}SELECT 1{{end}};
