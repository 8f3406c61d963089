-- The transaction of POST /api/v1/tasks with two co-organisers, statement
-- for statement as the server sends it: "xietong-bench sql" prints it from
-- the real services; regenerate this file when that output changes. The
-- server sends each statement with parameters and pgx prepares it once per
-- connection, so pgbench runs this in prepared mode (-M prepared) to match;
-- the values the server passes as parameters are pgbench variables or
-- expressions here. It reads the three organisations in one statement,
-- then writes the task, its co-organisers, its event and the assignment's
-- mail as one row of mail_changes (who hears of it, what the notice says,
-- the task's and the event's ids in columns of the row) in one more; the
-- server's relay turns that row into a message per recipient later, in a
-- transaction of its own. The row goes into bench_mail_changes, a copy of
-- mail_changes that bench.sh makes, so that the server's relay, still
-- running, leaves it alone. Variables: lead_user, the id of bench-lead.
\set lead random(1, 110)
\set co1 1 + (:lead - 1 + random(1, 54)) % 110
\set co2 1 + (:lead - 1 + random(55, 109)) % 110
BEGIN;
SELECT "org_row"."id", "org_row"."code", "org_row"."name", "org_row"."name_en", "org_row"."type", "org_row"."region", "org_row"."level", "org_row"."contact_email", "org_row"."head_name", "org_row"."head_email", "org_row"."active", "org_row"."created_at", "org_row"."updated_at" FROM unnest(CAST(ARRAY[:lead, :co1, :co2] AS BIGINT[])) AS k(id) CROSS JOIN LATERAL (SELECT * FROM organizations AS o WHERE o.id = k.id OFFSET 0) AS org_row ORDER BY "org_row"."id";
WITH t AS (INSERT INTO tasks ("title", "description", "lead_org_id", "community_id", "hotspot_id", "application_id", "indicator", "priority", "source", "category", "status", "due_date", "due_working_days", "assigned_on", "provisional", "original_due", "extension_to", "transfer_requested", "created_by", "version", "created_at", "updated_at", "closed_at", "accepted_at", "ladder_done", "ladder_step", "listed", "next_ladder_at", "co_org_ids") VALUES ('压力测试督办事项', '', :lead, NULL, NULL, NULL, NULL, 'normal', 'plan', 'other', 'assigned', CURRENT_DATE + 14, 10, CURRENT_DATE, FALSE, NULL, NULL, FALSE, :lead_user, 1, now(), now(), NULL, NULL, '', '', FALSE, now(), CAST(least(:co1, :co2) AS text) || ',' || CAST(greatest(:co1, :co2) AS text)) RETURNING id, status, due_date), p AS (INSERT INTO task_participants (task_id, org_id, lead, closed, due_date) SELECT t.id, o.org_id, FALSE, t.status = 'closed', t.due_date FROM t CROSS JOIN unnest(CAST(ARRAY[:co1, :co2] AS BIGINT[])) AS o (org_id)), e AS (INSERT INTO task_events (task_id, "at", "actor_id", "actor", "actor_org_id", "channel", "action", "note", "from_status", "to_status", "internal") SELECT t.id, CAST(now() AS TIMESTAMPTZ), CAST(:lead_user AS BIGINT), CAST('bench-lead' AS VARCHAR), CAST(NULL AS BIGINT), CAST('api' AS VARCHAR), CAST('assign' AS VARCHAR), CAST('' AS VARCHAR), CAST('' AS VARCHAR), CAST('assigned' AS VARCHAR), CAST(FALSE AS BOOLEAN) FROM t RETURNING id, task_id), m AS (INSERT INTO bench_mail_changes (task_id, event_id, created_at, body) SELECT e.task_id, e.id, CAST(now() AS TIMESTAMPTZ), CAST('{"kind": "task_assigned","essential": true,"event": 0,"notice": {"TaskTitle": "压力测试督办事项","TaskStatus": "assigned","Priority": "normal","DueDate": "2026-12-24","WorkingDaysLeft": 10,"Actor": "bench-lead","Action": "assign"},"orgs": [' || CAST(:lead AS text) || ',' || CAST(:co1 AS text) || ',' || CAST(:co2 AS text) || '],"roles": ["lead","co","co"],"actor": ' || CAST(:lead_user AS text) || ',"lead_org": ' || CAST(:lead AS text) || ',"co_orgs": [' || CAST(:co1 AS text) || ',' || CAST(:co2 AS text) || ']}' AS TEXT) FROM e) SELECT e.task_id, e.id FROM e;
COMMIT;
