package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"xietong/domain"
)

// sqlCmd creates one task and takes two actions on it through the real
// services, printing every statement the store sends: the transactions that
// pgbench/create.sql and pgbench/action.sql reproduce. Run it after a change
// to the store and compare.
func sqlCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	fs.SetOutput(out)
	dsn := fs.String("db", getenv("XIETONG_DATABASE_URL"), "PostgreSQL URL")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	st, rec, err := openRecorded(*dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	var lead domain.User
	var uid int64
	if err := st.DB.NewRaw("SELECT id FROM users WHERE role IN ('lead', 'admin') ORDER BY username = 'bench-lead' DESC, role = 'lead' DESC, id LIMIT 1").
		Scan(ctx, &uid); err != nil {
		return fmt.Errorf("a lead or admin user is needed: %w", err)
	}
	if lead, err = st.User(ctx, uid); err != nil {
		return err
	}
	var orgs []int64
	if err := st.DB.NewSelect().Table("organizations").Column("id").Order("id").Limit(3).Scan(ctx, &orgs); err != nil {
		return err
	}
	if len(orgs) < 3 {
		return fmt.Errorf("the catalogue is not loaded")
	}
	now := time.Now
	cal := &domain.CalendarService{Store: st, Now: now}
	tasks := &domain.TaskService{Store: st, Now: now, Calendar: cal, Location: shanghai()}
	if _, err := cal.Calendar(ctx); err != nil { // cached by the server; not part of a request
		return err
	}
	// The department user generate adds, so that mail to the assigner is
	// queued as it is under load; any other id when there is none.
	dept := domain.Actor{UserID: lead.ID + 1, Username: "dept", Role: domain.RoleDepartment, OrgID: orgs[0], Channel: domain.ChannelAPI}
	if u, err := st.UserByUsername(ctx, fmt.Sprintf("bench-dept-%d", orgs[0])); err == nil {
		dept = domain.ActorOf(u, domain.ChannelAPI, "")
	}
	rec.take()
	a := domain.Actor{UserID: lead.ID, Username: lead.Username, Role: lead.Role, Channel: domain.ChannelAPI}
	t, err := tasks.Create(ctx, a, domain.CreateTask{Title: "pgbench 督办事项", LeadOrgID: orgs[0],
		CoOrgIDs: []int64{orgs[1], orgs[2]}, DueInWorkingDays: 10, Priority: domain.PriorityNormal})
	if err != nil {
		return err
	}
	print := func(title string) {
		fmt.Fprintf(out, "-- %s\n", title)
		for _, q := range rec.take() {
			fmt.Fprintf(out, "%s;\n", q)
		}
		fmt.Fprintln(out)
	}
	print("create (lead organisation and two co-organisers)")
	if _, err := tasks.Act(ctx, dept, t.ID, domain.TaskCommand{Action: domain.ActAccept}); err != nil {
		return err
	}
	print("action: accept")
	if _, err := tasks.Act(ctx, dept, t.ID, domain.TaskCommand{Action: domain.ActProgress, Note: "进展"}); err != nil {
		return err
	}
	print("action: progress")
	if _, err := tasks.Task(ctx, a, t.ID); err != nil {
		return err
	}
	print("get one task with its record")
	return nil
}
