package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestCreateTaskRecorded: a create's one write (one statement on
// PostgreSQL) leaves what CreateTask, AddTaskEvent and QueueMailChange
// would: the task with its co-organisers, each organisation's
// participation, the event with the task's and its own ids, and the mail
// change carrying both ids beside a body that names neither. Without mail
// there is no change; a co-organiser that does not exist is ErrInvalid and
// writes nothing.
func TestCreateTaskRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		a, b, c := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance"), db.OrgID(t, "xian-public_security")
		due := calendar.NewDate(2025, 3, 14)
		newTask := func(title string, co []int64) (*domain.Task, *domain.TaskEvent) {
			task := &domain.Task{Title: title, Description: "说明", LeadOrgID: a, CoOrgIDs: co,
				Priority: domain.PriorityUrgent, Source: domain.SourcePlan, Category: "other",
				Status: domain.StatusAssigned, Due: due, DueWorkingDays: 5, AssignedOn: calendar.NewDate(2025, 3, 7),
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			e := &domain.TaskEvent{At: storetest.Now, Actor: "lead", Channel: domain.ChannelWeb,
				Action: domain.EventAssign, Note: "请办理", To: domain.StatusAssigned}
			return task, e
		}
		body := []byte(`{"kind":"task_assigned","event":0,"notice":{}}`)

		task, e := newTask("一次写入", []int64{b, c})
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTaskRecorded(ctx, task, e, body) }); err != nil {
			t.Fatal(err)
		}
		if task.ID == 0 || e.ID == 0 || e.TaskID != task.ID || task.Version != 1 {
			t.Fatalf("ids: task %d (version %d), event %d of task %d", task.ID, task.Version, e.ID, e.TaskID)
		}
		got, events, err := db.TaskWithEvents(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != task.Title || got.Description != "说明" || got.Priority != domain.PriorityUrgent ||
			got.Due != due || got.DueWorkingDays != 5 || !slices.Equal(got.CoOrgIDs, []int64{min(b, c), max(b, c)}) {
			t.Errorf("task read back: %+v (co-organisers %d, %d)", got, b, c)
		}
		if len(events) != 1 || events[0].ID != e.ID || events[0].Note != "请办理" || events[0].To != domain.StatusAssigned ||
			events[0].Channel != domain.ChannelWeb || !events[0].At.Equal(storetest.Now) {
			t.Errorf("events read back: %+v, want the one event %d", events, e.ID)
		}
		for _, org := range []int64{a, b, c} {
			list, err := db.Tasks(ctx, domain.TaskScope{OrgID: org}, domain.TaskFilter{}, domain.Page{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].ID != task.ID {
				t.Errorf("organisation %d lists %d tasks, want the task %d", org, len(list), task.ID)
			}
		}
		changes := takeMailChanges(t, db)
		if len(changes) != 1 || changes[0].TaskID != task.ID || changes[0].EventID != e.ID ||
			string(changes[0].Body) != string(body) || !changes[0].At.Equal(storetest.Now) {
			t.Fatalf("mail changes %+v, want one for task %d, event %d", changes, task.ID, e.ID)
		}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.DropMailChanges(ctx, []int64{changes[0].ID}) }); err != nil {
			t.Fatal(err)
		}

		quiet, qe := newTask("无人知会", nil)
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTaskRecorded(ctx, quiet, qe, nil) }); err != nil {
			t.Fatal(err)
		}
		if quiet.ID == 0 || qe.TaskID != quiet.ID {
			t.Fatalf("ids without mail: task %d, event of task %d", quiet.ID, qe.TaskID)
		}
		if changes := takeMailChanges(t, db); len(changes) != 0 {
			t.Fatalf("mail changes without mail: %+v", changes)
		}

		bad, be := newTask("不存在的协办单位", []int64{b, 987654321})
		err = db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTaskRecorded(ctx, bad, be, body) })
		if !errors.Is(err, domain.ErrInvalid) {
			t.Fatalf("unknown co-organiser: %v, want ErrInvalid", err)
		}
		all, err := db.Tasks(ctx, domain.TaskScope{All: true}, domain.TaskFilter{}, domain.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Errorf("%d tasks after the failed create, want 2", len(all))
		}
	})
}

// TestUpdateTaskRecorded: an action's one write (one statement on
// PostgreSQL) moves the task only from the version it read, appends the
// event and records the mail change with both ids; from a stale version it
// is ErrConflict and writes nothing at all.
func TestUpdateTaskRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		a, b := db.OrgID(t, "xian-health"), db.OrgID(t, "xian-finance")
		task := &domain.Task{Title: "办理中", LeadOrgID: a, CoOrgIDs: []int64{b}, Priority: domain.PriorityNormal,
			Source: domain.SourcePlan, Category: "other", Status: domain.StatusAssigned, Due: calendar.NewDate(2025, 3, 14),
			CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		created := &domain.TaskEvent{At: storetest.Now, Actor: "lead", Channel: domain.ChannelWeb,
			Action: domain.EventAssign, To: domain.StatusAssigned}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTaskRecorded(ctx, task, created, nil) }); err != nil {
			t.Fatal(err)
		}
		act := func(tk *domain.Task, prev int, note string) (*domain.TaskEvent, error) {
			e := &domain.TaskEvent{At: storetest.Now, Actor: "dept", Channel: domain.ChannelEmail, Action: "accept",
				Note: note, From: domain.StatusAssigned, To: domain.StatusAccepted}
			return e, db.InTx(ctx, func(tx domain.Tx) error {
				return tx.UpdateTaskRecorded(ctx, tk, prev, e, []byte(`{"kind":"task_accepted","event":0}`))
			})
		}
		stale := *task
		task.Status = domain.StatusAccepted
		e, err := act(task, 1, "已接收")
		if err != nil {
			t.Fatal(err)
		}
		if task.Version != 2 || e.ID == 0 || e.TaskID != task.ID {
			t.Fatalf("after the action: version %d, event %d of task %d", task.Version, e.ID, e.TaskID)
		}
		stale.Status, stale.Title = domain.StatusInProgress, "不该写入"
		if _, err := act(&stale, 1, "晚到"); !errors.Is(err, domain.ErrConflict) || domain.ErrorKey(err) != "task.changed" {
			t.Fatalf("from a stale version: %v, want ErrConflict task.changed", err)
		}
		if stale.Version != 1 {
			t.Errorf("stale task's version %d after the conflict, want 1 as it was", stale.Version)
		}
		got, events, err := db.TaskWithEvents(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Status != domain.StatusAccepted || got.Title != "办理中" {
			t.Errorf("task read back: version %d, %s, %q", got.Version, got.Status, got.Title)
		}
		if len(events) != 2 || events[1].ID != e.ID || events[1].Note != "已接收" || events[1].From != domain.StatusAssigned {
			t.Errorf("events read back: %+v, want the create's and the one action %d", events, e.ID)
		}
		changes := takeMailChanges(t, db)
		if len(changes) != 1 || changes[0].TaskID != task.ID || changes[0].EventID != e.ID {
			t.Fatalf("mail changes %+v, want the one of event %d", changes, e.ID)
		}
	})
}

// takeMailChanges reads the recorded mail changes, up to ten.
func takeMailChanges(t *testing.T, db *storetest.DB) []domain.MailChange {
	t.Helper()
	var changes []domain.MailChange
	err := db.InTx(context.Background(), func(tx domain.Tx) (err error) {
		changes, err = tx.TakeMailChanges(context.Background(), 10, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return changes
}
