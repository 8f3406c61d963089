-- task_participants lists, for every task, each organisation that may see it:
-- the lead (lead = TRUE) and every co-organiser, with the task's deadline and
-- whether it is closed. It is how a department's list is read at the scale of
-- a province: one index range in due-date order per organisation, instead of
-- "lead_org_id = ? OR EXISTS (co-organiser)", which no index can serve and
-- which scanned the whole tasks table (BENCHMARKS.md, issue 3).
--
-- Only triggers write it, so that no code path can forget to: a task's
-- insert adds its lead row, an update of its lead, status or deadline moves
-- its rows, and the co-organiser rows follow task_co_orgs. The key includes
-- lead because a reassignment that keeps the old lead as a co-organiser adds
-- that co-organiser row before the update that moves the lead row away.
CREATE TABLE task_participants (
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    lead BOOLEAN NOT NULL,
    closed BOOLEAN NOT NULL,
    due_date {{.Date}} NOT NULL,
    PRIMARY KEY (task_id, org_id, lead)
);
--bun:split
INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
SELECT id, lead_org_id, TRUE, status = 'closed', due_date FROM tasks;
--bun:split
INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
SELECT c.task_id, c.org_id, FALSE, t.status = 'closed', t.due_date
FROM task_co_orgs c JOIN tasks t ON t.id = c.task_id;
--bun:split
-- An organisation's tasks by due date, and its open ones (the overdue list).
CREATE INDEX task_participants_org_due_idx ON task_participants (org_id, due_date, task_id);
--bun:split
CREATE INDEX task_participants_org_open_due_idx ON task_participants (org_id, due_date, task_id) WHERE NOT closed;
--bun:split
-- Every task by due date, and every open one, for leads who see all tasks.
CREATE INDEX tasks_due_idx ON tasks (due_date, id);
--bun:split
CREATE INDEX tasks_open_due_idx ON tasks (due_date, id) WHERE status <> 'closed';
--bun:split
-- Every action rewrites its task's row. Room left on each page lets
-- PostgreSQL put the new version beside the old one (a HOT update) and skip
-- the seven indexes of tasks whenever no indexed column changed, as in
-- "progress" and notes. SQLite updates in place and has no such setting.
{{if eq .Dialect "pg"}}ALTER TABLE tasks SET (fillfactor = 85){{else}}SELECT 1{{end}};
--bun:split
{{if eq .Dialect "pg"}}
CREATE FUNCTION task_participants_task_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
    VALUES (NEW.id, NEW.lead_org_id, TRUE, NEW.status = 'closed', NEW.due_date);
    RETURN NULL;
END
$$;
--bun:split
CREATE TRIGGER task_participants_task_insert AFTER INSERT ON tasks
    FOR EACH ROW EXECUTE FUNCTION task_participants_task_insert();
--bun:split
CREATE FUNCTION task_participants_task_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE task_participants
    SET closed = NEW.status = 'closed', due_date = NEW.due_date,
        org_id = CASE WHEN lead THEN NEW.lead_org_id ELSE org_id END
    WHERE task_id = NEW.id;
    RETURN NULL;
END
$$;
--bun:split
CREATE TRIGGER task_participants_task_update AFTER UPDATE OF lead_org_id, status, due_date ON tasks
    FOR EACH ROW WHEN (OLD.lead_org_id <> NEW.lead_org_id OR OLD.status <> NEW.status OR OLD.due_date <> NEW.due_date)
    EXECUTE FUNCTION task_participants_task_update();
--bun:split
CREATE FUNCTION task_participants_co_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
    SELECT NEW.task_id, NEW.org_id, FALSE, t.status = 'closed', t.due_date FROM tasks t WHERE t.id = NEW.task_id;
    RETURN NULL;
END
$$;
--bun:split
CREATE TRIGGER task_participants_co_insert AFTER INSERT ON task_co_orgs
    FOR EACH ROW EXECUTE FUNCTION task_participants_co_insert();
--bun:split
CREATE FUNCTION task_participants_co_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_participants WHERE task_id = OLD.task_id AND org_id = OLD.org_id AND NOT lead;
    RETURN NULL;
END
$$;
--bun:split
CREATE TRIGGER task_participants_co_delete AFTER DELETE ON task_co_orgs
    FOR EACH ROW EXECUTE FUNCTION task_participants_co_delete();
{{else}}
CREATE TRIGGER task_participants_task_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
    VALUES (NEW.id, NEW.lead_org_id, TRUE, NEW.status = 'closed', NEW.due_date);
END;
--bun:split
CREATE TRIGGER task_participants_task_update AFTER UPDATE OF lead_org_id, status, due_date ON tasks
    WHEN OLD.lead_org_id <> NEW.lead_org_id OR OLD.status <> NEW.status OR OLD.due_date <> NEW.due_date
BEGIN
    UPDATE task_participants
    SET closed = NEW.status = 'closed', due_date = NEW.due_date,
        org_id = CASE WHEN lead THEN NEW.lead_org_id ELSE org_id END
    WHERE task_id = NEW.id;
END;
--bun:split
CREATE TRIGGER task_participants_co_insert AFTER INSERT ON task_co_orgs
BEGIN
    INSERT INTO task_participants (task_id, org_id, lead, closed, due_date)
    SELECT NEW.task_id, NEW.org_id, FALSE, t.status = 'closed', t.due_date FROM tasks t WHERE t.id = NEW.task_id;
END;
--bun:split
CREATE TRIGGER task_participants_co_delete AFTER DELETE ON task_co_orgs
BEGIN
    DELETE FROM task_participants WHERE task_id = OLD.task_id AND org_id = OLD.org_id AND NOT lead;
END;
{{end}}
