-- The transaction of POST /api/v1/tasks/{id}/actions {"action":"progress"},
-- statement for statement as the server sends it ("xietong-bench sql"
-- prints it; regenerate this file when that output changes), on the same
-- in-progress tasks the HTTP load acts on: bench_action_pool, which bench.sh
-- fills from "load -pool-out" with each task's organisations. The server
-- sends each statement with parameters, prepared once per connection, so
-- pgbench runs this in prepared mode (-M prepared); the values the server
-- passes are pgbench variables here. The task is read with its
-- co-organisers (on its row) and the newest event's id; one statement then
-- writes back the row it read (if its version has not moved), appends the
-- event and records the mail, as the server does.
-- The progress note is mailed to the bureau lead who assigned the task:
-- the statement records it as one row of mail_changes, which the
-- server's relay addresses later in a transaction of its own; here the row
-- goes into bench_mail_changes, a copy bench.sh makes, so that the relay,
-- still running, leaves it alone. A progress report neither moves the
-- deadline nor stops the ladder, so the UPDATE leaves next_ladder_at
-- alone. Literals avoid ":name" inside quotes, which pgbench would take for
-- a variable. Variables: pool, the pool's size; lead_user, the id of
-- bench-lead.
\set n random(1, :pool)
SELECT task_id AS tid, nco, co1, co2, co3 FROM bench_action_pool WHERE n = :n \gset
BEGIN;
SELECT t.id, t.title, t.description, t.lead_org_id, t.community_id, t.hotspot_id, t.application_id, t.indicator, t.priority, t.source, t.category, t.status, t.due_date, t.due_working_days, t.assigned_on, t.provisional, t.original_due, t.extension_to, t.transfer_requested, t.created_by, t.version, t.created_at, t.updated_at, t.closed_at, t.accepted_at, t.ladder_done, t.ladder_step, t.listed, t.next_ladder_at, t.co_org_ids, (SELECT max(e.id) FROM task_events AS e WHERE e.task_id = t.id) AS last_event_id FROM tasks AS t WHERE (t.id = :tid) \gset
\set next :version + 1
WITH u AS (UPDATE "tasks" SET "title" = :title, "description" = :description, "lead_org_id" = :lead_org_id, "community_id" = CAST(NULLIF(CAST(:community_id AS text), '') AS bigint), "priority" = :priority, "source" = :source, "category" = :category, "status" = 'in_progress', "due_date" = :due_date, "due_working_days" = CAST(NULLIF(CAST(:due_working_days AS text), '') AS int), "provisional" = :provisional, "original_due" = NULL, "extension_to" = NULL, "transfer_requested" = FALSE, "version" = :next, "updated_at" = now(), "closed_at" = NULL, "accepted_at" = now() WHERE id = :tid AND version = :version RETURNING id), e AS (INSERT INTO task_events (task_id, "at", "actor_id", "actor", "actor_org_id", "channel", "action", "note", "from_status", "to_status", "internal") SELECT u.id, CAST(now() AS TIMESTAMPTZ), CAST(2 AS BIGINT), CAST('bench-dept' AS VARCHAR), CAST(:lead_org_id AS BIGINT), CAST('api' AS VARCHAR), CAST('progress' AS VARCHAR), CAST('压力测试进展' AS VARCHAR), CAST('in_progress' AS VARCHAR), CAST('in_progress' AS VARCHAR), CAST(FALSE AS BOOLEAN) FROM u RETURNING id, task_id), m AS (INSERT INTO bench_mail_changes (task_id, event_id, created_at, body) SELECT e.task_id, e.id, CAST(now() AS TIMESTAMPTZ), CAST('{"kind": "task_note","event": 0,"notice": {"TaskTitle": "压力测试督办事项","TaskStatus": "in_progress","Priority": "normal","DueDate": "2026-12-24","WorkingDaysLeft": 10,"Actor": "bench-dept","Note": "压力测试进展","Action": "progress"},"assigner": ' || CAST(:lead_user AS text) || ',"actor": 2,"lead_org": ' || CAST(:lead_org_id AS text) || ',"actor_org": ' || CAST(:lead_org_id AS text) || '}' AS TEXT) FROM e) SELECT e.id FROM e;
COMMIT;
