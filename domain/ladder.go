package domain

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/domain/calendar"
)

// The supervision ladder (督办) as pure rules: which rung of a
// task's escalation policy is due at an instant. The scheduler's sweep calls
// DueRungs for each open task and, for each Decision, records a system event
// and the done rung and queues one message per recipient, in one transaction.
//
// Decisions, and why:
//   - A rung's day counts in working days from the current deadline on the
//     official calendar (RungDay). An approved extension moves the deadline and
//     so every rung not yet done; rungs already done stay done and are never
//     repeated, even when the new deadline puts them in the future again: the
//     record (留痕) already shows them, and a second "3 days left" about the
//     same task reads as a mistake.
//   - Catch-up, not windows: every rung whose day has come and that is not in
//     the done set is decided, however late, so a missed tick or a server down
//     over a holiday loses nothing. Rerunning a sweep at the same instant, or a
//     second replica doing so, gets nothing more once the first run's done
//     rungs are stored.
//   - Some late rungs are skipped instead of sent, and recorded as skipped so
//     that they are never sent later: a reminder once the deadline has passed
//     (LadderStale); a reminder falling on or before the day the task was
//     assigned, since the assignment mail just said the same (LadderEarly);
//     and a rung when a later rung of the same step is due at the same sweep,
//     or a later rung of any step is already done (LadderSuperseded): two
//     reminders, or two urgings, at once are noise, and the ladder never
//     steps back down. Different steps go to different people and each is a
//     fact the report judges, so after downtime urge, supervise and listed
//     all fire, in order.
//   - Ladder mail goes out in working hours only. Outside the send window
//     (WorkingHours, on a working day) DueRungs returns nothing at all, skips
//     included: the one gate keeps a dry run at night from showing anything
//     the morning sweep would not do. A rung falling due at night or over a
//     holiday is thus taken at the next working morning.
//   - The ladder runs while the lead organisation holds the task (assigned,
//     accepted, in progress). Closing stops it. A submitted task waits on the
//     bureau lead, not the department, so urging the department would be
//     wrong: the ladder pauses, and if the task is returned it resumes and
//     catches up.

// LadderStep names a step of the supervision ladder. The order of the
// constants is the order of escalation.
type LadderStep string

// The ladder steps.
const (
	StepRemind    LadderStep = "remind"    // 提醒, before the deadline
	StepUrge      LadderStep = "urge"      // 催办, after it
	StepSupervise LadderStep = "supervise" // 督办
	StepListed    LadderStep = "listed"    // 挂牌督办, named in the next report
)

// LadderSteps returns the steps in escalating order, in a fresh slice.
func LadderSteps() []LadderStep { return []LadderStep{StepRemind, StepUrge, StepSupervise, StepListed} }

// Audience is a group of recipients of a rung's mail; the sweep resolves it
// to addresses.
type Audience string

// The audiences.
const (
	AudienceLeadContact Audience = "lead_contact" // the lead organisation's users and contact address
	AudienceLeadHead    Audience = "lead_head"    // the lead organisation's head
	AudienceCoOrgs      Audience = "co_orgs"      // the co-organisers' contacts
	AudienceAssigner    Audience = "assigner"     // the bureau lead who assigned the task
	AudienceLeadership  Audience = "leadership"   // every leadership user
)

// Audiences returns every audience, in a fresh slice.
func Audiences() []Audience {
	return []Audience{AudienceLeadContact, AudienceLeadHead, AudienceCoOrgs, AudienceAssigner, AudienceLeadership}
}

// The range of a rung's offset in working days: six weeks before the
// deadline to three months after it.
const (
	MinRungOffset = -30
	MaxRungOffset = 60
)

// Rung is one step of a policy. OffsetWorkingDays places it relative to the
// deadline: -3 is the third working day before it, +1 the first working day
// after it (RungDay). Template names the mail kind sent to each recipient.
// ListInReport names the task in the next supervision report.
type Rung struct {
	Step              LadderStep
	OffsetWorkingDays int
	Audiences         []Audience
	Template          string
	ListInReport      bool
}

// ID names the rung uniquely within its policy, and in a task's done set:
// the step and the signed offset, as in "remind-3" or "urge+1". Two rungs of
// one step are told apart by their offsets, which a valid policy keeps
// distinct. Moving a rung to a later offset therefore makes it a new rung,
// which tasks that had it at the old offset get again when it falls due;
// moving it earlier does not (DueRungs never steps back down).
func (r Rung) ID() string { return fmt.Sprintf("%s%+d", r.Step, r.OffsetWorkingDays) }

// Policy is the ladder for the tasks of one priority: data an admin edits,
// its rungs ordered by offset.
type Policy struct {
	Priority Priority
	Rungs    []Rung
}

// DefaultPolicies returns the ladders the server starts with, one per
// priority (normal, high, urgent), as fresh copies.
//
// Normal follows the province's supervision practice: reminders 3 and 1 working days ahead, urging
// the contact the first working day late, formal supervision to the head and
// the assigning lead at 3 days late, listed supervision to leadership at 10.
// High tightens each step by about half. Urgent tasks are often given 1–3
// working days, so a reminder 3 days ahead would fall before assignment:
// one reminder the day before, and the head hears from the first step,
// because an urgent matter needs the head's attention at once. Leadership
// is kept for the listed step in every policy, so that mail to leadership
// always means "listed", and it follows supervision by one day for urgent
// tasks.
func DefaultPolicies() []Policy {
	contact := []Audience{AudienceLeadContact}
	contactHead := []Audience{AudienceLeadContact, AudienceLeadHead}
	headAssigner := []Audience{AudienceLeadHead, AudienceAssigner}
	leadership := []Audience{AudienceLeadership}
	r := func(s LadderStep, k int, a []Audience) Rung {
		return Rung{Step: s, OffsetWorkingDays: k, Audiences: slices.Clone(a),
			Template: "ladder_" + string(s), ListInReport: s == StepListed}
	}
	return []Policy{
		{PriorityNormal, []Rung{r(StepRemind, -3, contact), r(StepRemind, -1, contact), r(StepUrge, 1, contact),
			r(StepSupervise, 3, headAssigner), r(StepListed, 10, leadership)}},
		{PriorityHigh, []Rung{r(StepRemind, -2, contact), r(StepRemind, -1, contact), r(StepUrge, 1, contact),
			r(StepSupervise, 2, headAssigner), r(StepListed, 5, leadership)}},
		{PriorityUrgent, []Rung{r(StepRemind, -1, contactHead), r(StepUrge, 1, contactHead),
			r(StepSupervise, 2, headAssigner), r(StepListed, 3, leadership)}},
	}
}

// Validate checks a policy an admin wrote, reporting the first problem in
// rung order as ErrInvalid: a known priority; at least one rung; offsets
// non-zero (a rung is before or after the deadline, and on the day itself
// a reminder comes too late to act on while an urging would come before the
// task is late), within MinRungOffset..MaxRungOffset and strictly
// increasing; reminders before the deadline and the other steps after it,
// never de-escalating; audiences known, present and not repeated; a template
// name of lower-case letters, digits and underscores; ListInReport only on
// steps after the deadline.
func (p Policy) Validate() error {
	var ps Problems
	ps.Add(!slices.Contains([]Priority{PriorityNormal, PriorityHigh, PriorityUrgent}, p.Priority),
		"ladder.priority_invalid", string(p.Priority))
	ps.Add(len(p.Rungs) == 0, "ladder.rungs_required")
	for i, r := range p.Rungs {
		id, k := r.ID(), r.OffsetWorkingDays
		rank := slices.Index(LadderSteps(), r.Step)
		ps.Add(rank < 0, "ladder.step_invalid", id)
		ps.Add(k == 0, "ladder.offset_zero", id)
		ps.Add(k < MinRungOffset || k > MaxRungOffset, "ladder.offset_range", id, MinRungOffset, MaxRungOffset)
		ps.Add(rank >= 0 && k != 0 && (r.Step == StepRemind) != (k < 0), "ladder.offset_side", id)
		if i > 0 {
			prev := p.Rungs[i-1]
			ps.Add(k <= prev.OffsetWorkingDays, "ladder.offset_order", id, prev.ID())
			ps.Add(rank >= 0 && rank < slices.Index(LadderSteps(), prev.Step), "ladder.step_order", id, prev.ID())
		}
		ps.Add(len(r.Audiences) == 0, "ladder.audience_required", id)
		for j, a := range r.Audiences {
			ps.Add(!slices.Contains(Audiences(), a), "ladder.audience_invalid", id, string(a))
			ps.Add(slices.Contains(r.Audiences[:j], a), "ladder.audience_duplicate", id, string(a))
		}
		ps.Add(!validTemplate(r.Template), "ladder.template_invalid", id)
		ps.Add(r.ListInReport && k < 0, "ladder.list_before_deadline", id)
	}
	return ps.Err()
}

// validTemplate reports whether s can name a mail kind: 1–64 characters
// from a-z, 0-9 and _.
func validTemplate(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// RungDay returns the working day a rung with offset k falls on for a task
// due on due. For k > 0 it is the k-th working day after the deadline, the
// day DaysOverdue reaches k (urge +1 falls on the first working day after
// it). For k < 0 it is the |k|-th working day before the deadline, counting
// back on the calendar: for a deadline on Monday, -1 is the Friday before,
// or a 调休 Sunday when that is worked. For k == 0 it is due itself.
func RungDay(cal *calendar.Calendar, due Date, k int) Date {
	if k >= 0 {
		d, _ := cal.AddWorkingDays(due, k)
		return d
	}
	d := due
	for n := 0; n < -k; {
		d = d.AddDays(-1)
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	return d
}

// LadderAction is what the sweep does with a due rung.
type LadderAction string

// The ladder actions. Both are recorded as the rung done.
const (
	LadderSend LadderAction = "send" // event, and mail to each recipient
	LadderSkip LadderAction = "skip" // event only: the rung is never sent
)

// LadderReason says why a rung is sent or skipped; the notes at the top of
// this file say why each skip exists.
type LadderReason string

// The ladder reasons.
const (
	LadderDue        LadderReason = "due"        // send: its day has come
	LadderStale      LadderReason = "stale"      // skip: a reminder after the deadline passed
	LadderEarly      LadderReason = "early"      // skip: a reminder on or before the assignment day
	LadderSuperseded LadderReason = "superseded" // skip: a later rung is due too, or already done
)

// Decision is what to do with one rung of one task at one sweep.
type Decision struct {
	RungID string
	Rung   Rung
	Action LadderAction
	Reason LadderReason
	// DueOn is the working day the rung falls on (RungDay).
	DueOn Date
	// SendAt is when the rung first became sendable: the opening of the
	// send window on DueOn. It depends only on the task, the policy and the
	// calendar, not on when the sweep ran, so every replica computes the
	// same value; now minus SendAt is how late a caught-up rung is.
	SendAt time.Time
}

// laddering reports whether the ladder runs for t: it has a deadline and
// the lead organisation holds it.
func laddering(t Task) bool {
	return !t.Due.IsZero() && slices.Contains(working, t.Status)
}

// byOffset returns the policy's rungs ordered by offset, so that an
// unsorted policy still yields decisions in escalation order.
func byOffset(p Policy) []Rung {
	rs := slices.Clone(p.Rungs)
	slices.SortStableFunc(rs, func(a, b Rung) int { return cmp.Compare(a.OffsetWorkingDays, b.OffsetWorkingDays) })
	return rs
}

// DueRungs decides which rungs of policy p are due for task t at now and not
// yet in done, the IDs of the rungs already sent or skipped for t. It returns
// them in offset order, or nil when the ladder does not run for t (closed,
// submitted, no deadline) or when the send window (hours, in loc) is closed
// at now. p should be valid (Policy.Validate); loc must not be nil.
func DueRungs(t Task, done map[string]bool, p Policy, cal *calendar.Calendar, loc *time.Location, now time.Time, hours WorkingHours) []Decision {
	hours = hours.orDefault()
	if !laddering(t) || !hours.Open(cal, loc, now) {
		return nil
	}
	today := calendar.DateOf(now, loc)
	assigned := t.AssignedOn
	if assigned.IsZero() && !t.CreatedAt.IsZero() {
		assigned = calendar.DateOf(t.CreatedAt, loc)
	}
	var out []Decision
	for _, r := range byOffset(p) {
		id := r.ID()
		day := RungDay(cal, t.Due, r.OffsetWorkingDays)
		if done[id] || day.After(today) {
			continue
		}
		d := Decision{RungID: id, Rung: r, Action: LadderSend, Reason: LadderDue, DueOn: day,
			SendAt: hours.NextOpen(cal, loc, day.In(loc))}
		switch reminder := r.OffsetWorkingDays < 0; {
		case reminder && today.After(t.Due):
			d.Action, d.Reason = LadderSkip, LadderStale
		case reminder && !assigned.IsZero() && !day.After(assigned):
			d.Action, d.Reason = LadderSkip, LadderEarly
		}
		out = append(out, d)
	}
	supersede(out, done)
	return out
}

// supersede turns into skips the sends that a later rung makes pointless:
// of the rungs of one step due at this sweep only the latest goes out, and
// nothing goes out below the highest rung already done, so that the ladder
// never steps back down. The done rungs are read from their IDs, not looked
// up in the policy, so rungs done under an older version of the policy, or
// under another priority's, count too: an admin who inserts or moves a rung
// does not send tasks already past it back down the ladder.
func supersede(out []Decision, done map[string]bool) {
	highest, found := 0, false
	for id, ok := range done {
		if k, valid := rungOffset(id); ok && valid && (!found || k > highest) {
			highest, found = k, true
		}
	}
	latest := make(map[LadderStep]bool)
	for i := len(out) - 1; i >= 0; i-- {
		d := &out[i]
		if d.Action != LadderSend {
			continue
		}
		if latest[d.Rung.Step] || (found && d.Rung.OffsetWorkingDays < highest) {
			d.Action, d.Reason = LadderSkip, LadderSuperseded
			continue
		}
		latest[d.Rung.Step] = true
	}
}

// NextLadderAt returns the SendAt of t's earliest rung not in done: from
// that instant on, DueRungs has something to decide for t. It returns false
// when the ladder does not run for t or every rung is done. The store keeps
// it per open task and recomputes it whenever the task's status, deadline or
// done set changes, so that a sweep selects only the tasks it concerns with
// an indexed "next_ladder_at <= now" instead of scanning every open task.
func NextLadderAt(t Task, done map[string]bool, p Policy, cal *calendar.Calendar, loc *time.Location, hours WorkingHours) (time.Time, bool) {
	if !laddering(t) {
		return time.Time{}, false
	}
	for _, r := range byOffset(p) {
		if !done[r.ID()] {
			day := RungDay(cal, t.Due, r.OffsetWorkingDays)
			return hours.orDefault().NextOpen(cal, loc, day.In(loc)), true
		}
	}
	return time.Time{}, false
}

// rungOffset reads the offset back from a rung ID such as "urge+1".
func rungOffset(id string) (int, bool) {
	i := strings.LastIndexAny(id, "+-")
	if i <= 0 {
		return 0, false
	}
	k, err := strconv.Atoi(id[i:])
	return k, err == nil
}
