-- mail_changes.event_id: the event a change is about, in a column of its own.
--
-- A task's create writes the task, its co-organisers, its event and its
-- mail change in one statement on PostgreSQL (BENCHMARKS.md, issue 15,
-- twenty-first round), so the change's body is written before the
-- database has given the task and the event their ids: the row carries
-- them instead, and the relay reads them from here when the body has
-- none. Rows written before have the event in their body and 0 here.
ALTER TABLE mail_changes ADD COLUMN event_id BIGINT NOT NULL DEFAULT 0;
