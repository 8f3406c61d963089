-- A participation's organisation is checked against organizations again.
-- Migration 20261208000100 dropped the check on PostgreSQL because the
-- co-organisers' rows were copies of task_co_orgs, whose own key checked
-- them; since 20261209000200 the store writes those rows itself, so the
-- check is back where the rows are written (store.CreateTask and
-- store.SetTaskCoOrgs answer ErrInvalid for an organisation that does not
-- exist; TestCoOrgsMustExist). SQLite never dropped it.
{{if eq .Dialect "pg"}}ALTER TABLE task_participants ADD CONSTRAINT task_participants_org_id_fkey FOREIGN KEY (org_id) REFERENCES organizations (id){{else}}SELECT 1{{end}};
