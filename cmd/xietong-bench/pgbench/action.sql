-- The transaction of POST /api/v1/tasks/{id}/actions {"action":"progress"},
-- statement for statement as the server sends it ("xietong-bench sql"
-- prints it; regenerate this file when that output changes), on the same
-- in-progress tasks the HTTP load acts on: bench_action_pool, which bench.sh
-- fills from "load -pool-out" with each task's organisations. The server
-- sends each statement with parameters, prepared once per connection, so
-- pgbench runs this in prepared mode (-M prepared); the values the server
-- passes are pgbench variables here. The task is read with its
-- co-organisers (on its row) and the newest event's id; the UPDATE writes
-- back the row it read, as the server does.
-- The progress note is mailed to the bureau lead who assigned the task; the
-- mail names every organisation of the task, read in one statement. A
-- progress report neither moves the deadline nor stops the ladder, so the
-- UPDATE leaves next_ladder_at alone. Literals avoid ":name" inside quotes,
-- which pgbench would take for a variable; the mail is due in 2099, so that
-- the server's relay, still running, leaves it alone. Variables: pool, the
-- pool's size.
\set n random(1, :pool)
SELECT task_id AS tid, nco, co1, co2, co3 FROM bench_action_pool WHERE n = :n \gset
BEGIN;
SELECT t.id, t.title, t.description, t.lead_org_id, t.community_id, t.hotspot_id, t.application_id, t.indicator, t.priority, t.source, t.category, t.status, t.due_date, t.due_working_days, t.assigned_on, t.provisional, t.original_due, t.extension_to, t.transfer_requested, t.created_by, t.version, t.created_at, t.updated_at, t.closed_at, t.accepted_at, t.ladder_done, t.ladder_step, t.listed, t.next_ladder_at, t.co_org_ids, (SELECT max(e.id) FROM task_events AS e WHERE e.task_id = t.id) AS last_event_id FROM tasks AS t WHERE (t.id = :tid) \gset
\set next :version + 1
UPDATE "tasks" SET "title" = :title, "description" = :description, "lead_org_id" = :lead_org_id, "community_id" = CAST(NULLIF(CAST(:community_id AS text), '') AS bigint), "priority" = :priority, "source" = :source, "category" = :category, "status" = 'in_progress', "due_date" = :due_date, "due_working_days" = CAST(NULLIF(CAST(:due_working_days AS text), '') AS int), "provisional" = :provisional, "original_due" = NULL, "extension_to" = NULL, "transfer_requested" = FALSE, "version" = :next, "updated_at" = now(), "closed_at" = NULL, "accepted_at" = now() WHERE id = :tid AND version = :version;
INSERT INTO "task_events" ("task_id", "at", "actor_id", "actor", "actor_org_id", "channel", "action", "note", "from_status", "to_status", "internal") VALUES (:tid, now(), 2, 'bench-dept', :lead_org_id, 'api', 'progress', '压力测试进展', 'in_progress', 'in_progress', FALSE) RETURNING id \gset ev_
SELECT "user_row"."id", "user_row"."username", "user_row"."display_name", "user_row"."email", "user_row"."role", "user_row"."org_id", "user_row"."community_id", "user_row"."lang", "user_row"."active", "user_row"."mail_off", "user_row"."password_hash", "user_row"."created_at", "user_row"."updated_at" FROM "users" AS "user_row" WHERE (id = :created_by) \gset a_
SELECT "org_row"."id", "org_row"."code", "org_row"."name", "org_row"."name_en", "org_row"."type", "org_row"."region", "org_row"."level", "org_row"."contact_email", "org_row"."head_name", "org_row"."head_email", "org_row"."active", "org_row"."created_at", "org_row"."updated_at" FROM unnest(CAST(ARRAY[:lead_org_id, :co1, :co2] AS BIGINT[])) AS k(id) CROSS JOIN LATERAL (SELECT * FROM organizations AS o WHERE o.id = k.id OFFSET 0) AS org_row ORDER BY "org_row"."id";
INSERT INTO "outbox" ("dedupe_key", "kind", "lang", "user_id", "org_id", "to_addr", "to_name", "task_id", "hotspot_id", "payload", "essential", "status", "attempts", "next_attempt_at", "lease_until", "claim_token", "last_error", "message_id", "raw", "created_at", "sent_at") VALUES ('task:' || CAST(:tid AS text) || ':' || 'event:' || CAST(:ev_id AS text) || ':' || CAST(:a_email AS text), 'task_note', 'zh-CN', :a_id, NULL, :a_email, :a_display_name, :tid, NULL, '{"TaskID":' || CAST(:tid AS text) || ',"TaskTitle":"' || CAST(:title AS text) || '","TaskStatus":"in_progress","Priority":"normal","LeadOrg":"陕西省住房和城乡建设厅","CoOrgs":["西安市住房和城乡建设局","西安市民政局"],"DueDate":"' || CAST(:due_date AS text) || '","WorkingDaysLeft":10,"Actor":"联络员 1","ActorOrg":"陕西省住房和城乡建设厅","Note":"压力测试进展","Action":"progress","RecipientName":"' || CAST(:a_display_name AS text) || '"}', FALSE, 'queued', 0, '2099-01-01 00:00:00+00', NULL, '', '', '', NULL, now(), NULL) ON CONFLICT (dedupe_key) DO NOTHING;
COMMIT;
