CREATE TABLE task_co_orgs (
    task_id BIGINT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (task_id, org_id)
);
--bun:split
CREATE INDEX task_co_orgs_org_idx ON task_co_orgs (org_id, task_id);
--bun:split
INSERT INTO task_co_orgs (task_id, org_id) SELECT task_id, org_id FROM task_participants WHERE NOT lead;
--bun:split
{{if eq .Dialect "pg"}}
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
