package domain

import (
	"context"
	"errors"
	"slices"
	"time"

	"xietong/domain/calendar"
)

// Ladder mail kinds: the templates a rung may name.
const (
	MailLadderRemind    = "ladder_remind"
	MailLadderUrge      = "ladder_urge"
	MailLadderSupervise = "ladder_supervise"
	MailLadderListed    = "ladder_listed"
)

// LadderTemplates returns the mail kinds a rung's Template may name, in a
// fresh slice.
func LadderTemplates() []string {
	return []string{MailLadderRemind, MailLadderUrge, MailLadderSupervise, MailLadderListed}
}

// Ladder event actions, recorded on the task as system events.
const (
	// EventLadderPrefix + step is a rung sent: "ladder_urge"; the note is
	// the rung's ID.
	EventLadderPrefix = "ladder_"
	// EventLadderSkipped is a rung recorded as done without mail; the note
	// is the rung's ID and the reason, as in "remind-1 stale".
	EventLadderSkipped = "ladder_skipped"
)

// SupervisionService runs the supervision ladder over the open tasks: the
// sweep the scheduler calls at 09:00 and 15:00 on working days, and
// `xietong supervise --at`. It also keeps the escalation policies.
//
// A sweep is safe to run at any time, any number of times, in any number of
// processes at once: it reads only the tasks whose next_ladder_at has come
// (Task.LadderDone holds what is done), locks each batch (SKIP LOCKED on
// PostgreSQL, so that two sweeps share the work instead of waiting), and
// commits each task's events, mail and new ladder state together. A process
// that dies mid-sweep loses at most its open batch's transaction, which the
// next sweep redoes from the stored state: no step half done, none lost.
type SupervisionService struct {
	Store    SupervisionStore
	Calendar *CalendarService
	Location *time.Location
	Hours    WorkingHours
	Now      func() time.Time
	// Batch is how many tasks one transaction takes; 0 means 500.
	Batch int
}

// SweepStep is one decision a sweep took (or, dry, would take).
type SweepStep struct {
	TaskID     int64
	Title      string
	LeadOrg    string
	Priority   Priority
	Due        Date
	RungID     string
	Step       LadderStep
	Action     LadderAction
	Reason     LadderReason
	Recipients []string // the addresses mailed; empty for a skip
}

// SweepResult says what a sweep did.
type SweepResult struct {
	At       time.Time
	DryRun   bool
	Open     bool // the send window was open at At; when false nothing was looked at
	Tasks    int  // tasks looked at
	Sent     int  // rungs sent
	Skipped  int  // rungs recorded as skipped
	Messages int  // messages queued
	Steps    []SweepStep
}

// Sweep decides and takes every ladder rung due at now. With dryRun it
// changes nothing and reports what it would do. Outside the send window it
// does nothing at all (see DueRungs).
func (s *SupervisionService) Sweep(ctx context.Context, now time.Time, dryRun bool) (SweepResult, error) {
	res := SweepResult{At: now, DryRun: dryRun}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return res, err
	}
	if !s.Hours.Open(cal, s.Location, now) {
		return res, nil
	}
	res.Open = true
	policies, err := s.policyMap(ctx)
	if err != nil {
		return res, err
	}
	return s.sweep(ctx, cal, now, dryRun, policies, nil, res)
}

// sweep runs the batches of a sweep under policies. prep, when set, runs
// first in each batch's transaction (a preview's pretend save).
func (s *SupervisionService) sweep(ctx context.Context, cal *calendar.Calendar, now time.Time, dryRun bool,
	policies map[Priority]Policy, prep func(tx Tx) error, res SweepResult) (SweepResult, error) {
	var err error
	batch := s.Batch
	if batch <= 0 {
		batch = 500
	}
	var after LadderCursor
	// The recipients and organisations are read once per sweep, not per
	// batch: a province has a hundred-odd organisations and thousands of
	// tasks to chase.
	sw := &sweeper{svc: s, cal: cal, now: now, policies: policies, dry: dryRun, res: &res,
		recipients: map[string][]recipient{}, orgs: map[int64]Organization{}}
	for {
		var n int
		work := func(tx Tx) error {
			if prep != nil {
				if err := prep(tx); err != nil {
					return err
				}
			}
			tasks, err := tx.DueLadderTasks(ctx, now, after, batch, !dryRun)
			if err != nil {
				return err
			}
			n = len(tasks)
			if n == 0 {
				return nil
			}
			last := tasks[n-1]
			after = LadderCursor{At: last.nextLadderAt, ID: last.ID}
			sw.q = tx
			return sw.tasks(ctx, tx, tasks)
		}
		if dryRun {
			// A dry run reads in a transaction it rolls back; it takes no
			// locks and the sweeper calls no writes when dry.
			err = s.Store.InTx(ctx, func(tx Tx) error {
				if err := work(tx); err != nil {
					return err
				}
				return errDryRun
			})
			if errors.Is(err, errDryRun) {
				err = nil
			}
		} else {
			err = s.Store.InTx(ctx, work)
		}
		if err != nil {
			return res, err
		}
		if n < batch {
			return res, nil
		}
	}
}

// LadderCursor pages the sweep's selection by (next_ladder_at, id).
type LadderCursor struct {
	At time.Time
	ID int64
}

// LadderTask is a task the sweep selected, with the instant it was due.
type LadderTask struct {
	Task
	nextLadderAt time.Time
}

// NewLadderTask is how the store builds a LadderTask.
func NewLadderTask(t Task, nextLadderAt time.Time) LadderTask {
	return LadderTask{Task: t, nextLadderAt: nextLadderAt}
}

// TaskLadder is one task's new ladder state.
type TaskLadder struct {
	TaskID int64
	LadderState
}

// stepRank orders steps; "" ranks below every step.
func stepRank(s LadderStep) int { return slices.Index(LadderSteps(), s) }

// LadderState is what a sweep stores for a task: its done rungs, highest
// step sent, listed flag, and when to look at it next (zero: never, until
// the task changes).
type LadderState struct {
	Done   []string
	Step   LadderStep
	Listed bool
	NextAt time.Time
}
