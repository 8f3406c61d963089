-- The transaction of POST /api/v1/tasks/{id}/actions {"action":"progress"},
-- statement for statement as the server sends it ("xietong-bench sql"
-- prints it; regenerate this file when that output changes), on the same
-- in-progress tasks the HTTP load acts on: bench_action_pool, which bench.sh
-- fills from "load -pool-out" with each task's organisations. The task is
-- read with its co-organisers, one row each (\aset keeps the last); the
-- UPDATE writes back the row it read, as the server does. The progress note
-- is mailed to the bureau lead who assigned the task; the mail names every
-- organisation of the task, read one by one as the services do (once each:
-- a transaction remembers the organisations it read). A progress report
-- neither moves the deadline nor stops the ladder, so the UPDATE leaves
-- next_ladder_at alone. pgbench
-- reads "::" as a cast, so the dedupe key uses "/" where the server's uses
-- ":"; the mail is due in 2099, so that the server's relay, still running,
-- leaves it alone. Variables: pool, the pool's size.
\set n random(1, :pool)
SELECT task_id AS tid, nco, co1, co2, co3 FROM bench_action_pool WHERE n = :n \gset
BEGIN;
SELECT "t"."id", "t"."title", "t"."description", "t"."lead_org_id", "t"."community_id", "t"."hotspot_id", "t"."priority", "t"."source", "t"."category", "t"."status", "t"."due_date", "t"."due_working_days", "t"."assigned_on", "t"."provisional", "t"."extension_to", "t"."transfer_requested", "t"."created_by", "t"."version", "t"."created_at", "t"."updated_at", "t"."closed_at", "t"."ladder_done", "t"."ladder_step", "t"."listed", "t"."next_ladder_at", c.org_id AS co_org_id FROM "tasks" AS "t" LEFT JOIN task_co_orgs AS c ON c.task_id = t.id WHERE (t.id = :tid) ORDER BY c.org_id \aset
\set next :version + 1
UPDATE "tasks" AS "t" SET "title" = ':title', "description" = '', "lead_org_id" = :lead_org_id, "community_id" = NULLIF(':community_id', '')::bigint, "priority" = ':priority', "source" = ':source', "category" = ':category', "status" = 'in_progress', "due_date" = ':due_date', "due_working_days" = NULLIF(':due_working_days', '')::int, "provisional" = ':provisional'::boolean, "extension_to" = NULL, "transfer_requested" = FALSE, "version" = :next, "updated_at" = '2026-11-26 13:05:03.928339+00:00', "closed_at" = DEFAULT WHERE (id = :tid) AND (version = :version);
INSERT INTO "task_events" ("id", "task_id", "at", "actor_id", "actor", "actor_org_id", "channel", "action", "note", "from_status", "to_status", "internal") VALUES (DEFAULT, :tid, '2026-11-26 13:05:03.928339+00:00', 2, 'bench-dept', :lead_org_id, 'api', 'progress', '压力测试进展', 'in_progress', 'in_progress', FALSE) RETURNING id \gset ev_
SELECT "user_row"."id", "user_row"."username", "user_row"."display_name", "user_row"."email", "user_row"."role", "user_row"."org_id", "user_row"."community_id", "user_row"."lang", "user_row"."active", "user_row"."mail_off", "user_row"."password_hash", "user_row"."created_at", "user_row"."updated_at" FROM "users" AS "user_row" WHERE (id = :created_by) \gset a_
SELECT "org_row"."id", "org_row"."code", "org_row"."name", "org_row"."name_en", "org_row"."type", "org_row"."region", "org_row"."level", "org_row"."contact_email", "org_row"."head_name", "org_row"."head_email", "org_row"."active", "org_row"."created_at", "org_row"."updated_at" FROM "organizations" AS "org_row" WHERE (id = :lead_org_id) \gset ln_
\if :nco >= 1
SELECT "org_row"."id", "org_row"."code", "org_row"."name", "org_row"."name_en", "org_row"."type", "org_row"."region", "org_row"."level", "org_row"."contact_email", "org_row"."head_name", "org_row"."head_email", "org_row"."active", "org_row"."created_at", "org_row"."updated_at" FROM "organizations" AS "org_row" WHERE (id = :co1);
\endif
\if :nco >= 2
SELECT "org_row"."id", "org_row"."code", "org_row"."name", "org_row"."name_en", "org_row"."type", "org_row"."region", "org_row"."level", "org_row"."contact_email", "org_row"."head_name", "org_row"."head_email", "org_row"."active", "org_row"."created_at", "org_row"."updated_at" FROM "organizations" AS "org_row" WHERE (id = :co2);
\endif
\if :nco >= 3
SELECT "org_row"."id", "org_row"."code", "org_row"."name", "org_row"."name_en", "org_row"."type", "org_row"."region", "org_row"."level", "org_row"."contact_email", "org_row"."head_name", "org_row"."head_email", "org_row"."active", "org_row"."created_at", "org_row"."updated_at" FROM "organizations" AS "org_row" WHERE (id = :co3);
\endif
INSERT INTO "outbox" AS "outbox_row" ("id", "dedupe_key", "kind", "lang", "user_id", "org_id", "to_addr", "to_name", "task_id", "hotspot_id", "payload", "essential", "status", "attempts", "next_attempt_at", "lease_until", "last_error", "message_id", "raw", "created_at", "sent_at") VALUES (DEFAULT, 'task/:tid/event/:ev_id/:a_email', 'task_note', 'zh-CN', :a_id, DEFAULT, ':a_email', ':a_display_name', :tid, DEFAULT, '{"TaskID": :tid,"TaskTitle":":title","TaskStatus":"in_progress","Priority":":priority","LeadOrg":":ln_name","CoOrgs":[],"Community":"","DueDate":":due_date","WorkingDaysLeft":10,"Provisional":false,"Actor":"联络员","ActorOrg":":ln_name","Note":"压力测试进展","Action":"progress","NewDueDate":"","RecipientName":":a_display_name","Role":"","HotspotID":0,"HotspotTitle":"","Reason":"","Link":""}', FALSE, 'queued', 0, '2099-01-01 00:00:00+00:00', DEFAULT, '', '', NULL, '2026-11-26 13:05:03.928339+00:00', DEFAULT) ON CONFLICT (dedupe_key) DO NOTHING RETURNING "id", "org_id", "hotspot_id", "lease_until", "sent_at";
COMMIT;
