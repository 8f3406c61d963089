package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on task text, in characters.
const (
	maxTitle       = 200
	maxDescription = 10000
	maxNote        = 5000
	// MaxWorkingDays bounds "due in N working days": two years of work.
	MaxWorkingDays = 500
)

// CreateTask is the command that assigns a task (交办).
type CreateTask struct {
	Title            string
	Description      string
	LeadOrgID        int64
	CoOrgIDs         []int64
	CommunityID      int64
	Priority         Priority
	Source           Source
	Category         string
	DueDate          Date // either DueDate or DueInWorkingDays
	DueInWorkingDays int
	// HotspotID is set by the hot-spot service when it dispatches; clients
	// cannot set it.
	HotspotID int64
	// ApplicationID and Indicator are set by the campaign service for a
	// review step or a rectification; clients cannot set them.
	ApplicationID int64
	Indicator     string
	// Pilot is set by the pilot service for a pilot's checklist item
	// (source campaign); clients cannot set it.
	Pilot bool
}

// Normalize trims text and fills defaults.
func (c *CreateTask) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.Description = strings.TrimSpace(c.Description)
	if c.Priority == "" {
		c.Priority = PriorityNormal
	}
	if c.Source == "" {
		c.Source = SourcePlan
		if c.HotspotID != 0 {
			c.Source = SourceHotspot
		}
	}
	if c.Category == "" {
		c.Category = "other"
	}
}

// Validate checks the command on its own; today is the assignment day in
// the configured zone, before which no deadline may lie.
func (c CreateTask) Validate(today Date) error {
	var p Problems
	p.Add(c.Title == "" || utf8.RuneCountInString(c.Title) > maxTitle, "task.title_invalid", maxTitle)
	p.Add(utf8.RuneCountInString(c.Description) > maxDescription, "task.description_too_long", maxDescription)
	p.AddErr(checkText(c.Title + c.Description))
	p.Add(c.LeadOrgID <= 0, "task.lead_org_required")
	p.Add(slices.Contains(c.CoOrgIDs, c.LeadOrgID), "task.co_org_is_lead")
	p.Add(hasDuplicates(c.CoOrgIDs), "task.co_org_duplicate")
	p.Add(len(c.CoOrgIDs) > 50, "task.too_many_co_orgs", 50)
	p.Add(!slices.Contains([]Priority{PriorityNormal, PriorityHigh, PriorityUrgent}, c.Priority), "task.priority_invalid", string(c.Priority))
	p.Add(!slices.Contains([]Source{SourcePlan, SourceMeeting, SourceInstruction, SourceHotspot, SourceOther}, c.Source) &&
		(c.Source != SourceCampaign || c.ApplicationID == 0 && !c.Pilot), "task.source_invalid", string(c.Source))
	p.Add(!slices.Contains(Categories(), c.Category), "task.category_invalid", c.Category)
	switch {
	case c.DueDate.IsZero() && c.DueInWorkingDays == 0:
		p.Add(true, "task.due_required")
	case !c.DueDate.IsZero() && c.DueInWorkingDays != 0:
		p.Add(true, "task.due_ambiguous")
	case c.DueInWorkingDays != 0:
		p.Add(c.DueInWorkingDays < 1 || c.DueInWorkingDays > MaxWorkingDays, "task.due_working_days_invalid", MaxWorkingDays)
	default:
		p.Add(c.DueDate.Before(today), "task.due_in_past", c.DueDate.String())
	}
	return p.Err()
}

// TaskCommand is one action on a task, with what the action needs.
type TaskCommand struct {
	Action Action
	Note   string
	// DueDate is the date an extension asks for (request_extension), or an
	// approver's different date (approve_extension).
	DueDate Date
	// LeadOrgID is the new lead organisation (reassign).
	LeadOrgID int64
	// KeepAsCoOrg keeps the old lead organisation as a co-organiser on reassign.
	KeepAsCoOrg bool
	// Version, when non-zero, is the version the client last saw; a newer
	// task is a conflict (optimistic concurrency across clients).
	Version int
}

// needsNote lists the actions that must say why or what.
var needsNote = []Action{ActProgress, ActSubmit, ActReturn, ActRequestTransfer, ActRejectTransfer,
	ActRejectExtension, ActNote, ActRequestExtension}

// NeedsNote reports whether a command of action a must carry a note, as
// TaskCommand.Validate requires: forms mark the note as required from it.
func NeedsNote(a Action) bool { return slices.Contains(needsNote, a) }

// Validate checks the command on its own.
func (c *TaskCommand) Validate() error {
	c.Note = strings.TrimSpace(c.Note)
	if _, ok := moves[c.Action]; !ok || c.Action == ActReopen {
		return Invalid("task.unknown_action", string(c.Action))
	}
	var p Problems
	p.Add(NeedsNote(c.Action) && c.Note == "", "task.note_required", string(c.Action))
	p.Add(utf8.RuneCountInString(c.Note) > maxNote, "task.note_too_long", maxNote)
	p.AddErr(checkText(c.Note))
	p.Add(c.Action == ActRequestExtension && c.DueDate.IsZero(), "task.due_date_required")
	p.Add(c.Action == ActReassign && c.LeadOrgID <= 0, "task.lead_org_required")
	p.Add(c.Version < 0, "task.version_invalid")
	return p.Err()
}

// checkText refuses control characters other than tab and newlines: they
// are never meant, and NUL cannot be stored in text columns.
func checkText(s string) error {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return Invalid("request.control_character")
		}
	}
	return nil
}

func hasDuplicates(ids []int64) bool {
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

// TaskEvent is one entry of a task's record (留痕): who did what, when, how.
// Events are only ever appended.
type TaskEvent struct {
	ID         int64
	TaskID     int64
	At         time.Time
	ActorID    int64
	Actor      string
	ActorOrgID int64
	Channel    Channel
	Action     string // an Action, or "assign" / "deadline_recomputed" for the system's own entries
	Note       string
	From       Status
	To         Status
	// Internal events (notes between departments) are not shown to the
	// reporting community.
	Internal bool
}

// Event actions that are not user actions.
const (
	EventAssign             = "assign"
	EventDeadlineRecomputed = "deadline_recomputed"
)

// TaskFilter narrows a task list. The scope (whose tasks) is not here: it
// comes from the actor, so that it cannot be forgotten or forged.
type TaskFilter struct {
	Status      []Status
	OrgID       int64 // lead or co-organiser
	CommunityID int64
	HotspotID   int64
	Overdue     bool
	Priority    Priority
	Category    string
	DueBefore   Date // due on or before
	DueFrom     Date // due on or after
	Q           string
	// Today is set by the service: overdue means due before this date, the
	// last working day on or before today (see OverdueCutoff).
	Today Date
}

// TaskScope is whose tasks a list may contain: all of them, or those an
// organisation leads or co-organises. The zero value sees nothing.
type TaskScope struct {
	All   bool
	OrgID int64
}

// ScopeOf builds the list scope of an actor.
func ScopeOf(a Actor) TaskScope {
	switch a.Role {
	case RoleAdmin, RoleLead, RoleLeadership:
		return TaskScope{All: true}
	case RoleDepartment:
		return TaskScope{OrgID: a.OrgID}
	}
	return TaskScope{}
}
