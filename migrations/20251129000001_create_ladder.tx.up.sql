-- The supervision ladder's state on each task (domain/ladder.go):
--   ladder_done     the IDs of the rungs sent or skipped, comma-separated in
--                   the order they were done ("remind-3,remind-1,urge+1");
--   ladder_step     the highest step sent ('' for none), for lists and reports;
--   listed          under listed supervision (挂牌督办): named in the next report;
--   next_ladder_at  when the sweep should next look at the task: NULL while the
--                   ladder does not run for it (closed, submitted, every rung
--                   done). A change that moves the deadline or starts or stops
--                   the ladder sets it to the change's time so that the next
--                   sweep reconsiders the task; the sweep then
--                   stores the instant its next rung falls due. The sweep reads
--                   one index range "next_ladder_at <= now", never all tasks.
-- Only the sweep writes ladder_done, ladder_step and listed.
ALTER TABLE tasks ADD COLUMN ladder_done VARCHAR(1000) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE tasks ADD COLUMN ladder_step VARCHAR(16) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE tasks ADD COLUMN listed BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
ALTER TABLE tasks ADD COLUMN next_ladder_at {{.TS}};
--bun:split
UPDATE tasks SET next_ladder_at = updated_at WHERE status IN ('assigned', 'accepted', 'in_progress');
--bun:split
CREATE INDEX tasks_next_ladder_idx ON tasks (next_ladder_at, id) WHERE next_ladder_at IS NOT NULL;
--bun:split
-- The escalation policy per priority, as an admin last saved it; a priority
-- without a row uses the built-in default (domain.DefaultPolicies).
CREATE TABLE ladder_policies (
    priority VARCHAR(16) PRIMARY KEY CHECK (priority IN ('normal', 'high', 'urgent')),
    rungs TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by BIGINT REFERENCES users (id),
    updated_at {{.TS}} NOT NULL
);
