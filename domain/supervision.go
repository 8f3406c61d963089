package domain

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
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

// LadderTemplates lists the mail kinds a rung's Template may name.
var LadderTemplates = []string{MailLadderRemind, MailLadderUrge, MailLadderSupervise, MailLadderListed}

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

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// sweeper carries one batch's state.
type sweeper struct {
	svc        *SupervisionService
	q          Queries
	cal        *calendar.Calendar
	now        time.Time
	policies   map[Priority]Policy
	dry        bool
	res        *SweepResult
	recipients map[string][]recipient
	orgs       map[int64]Organization
}

func (w *sweeper) tasks(ctx context.Context, tx Tx, tasks []LadderTask) error {
	loc, hours := w.svc.Location, w.svc.Hours
	today := calendar.DateOf(w.now, loc)
	// A batch's writes go out together at its end: one insert of its
	// events, one of its mail and one update of its tasks' ladder state.
	var events []TaskEvent
	var mails []OutboxMessage
	states := make([]TaskLadder, 0, len(tasks))
	for _, lt := range tasks {
		t := lt.Task
		w.res.Tasks++
		p, ok := w.policies[t.Priority]
		if !ok {
			p = w.policies[PriorityNormal]
		}
		done := make(map[string]bool, len(t.LadderDone))
		for _, id := range t.LadderDone {
			done[id] = true
		}
		decisions := DueRungs(t, done, p, w.cal, loc, w.now, hours)
		doneList, step, listed := slices.Clone(t.LadderDone), t.LadderStep, t.Listed
		for _, d := range decisions {
			lead, err := w.org(ctx, t.LeadOrgID)
			if err != nil {
				return err
			}
			st := SweepStep{TaskID: t.ID, Title: t.Title, LeadOrg: lead.Name, Priority: t.Priority, Due: t.Due,
				RungID: d.RungID, Step: d.Rung.Step, Action: d.Action, Reason: d.Reason}
			e := TaskEvent{TaskID: t.ID, At: w.now, Channel: ChannelSystem, From: t.Status, To: t.Status}
			if d.Action == LadderSkip {
				e.Action, e.Note, e.Internal = EventLadderSkipped, d.RungID+" "+string(d.Reason), true
				w.res.Skipped++
			} else {
				e.Action, e.Note = EventLadderPrefix+string(d.Rung.Step), d.RungID
				w.res.Sent++
				if stepRank(d.Rung.Step) > stepRank(step) {
					step = d.Rung.Step
				}
				listed = listed || d.Rung.ListInReport
				msgs, err := w.mail(ctx, t, d, today, listed)
				if err != nil {
					return err
				}
				for _, m := range msgs {
					st.Recipients = append(st.Recipients, m.To)
				}
				w.res.Messages += len(msgs)
				mails = append(mails, msgs...)
			}
			doneList = append(doneList, d.RungID)
			done[d.RungID] = true
			events = append(events, e)
			w.res.Steps = append(w.res.Steps, st)
		}
		next, _ := NextLadderAt(t, done, p, w.cal, loc, hours)
		states = append(states, TaskLadder{TaskID: t.ID,
			LadderState: LadderState{Done: doneList, Step: step, Listed: listed, NextAt: next}})
	}
	if w.dry {
		return nil
	}
	if err := tx.AddTaskEvents(ctx, events); err != nil {
		return err
	}
	if err := tx.EnqueueMails(ctx, mails); err != nil {
		return err
	}
	return tx.SaveLadders(ctx, states)
}

// TaskLadder is one task's new ladder state.
type TaskLadder struct {
	TaskID int64
	LadderState
}

// stepRank orders steps; "" ranks below every step.
func stepRank(s LadderStep) int { return slices.Index(LadderSteps, s) }

// LadderState is what a sweep stores for a task: its done rungs, highest
// step sent, listed flag, and when to look at it next (zero: never, until
// the task changes).
type LadderState struct {
	Done   []string
	Step   LadderStep
	Listed bool
	NextAt time.Time
}

func (w *sweeper) org(ctx context.Context, id int64) (Organization, error) {
	if o, ok := w.orgs[id]; ok {
		return o, nil
	}
	o, err := w.q.Organization(ctx, id)
	if err != nil {
		return Organization{}, err
	}
	w.orgs[id] = o
	return o, nil
}

// audience resolves one audience of a rung for task t, caching per batch.
func (w *sweeper) audience(ctx context.Context, t Task, a Audience) ([]recipient, error) {
	switch a {
	case AudienceLeadContact:
		return w.cached(ctx, "org:"+itoa(t.LeadOrgID), func() ([]recipient, error) {
			return orgRecipients(ctx, w.q, t.LeadOrgID, "lead")
		})
	case AudienceLeadHead:
		o, err := w.org(ctx, t.LeadOrgID)
		if err != nil || o.HeadEmail == "" {
			return nil, err
		}
		return []recipient{{orgID: o.ID, addr: o.HeadEmail, name: o.Name, lang: "zh-CN", role: "head", mailOn: true}}, nil
	case AudienceCoOrgs:
		var out []recipient
		for _, co := range t.CoOrgIDs {
			rs, err := w.cached(ctx, "co:"+itoa(co), func() ([]recipient, error) {
				return orgRecipients(ctx, w.q, co, "co")
			})
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
		return out, nil
	case AudienceAssigner:
		return w.cached(ctx, "user:"+itoa(t.CreatedBy), func() ([]recipient, error) {
			rs, err := userRecipient(ctx, w.q, t.CreatedBy)
			for i := range rs {
				rs[i].role = "assigner"
			}
			return rs, err
		})
	case AudienceLeadership:
		return w.cached(ctx, "leadership", func() ([]recipient, error) {
			active := true
			users, err := w.q.Users(ctx, UserFilter{Role: RoleLeadership, Active: &active}, Page{Limit: MaxPageSize})
			var out []recipient
			for _, u := range users {
				out = append(out, recipient{userID: u.ID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
					role: "leadership", mailOn: true})
			}
			return out, err
		})
	}
	return nil, nil
}

func (w *sweeper) cached(ctx context.Context, key string, load func() ([]recipient, error)) ([]recipient, error) {
	if rs, ok := w.recipients[key]; ok {
		return rs, nil
	}
	rs, err := load()
	if err != nil {
		return nil, err
	}
	w.recipients[key] = rs
	return rs, nil
}

// mail builds one message per recipient of a sent rung. Ladder mail is
// essential: supervision reaches users who turned optional mail off.
func (w *sweeper) mail(ctx context.Context, t Task, d Decision, today Date, listed bool) ([]OutboxMessage, error) {
	var rs []recipient
	for _, a := range d.Rung.Audiences {
		more, err := w.audience(ctx, t, a)
		if err != nil {
			return nil, err
		}
		rs = append(rs, more...)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	lead, err := w.org(ctx, t.LeadOrgID)
	if err != nil {
		return nil, err
	}
	n := Notice{TaskID: t.ID, TaskTitle: t.Title, TaskStatus: string(t.Status), Priority: string(t.Priority),
		DueDate: t.Due.String(), Provisional: t.Provisional, LeadOrg: lead.Name, HotspotID: t.HotspotID,
		Step: string(d.Rung.Step), Listed: listed, WorkingDaysLeft: w.cal.WorkingDaysBetween(today, t.Due)}
	for _, co := range t.CoOrgIDs {
		o, err := w.org(ctx, co)
		if err != nil {
			return nil, err
		}
		n.CoOrgs = append(n.CoOrgs, o.Name)
	}
	kind := d.Rung.Template
	if !slices.Contains(LadderTemplates, kind) {
		kind = EventLadderPrefix + string(d.Rung.Step)
	}
	var out []OutboxMessage
	seen := map[string]bool{}
	for _, r := range rs {
		if r.addr == "" || seen[r.addr] {
			continue
		}
		seen[r.addr] = true
		n.RecipientName, n.Role = r.name, r.role
		out = append(out, OutboxMessage{DedupeKey: "ladder:" + itoa(t.ID) + ":" + d.RungID + ":" + r.addr,
			Kind: kind, Lang: r.lang, UserID: r.userID, OrgID: r.orgID, To: r.addr, ToName: r.name,
			TaskID: t.ID, HotspotID: t.HotspotID, Payload: n.Encode(), Essential: true,
			Status: OutboxQueued, NextAttemptAt: w.now, CreatedAt: w.now})
	}
	return out, nil
}

// Policies returns the escalation policy of each priority: the stored one,
// or the default (DefaultPolicies) where none is stored.
func (s *SupervisionService) Policies(ctx context.Context, a Actor) ([]StoredPolicy, error) {
	if err := Require(a, PermReadReports); err != nil && !Allowed(a, PermManagePolicies) {
		return nil, err
	}
	return s.policies(ctx)
}

// StoredPolicy is a policy with its provenance.
type StoredPolicy struct {
	Policy
	Default   bool // no admin has saved one: the built-in default
	Version   int
	UpdatedBy int64
	UpdatedAt time.Time
}

func (s *SupervisionService) policies(ctx context.Context) ([]StoredPolicy, error) {
	stored, err := s.Store.LadderPolicies(ctx)
	if err != nil {
		return nil, err
	}
	var out []StoredPolicy
	for _, p := range DefaultPolicies() {
		sp := StoredPolicy{Policy: p, Default: true}
		for _, st := range stored {
			if st.Priority == p.Priority {
				sp = st
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

func (s *SupervisionService) policyMap(ctx context.Context) (map[Priority]Policy, error) {
	ps, err := s.policies(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[Priority]Policy, len(ps))
	for _, p := range ps {
		m[p.Priority] = p.Policy
	}
	return m, nil
}

// SavePolicy stores an admin's policy for one priority after validating it,
// and marks the open tasks of that priority for the next sweep, which
// recomputes when each next falls due. prevVersion guards against two
// admins editing at once (0: no stored policy yet).
func (s *SupervisionService) SavePolicy(ctx context.Context, a Actor, p Policy, prevVersion int) (StoredPolicy, error) {
	if err := Require(a, PermManagePolicies); err != nil {
		return StoredPolicy{}, err
	}
	if err := p.Validate(); err != nil {
		return StoredPolicy{}, err
	}
	for _, r := range p.Rungs {
		if !slices.Contains(LadderTemplates, r.Template) {
			return StoredPolicy{}, Invalid("ladder.template_unknown", r.ID(), r.Template)
		}
	}
	sp := StoredPolicy{Policy: p, Version: prevVersion + 1, UpdatedBy: a.UserID}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		sp.UpdatedAt = now
		if err := tx.PutLadderPolicy(ctx, &sp, prevVersion); err != nil {
			return err
		}
		n, err := tx.TouchLadder(ctx, p.Priority, now)
		if err != nil {
			return err
		}
		detail, _ := json.Marshal(p.Rungs)
		e := auditOf(a, now, "ladder.policy_save", "ladder_policy:"+string(p.Priority),
			string(detail)+" tasks="+strconv.Itoa(n))
		return tx.AddAudit(ctx, &e)
	})
	return sp, err
}

// ResetPolicy drops an admin's policy for a priority, going back to the
// default.
func (s *SupervisionService) ResetPolicy(ctx context.Context, a Actor, pr Priority) error {
	if err := Require(a, PermManagePolicies); err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		if err := tx.DeleteLadderPolicy(ctx, pr); err != nil {
			return err
		}
		if _, err := tx.TouchLadder(ctx, pr, now); err != nil {
			return err
		}
		e := auditOf(a, now, "ladder.policy_reset", "ladder_policy:"+string(pr), "")
		return tx.AddAudit(ctx, &e)
	})
}
