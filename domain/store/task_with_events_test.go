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
