-- mail_changes: a task change whose mail is yet to be addressed.
--
-- A change used to write its messages itself, one outbox row per recipient,
-- after reading the recipients and the names its mail shows: a third of an
-- action's server time and more PostgreSQL time than the task's own update
-- and event together (BENCHMARKS.md, issue 15, nineteenth round). Now it
-- writes one narrow row here, in its own transaction, and the relay (or the
-- outbox's listing) turns a batch of them into their messages in one
-- transaction of its own, reading the names and recipients of the whole
-- batch at once. The row has no index but its key and no foreign key: it
-- lives for the seconds until the relay next looks, and the task it names
-- is the row its transaction has just written.
CREATE TABLE mail_changes (
    id {{.ID}},
    task_id BIGINT NOT NULL,
    created_at {{.TS}} NOT NULL,
    body TEXT NOT NULL
);
