package store_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestTaskParticipantsFollowTasks changes tasks the ways the services do
// (create with co-organisers, reassign keeping the old lead, close, move a
// deadline) and checks that every list, an organisation's (which reads
// task_participants) and the bureau's, agrees with the tasks themselves
// under each filter that picks a different index.
func TestTaskParticipantsFollowTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		a, b, c, d := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance"), db.OrgID(t, "xian-public_security"),
			db.OrgID(t, "xian-civil_affairs")
		day := func(n int) calendar.Date { return calendar.NewDate(2025, 3, n) }
		tx := func(fn func(tx domain.Tx) error) {
			t.Helper()
			if err := db.InTx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		create := func(title string, lead int64, co []int64, due calendar.Date) *domain.Task {
			task := &domain.Task{Title: title, LeadOrgID: lead, CoOrgIDs: co, Priority: domain.PriorityNormal,
				Source: domain.SourcePlan, Category: "other", Status: domain.StatusAssigned, Due: due,
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			tx(func(tx domain.Tx) error { return tx.CreateTask(ctx, task) })
			return task
		}
		update := func(task *domain.Task) {
			tx(func(tx domain.Tx) error { return tx.UpdateTask(ctx, task, task.Version) })
		}
		t1 := create("一", a, []int64{b, c}, day(5))
		t2 := create("二", b, nil, day(20))
		t3 := create("三", c, []int64{a}, day(1))
		t4 := create("四", d, []int64{b}, day(3))

		// Reassign t1 from a to c, keeping a as a co-organiser: the services
		// set the co-organisers first, then update the task.
		t1.LeadOrgID, t1.CoOrgIDs = c, []int64{b, a}
		tx(func(tx domain.Tx) error {
			if err := tx.SetTaskCoOrgs(ctx, t1.ID, t1.CoOrgIDs); err != nil {
				return err
			}
			return tx.UpdateTask(ctx, t1, t1.Version)
		})
		t3.Status = domain.StatusClosed
		update(t3)
		t2.Due = day(7)
		update(t2)
		t4.Status = domain.StatusInProgress // no change to what lists read
		update(t4)
		// Co-organisers given to a closed task, and all of a task's taken
		// away: the new participations carry the task's deadline and state
		// as its row holds them now, so d sees t3 closed, never overdue.
		t3.CoOrgIDs = []int64{d, a}
		tx(func(tx domain.Tx) error { return tx.SetTaskCoOrgs(ctx, t3.ID, t3.CoOrgIDs) })
		t4.CoOrgIDs = nil
		tx(func(tx domain.Tx) error { return tx.SetTaskCoOrgs(ctx, t4.ID, nil) })

		tasks := []*domain.Task{t1, t2, t3, t4}
		// The co-organisers on each task's row (co_org_ids) follow
		// SetTaskCoOrgs, read alone and in a list; an update of a task that
		// carries other co-organisers than it has does not change them.
		stale := *t4
		stale.CoOrgIDs = []int64{a, c}
		update(&stale)
		t4.Version = stale.Version
		all, err := db.Tasks(ctx, domain.TaskScope{All: true}, domain.TaskFilter{}, domain.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range tasks {
			want := slices.Sorted(slices.Values(task.CoOrgIDs))
			got, err := db.Task(ctx, task.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.CoOrgIDs, want) {
				t.Errorf("%s: co-organisers %v, want %v", task.Title, got.CoOrgIDs, want)
			}
			for _, l := range all {
				if l.ID == task.ID && !slices.Equal(l.CoOrgIDs, want) {
					t.Errorf("%s listed: co-organisers %v, want %v", task.Title, l.CoOrgIDs, want)
				}
			}
		}
		today := day(10)
		filters := []domain.TaskFilter{
			{}, {Overdue: true},
			{Status: []domain.Status{domain.StatusAssigned}},
			{Status: []domain.Status{domain.StatusClosed}},
			{Status: []domain.Status{domain.StatusInProgress, domain.StatusClosed}},
			{DueFrom: day(3), DueBefore: day(7)}, {DueFrom: day(5)},
		}
		for _, f := range filters {
			f.Today = today
			match := func(task *domain.Task) bool {
				late := task.Status != domain.StatusClosed && task.Due.Before(today)
				return (!f.Overdue || late) && (len(f.Status) == 0 || slices.Contains(f.Status, task.Status)) &&
					(f.DueFrom.IsZero() || !task.Due.Before(f.DueFrom)) && (f.DueBefore.IsZero() || !task.Due.After(f.DueBefore))
			}
			name := fmt.Sprintf("overdue=%v status=%v due=%v..%v", f.Overdue, f.Status, f.DueFrom, f.DueBefore)
			want := titlesWhere(tasks, match)
			if got := listTitles(t, db, domain.TaskScope{All: true}, f); !slices.Equal(got, want) {
				t.Errorf("%s, lead: got %v, want %v", name, got, want)
			}
			for _, o := range []int64{a, b, c, d} {
				want := titlesWhere(tasks, func(task *domain.Task) bool {
					return match(task) && (task.LeadOrgID == o || slices.Contains(task.CoOrgIDs, o))
				})
				if got := listTitles(t, db, domain.TaskScope{OrgID: o}, f); !slices.Equal(got, want) {
					t.Errorf("%s, department %d: got %v, want %v", name, o, got, want)
				}
				g := f
				g.OrgID = o
				if got := listTitles(t, db, domain.TaskScope{All: true}, g); !slices.Equal(got, want) {
					t.Errorf("%s, lead with org filter %d: got %v, want %v", name, o, got, want)
				}
			}
		}
	})
}

// TestCoOrgsMustExist: co-organisers that are no organisation are refused
// as invalid input, on a new task and on an existing one, and leave nothing
// behind.
func TestCoOrgsMustExist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		a, b := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance")
		const nowhere = 987654321
		task := &domain.Task{Title: "一", LeadOrgID: a, CoOrgIDs: []int64{b, nowhere}, Priority: domain.PriorityNormal,
			Source: domain.SourcePlan, Category: "other", Status: domain.StatusAssigned, Due: calendar.NewDate(2025, 3, 5),
			CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTask(ctx, task) })
		if !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("create with co-organiser %d: %v, want ErrInvalid", nowhere, err)
		}
		task.ID, task.CoOrgIDs = 0, []int64{b}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTask(ctx, task) }); err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx domain.Tx) error { return tx.SetTaskCoOrgs(ctx, task.ID, []int64{nowhere}) })
		if !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("set co-organiser %d: %v, want ErrInvalid", nowhere, err)
		}
		if got := listTitles(t, db, domain.TaskScope{OrgID: b}, domain.TaskFilter{}); !slices.Equal(got, []string{"一"}) {
			t.Errorf("after the refused change, %d lists %v, want the task as co-organiser", b, got)
		}
		got, err := db.Task(ctx, task.ID)
		if err != nil || !slices.Equal(got.CoOrgIDs, []int64{b}) {
			t.Errorf("after the refused change, co-organisers %v (%v), want [%d]", got.CoOrgIDs, err, b)
		}
	})
}

// titlesWhere lists the titles of the tasks that match, by due date.
func titlesWhere(tasks []*domain.Task, match func(*domain.Task) bool) []string {
	var out []string
	for _, task := range byDue(tasks) {
		if match(task) {
			out = append(out, task.Title)
		}
	}
	return out
}

func byDue(tasks []*domain.Task) []*domain.Task {
	out := slices.Clone(tasks)
	slices.SortFunc(out, func(x, y *domain.Task) int {
		return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(x.ID, y.ID))
	})
	return out
}

// listTitles reads a list one task per page, so that the cursor is used too.
func listTitles(t *testing.T, db *storetest.DB, scope domain.TaskScope, f domain.TaskFilter) []string {
	t.Helper()
	var out []string
	p := domain.Page{Limit: 1}
	for {
		rows, err := db.Tasks(context.Background(), scope, f, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[:min(len(rows), 1)] {
			out = append(out, r.Title)
		}
		if len(rows) <= 1 {
			return out
		}
		p.After = domain.Cursor{Key: rows[0].Due.String(), ID: rows[0].ID}
	}
}
