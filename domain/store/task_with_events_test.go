package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestTaskWithEvents: the one-statement read of a task and its record gives
// what Task and TaskEvents give apart, for a task with a record, one
// without, and none at all.
func TestTaskWithEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		lead, co := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance")
		create := func(title string, events int) int64 {
			t.Helper()
			task := &domain.Task{Title: title, Description: "说明", LeadOrgID: lead, CoOrgIDs: []int64{co},
				Priority: domain.PriorityHigh, Source: domain.SourcePlan, Category: "other", Status: domain.StatusAssigned,
				Due: calendar.NewDate(2025, 3, 14), CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			err := db.InTx(ctx, func(tx domain.Tx) error {
				if err := tx.CreateTask(ctx, task); err != nil {
					return err
				}
				for i := range events {
					e := domain.TaskEvent{TaskID: task.ID, At: storetest.Now.Add(time.Duration(i) * time.Minute),
						Actor: "王建国", ActorOrgID: lead, Channel: domain.ChannelWeb, Action: "note",
						Note: "第" + string(rune('一'+i)) + "条", From: domain.StatusAssigned, To: domain.StatusAssigned,
						Internal: i == 1}
					if err := tx.AddTaskEvent(ctx, &e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return task.ID
		}
		for _, c := range []struct {
			name   string
			events int
		}{{"with a record", 3}, {"without one", 0}} {
			id := create(c.name, c.events)
			want, err := db.Task(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			wantEvents, err := db.TaskEvents(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			got, gotEvents, err := db.TaskWithEvents(ctx, id)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: task\n got %+v\nwant %+v", c.name, got, want)
			}
			if len(gotEvents) != c.events || !reflect.DeepEqual(gotEvents, wantEvents) {
				t.Errorf("%s: events\n got %+v\nwant %+v", c.name, gotEvents, wantEvents)
			}
		}
		if _, _, err := db.TaskWithEvents(ctx, 987654); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("unknown task: %v, want ErrNotFound", err)
		}
	})
}

// TestReadPathsAgree reads the same tasks outside a transaction (on
// PostgreSQL through pgx's own rows) and inside one (through database/sql's),
// every nullable column both empty and set, and wants the same values.
func TestReadPathsAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		lead, co := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance")
		later := storetest.Now.Add(36 * time.Hour)
		bare := &domain.Task{Title: "简", LeadOrgID: lead, Priority: domain.PriorityNormal, Source: domain.SourcePlan,
			Category: "other", Status: domain.StatusAssigned, Due: calendar.NewDate(2025, 3, 5),
			CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		full := &domain.Task{Title: "全 <&> \"引号\"", Description: "说明\n第二行", LeadOrgID: lead,
			CoOrgIDs: []int64{co}, Indicator: "3.2", Priority: domain.PriorityUrgent, Source: domain.SourceHotspot,
			Category: "safety", Status: domain.StatusClosed, Due: calendar.NewDate(2025, 3, 6), DueWorkingDays: 10,
			AssignedOn: calendar.NewDate(2025, 2, 20), Provisional: true, OriginalDue: calendar.NewDate(2025, 3, 1),
			ExtensionTo: calendar.NewDate(2025, 3, 20), TransferRequested: true, Version: 1,
			CreatedAt: storetest.Now, UpdatedAt: later, ClosedAt: later, AcceptedAt: storetest.Now.Add(time.Hour)}
		if err := db.InTx(ctx, func(tx domain.Tx) error {
			for _, task := range []*domain.Task{bare, full} {
				if err := tx.CreateTask(ctx, task); err != nil {
					return err
				}
			}
			return tx.AddTaskEvent(ctx, &domain.TaskEvent{TaskID: full.ID, At: later, ActorID: 0, Actor: "甲",
				ActorOrgID: lead, Channel: domain.ChannelEmail, Action: "note", Note: "备注", From: domain.StatusAssigned,
				To: domain.StatusClosed, Internal: true})
		}); err != nil {
			t.Fatal(err)
		}
		read := func(q interface {
			Tasks(context.Context, domain.TaskScope, domain.TaskFilter, domain.Page) ([]domain.TaskDetail, error)
			TaskWithEvents(context.Context, int64) (domain.Task, []domain.TaskEvent, error)
		}) ([]domain.TaskDetail, [][]domain.TaskEvent) {
			t.Helper()
			l, err := q.Tasks(ctx, domain.TaskScope{All: true}, domain.TaskFilter{}, domain.Page{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var evs [][]domain.TaskEvent
			for _, id := range []int64{bare.ID, full.ID} {
				task, es, err := q.TaskWithEvents(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				l = append(l, domain.TaskDetail{Task: task})
				evs = append(evs, es)
			}
			return l, evs
		}
		outside, outEvents := read(db)
		var inside []domain.TaskDetail
		var inEvents [][]domain.TaskEvent
		if err := db.InTx(ctx, func(tx domain.Tx) error { inside, inEvents = read(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(outside) != 4 || !reflect.DeepEqual(outside, inside) || !reflect.DeepEqual(outEvents, inEvents) {
			t.Errorf("outside a transaction:\n%+v\n%+v\ninside:\n%+v\n%+v", outside, outEvents, inside, inEvents)
		}
		if got := outside[3]; got.Indicator != "3.2" || got.DueWorkingDays != 10 || !got.ClosedAt.Equal(later) ||
			got.OriginalDue != full.OriginalDue || len(outEvents[1]) != 1 || !outEvents[1][0].Internal ||
			outEvents[1][0].ActorOrgID != lead {
			t.Errorf("the full task read back as %+v, %+v", got, outEvents[1])
		}
		if got := outside[2]; got.Indicator != "" || got.DueWorkingDays != 0 || !got.ClosedAt.IsZero() ||
			!got.OriginalDue.IsZero() || len(outEvents[0]) != 0 {
			t.Errorf("the bare task read back as %+v, %+v", got, outEvents[0])
		}
	})
}
