-- One row per scheduled run of a job (notifications/scheduler): the slot is
-- the instant the run was scheduled for, the same on every replica, so the
-- primary key lets exactly one replica claim it (INSERT … ON CONFLICT DO
-- NOTHING). A claim that stays unfinished past the scheduler's lease (its
-- replica died, or the run failed) may be taken over: owner and claimed_at
-- move to the new claimant and attempts grows. finished_at is set only by a
-- successful run; last_error keeps the latest failure.
-- The primary key (job, slot) also serves every query: a job's recent runs
-- and its unfinished slots since a time.
CREATE TABLE job_runs (
    job VARCHAR(64) NOT NULL,
    slot {{.TS}} NOT NULL,
    owner VARCHAR(200) NOT NULL,
    claimed_at {{.TS}} NOT NULL,
    finished_at {{.TS}},
    attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    last_error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job, slot)
);
