package domain

import (
	"slices"
	"time"
)

// Status is where a task stands in its workflow.
type Status string

// The task statuses of the HTTP API.
const (
	StatusAssigned   Status = "assigned"    // 交办
	StatusAccepted   Status = "accepted"    // 签收
	StatusInProgress Status = "in_progress" // 办理中
	StatusSubmitted  Status = "submitted"   // 办结申请
	StatusClosed     Status = "closed"      // 办结
)

// Statuses returns every status in workflow order, in a fresh slice.
func Statuses() []Status {
	return []Status{StatusAssigned, StatusAccepted, StatusInProgress, StatusSubmitted, StatusClosed}
}

// Action is something done to a task; every action is recorded as an event.
type Action string

// The task actions. The first block is the HTTP API's; reject_transfer and
// reopen complete the workflow the issue describes.
const (
	ActAccept           Action = "accept"
	ActProgress         Action = "progress"
	ActSubmit           Action = "submit"
	ActClose            Action = "close"
	ActReturn           Action = "return"
	ActReassign         Action = "reassign"
	ActRequestExtension Action = "request_extension"
	ActApproveExtension Action = "approve_extension"
	ActRejectExtension  Action = "reject_extension"
	ActRequestTransfer  Action = "request_transfer"
	ActRejectTransfer   Action = "reject_transfer"
	ActNote             Action = "note"
	// ActReopen sends a closed task back to work when the reporting
	// community is not satisfied with a hot-spot's resolution.
	ActReopen Action = "reopen"
)

// Actions returns every action, in a fresh slice.
func Actions() []Action {
	return []Action{ActAccept, ActProgress, ActSubmit, ActClose, ActReturn, ActReassign,
		ActRequestExtension, ActApproveExtension, ActRejectExtension, ActRequestTransfer, ActRejectTransfer,
		ActNote, ActReopen}
}

// open are the statuses in which work is still to be done.
var open = []Status{StatusAssigned, StatusAccepted, StatusInProgress, StatusSubmitted}

// working are the statuses in which the lead organisation holds the task.
var working = []Status{StatusAssigned, StatusAccepted, StatusInProgress}

// move is one row of the workflow: the statuses an action is allowed from
// and the status it leads to ("" keeps the status).
type move struct {
	from []Status
	to   Status
}

// moves is the task workflow, the one table every status change reads.
var moves = map[Action]move{
	ActAccept:           {[]Status{StatusAssigned}, StatusAccepted},
	ActProgress:         {[]Status{StatusAccepted, StatusInProgress}, StatusInProgress},
	ActSubmit:           {[]Status{StatusAccepted, StatusInProgress}, StatusSubmitted},
	ActClose:            {[]Status{StatusSubmitted}, StatusClosed},
	ActReturn:           {[]Status{StatusSubmitted}, StatusInProgress},
	ActReassign:         {working, StatusAssigned},
	ActRequestExtension: {working, ""},
	ActApproveExtension: {open, ""},
	ActRejectExtension:  {open, ""},
	ActRequestTransfer:  {working, ""},
	ActRejectTransfer:   {working, ""},
	ActNote:             {Statuses(), ""},
	ActReopen:           {[]Status{StatusClosed}, StatusInProgress},
}

// Next returns the status that action a leads to from cur: ErrInvalid for
// an unknown action, ErrConflict when a is not allowed from cur.
func Next(cur Status, a Action) (Status, error) {
	m, ok := moves[a]
	if !ok {
		return cur, Invalid("task.unknown_action", string(a))
	}
	if !slices.Contains(m.from, cur) {
		return cur, Fail(ErrConflict, "task.action_not_allowed", string(a), string(cur))
	}
	if m.to == "" {
		return cur, nil
	}
	return m.to, nil
}

// AllowedFrom reports whether the workflow allows action a from cur. Who may
// take it is CanAct's matter.
func AllowedFrom(cur Status, a Action) bool {
	m, ok := moves[a]
	return ok && slices.Contains(m.from, cur)
}

// ActionsFrom returns the actions the workflow allows from cur, in the order
// of Actions; none for a status that is not one of Statuses.
func ActionsFrom(cur Status) []Action {
	var out []Action
	for _, a := range Actions() {
		if AllowedFrom(cur, a) {
			out = append(out, a)
		}
	}
	return out
}

// ReplyActions returns the actions a reply by email may name (README,
// "Mail"), in the order mail lists them: the lead organisation's
// own steps. Closing, returning, reassigning and the decisions are taken on
// the platform; a reply without a command becomes a note.
func ReplyActions() []Action {
	return []Action{ActAccept, ActProgress, ActSubmit, ActRequestExtension}
}

// ReplyActionsFrom returns those of ReplyActions that the workflow allows
// from cur, in the same order.
func ReplyActionsFrom(cur Status) []Action {
	var out []Action
	for _, a := range ReplyActions() {
		if AllowedFrom(cur, a) {
			out = append(out, a)
		}
	}
	return out
}

// OpenStatuses returns the statuses in which work is still to be done (all
// but closed; see Status.IsOpen), in workflow order, in a fresh slice.
func OpenStatuses() []Status { return slices.Clone(open) }

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Laddering reports whether the supervision ladder runs in s: the lead
// organisation holds the task.
func (s Status) Laddering() bool { return slices.Contains(working, s) }

// IsOpen reports whether s still needs work (not closed).
func (s Status) IsOpen() bool { return slices.Contains(open, s) }

// Priority orders tasks and picks the escalation policy.
type Priority string

// The priorities of the HTTP API.
const (
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Source says where a task came from.
type Source string

// The task sources.
const (
	SourcePlan        Source = "plan"
	SourceMeeting     Source = "meeting"
	SourceInstruction Source = "instruction"
	SourceHotspot     Source = "hotspot"
	SourceOther       Source = "other"
	// SourceCampaign is a campaign application's review step or
	// rectification (整改), linked to the application; only the campaign
	// service creates them.
	SourceCampaign Source = "campaign"
)

// Categories returns the service categories tasks and hot-spots are filed
// under (the notice's service groups), in a fresh slice.
func Categories() []string {
	return []string{"elderly", "children", "disabled", "hardship", "entitled_groups",
		"employment", "social_security", "public_security", "environment", "property_management",
		"facilities", "volunteer", "other"}
}

// Task is one piece of supervised work (督办事项): one lead organisation,
// any number of co-organisers, a deadline in the configured zone.
type Task struct {
	ID          int64
	Title       string
	Description string
	LeadOrgID   int64
	CoOrgIDs    []int64
	CommunityID int64 // 0 when the task concerns no single community
	HotspotID   int64 // 0 unless dispatched from a hot-spot issue
	// ApplicationID links a campaign task to its application (0 for
	// others); Indicator is the indicator a rectification is about, "" on
	// a review step.
	ApplicationID int64
	Indicator     string
	Priority      Priority
	Source        Source
	Category      string
	Status        Status
	Due           Date
	// DueWorkingDays and AssignedOn are kept when the deadline was given in
	// working days, so that a calendar amendment can recompute it.
	DueWorkingDays int
	AssignedOn     Date
	Provisional    bool // the deadline lies in a year whose schedule is not loaded
	// OriginalDue is the deadline before the first granted extension; zero
	// while the task has never been extended.
	OriginalDue Date
	// ExtensionTo is the date a pending extension request asks for.
	ExtensionTo       Date
	TransferRequested bool
	CreatedBy         int64
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time
	ClosedAt          time.Time
	// AcceptedAt is the first acceptance (签收); zero until then. A task
	// reassigned and accepted again keeps the first.
	AcceptedAt time.Time
	// The supervision ladder's record, written only by the sweep
	// (SupervisionService): the rungs sent or skipped in the order they
	// were done, the highest step sent ("" for none) and whether the task
	// is under listed supervision (挂牌督办).
	LadderDone []string
	LadderStep LadderStep
	Listed     bool
	// LadderChanged is set by a change that moves the task's deadline or
	// starts or stops its ladder (Status.Laddering): UpdateTask then marks
	// the task for the next sweep. It is not stored; other changes leave the
	// ladder's index alone, so PostgreSQL can update the row in place (HOT).
	LadderChanged bool
	// LastEventID is the id of the newest entry of the task's record, as
	// read with the task by Store.Task (0 from lists).
	LastEventID int64
}

// IsCoOrg reports whether org is one of t's co-organisers.
func (t Task) IsCoOrg(org int64) bool { return org != 0 && slices.Contains(t.CoOrgIDs, org) }
