package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// HotspotStatus is where a community's hot-spot issue stands.
type HotspotStatus string

// The hot-spot statuses of the HTTP API.
const (
	HotspotReported         HotspotStatus = "reported"
	HotspotRejected         HotspotStatus = "rejected"
	HotspotDispatched       HotspotStatus = "dispatched"
	HotspotAwaitingFeedback HotspotStatus = "awaiting_feedback"
	HotspotResolved         HotspotStatus = "resolved"
)

// HotspotStatuses returns every hot-spot status, in a fresh slice.
func HotspotStatuses() []HotspotStatus {
	return []HotspotStatus{HotspotReported, HotspotRejected, HotspotDispatched, HotspotAwaitingFeedback, HotspotResolved}
}

// Satisfaction is a community's verdict on a resolution.
type Satisfaction string

// The satisfaction answers.
const (
	Satisfied          Satisfaction = "satisfied"
	BasicallySatisfied Satisfaction = "basically_satisfied"
	Unsatisfied        Satisfaction = "unsatisfied"
)

// HotspotAction is something that happens to a hot-spot issue.
type HotspotAction string

// The hot-spot actions; tasks_closed is the system's, when every task of the
// issue is closed.
const (
	HotspotDispatch    HotspotAction = "dispatch"
	HotspotReject      HotspotAction = "reject"
	HotspotTasksClosed HotspotAction = "tasks_closed"
	HotspotSatisfied   HotspotAction = "feedback_satisfied"
	HotspotUnsatisfied HotspotAction = "feedback_unsatisfied"
)

// hotspotMoves is the hot-spot workflow.
var hotspotMoves = map[HotspotAction]struct {
	from []HotspotStatus
	to   HotspotStatus
}{
	HotspotDispatch:    {[]HotspotStatus{HotspotReported, HotspotDispatched, HotspotAwaitingFeedback}, HotspotDispatched},
	HotspotReject:      {[]HotspotStatus{HotspotReported}, HotspotRejected},
	HotspotTasksClosed: {[]HotspotStatus{HotspotDispatched}, HotspotAwaitingFeedback},
	HotspotSatisfied:   {[]HotspotStatus{HotspotAwaitingFeedback}, HotspotResolved},
	HotspotUnsatisfied: {[]HotspotStatus{HotspotAwaitingFeedback}, HotspotDispatched},
}

// NextHotspot returns the status action a leads to from cur, or ErrConflict.
func NextHotspot(cur HotspotStatus, a HotspotAction) (HotspotStatus, error) {
	m, ok := hotspotMoves[a]
	if !ok {
		return cur, Invalid("hotspot.unknown_action", string(a))
	}
	if !slices.Contains(m.from, cur) {
		return cur, Fail(ErrConflict, "hotspot.action_not_allowed", string(a), string(cur))
	}
	return m.to, nil
}

// Hotspot is a hot-spot issue (热点难点问题) reported by a community.
type Hotspot struct {
	ID           int64
	Title        string
	Description  string
	CommunityID  int64
	Category     string
	Status       HotspotStatus
	ReportedBy   int64
	RejectReason string
	Satisfaction Satisfaction
	FeedbackNote string
	Reopens      int // how often the community was not satisfied
	TaskIDs      []int64
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ResolvedAt   time.Time
}

// ReportHotspot is the command a community files.
type ReportHotspot struct {
	Title       string
	Description string
	CommunityID int64
	Category    string
}

// Validate checks the report on its own.
func (r *ReportHotspot) Validate() error {
	r.Title = strings.TrimSpace(r.Title)
	r.Description = strings.TrimSpace(r.Description)
	var p Problems
	p.Add(r.Title == "" || utf8.RuneCountInString(r.Title) > maxTitle, "task.title_invalid", maxTitle)
	p.Add(utf8.RuneCountInString(r.Description) > maxDescription, "task.description_too_long", maxDescription)
	p.AddErr(checkText(r.Title + r.Description))
	p.Add(r.CommunityID <= 0, "hotspot.community_required")
	p.Add(!slices.Contains(Categories(), r.Category), "task.category_invalid", r.Category)
	return p.Err()
}

// Feedback is the community's answer once every task is closed.
type Feedback struct {
	Satisfaction Satisfaction
	Note         string
}

// Validate checks the feedback; an unsatisfied answer must say why.
func (f *Feedback) Validate() error {
	f.Note = strings.TrimSpace(f.Note)
	var p Problems
	p.Add(!slices.Contains([]Satisfaction{Satisfied, BasicallySatisfied, Unsatisfied}, f.Satisfaction),
		"hotspot.satisfaction_invalid", string(f.Satisfaction))
	p.Add(f.Satisfaction == Unsatisfied && f.Note == "", "hotspot.note_required")
	p.Add(utf8.RuneCountInString(f.Note) > maxNote, "task.note_too_long", maxNote)
	p.AddErr(checkText(f.Note))
	return p.Err()
}

// HotspotFilter narrows a hot-spot list; the community scope comes from the actor.
type HotspotFilter struct {
	Status      HotspotStatus
	CommunityID int64
}

// CanSeeHotspot reports whether a may see h: the bureau and leadership see
// all; a community user sees their own community's.
func CanSeeHotspot(a Actor, h Hotspot) bool {
	switch a.Role {
	case RoleAdmin, RoleLead, RoleLeadership:
		return true
	case RoleCommunity:
		return a.CommunityID != 0 && a.CommunityID == h.CommunityID
	}
	return false
}

// HotspotScopeOf is the community an actor's hot-spot lists are limited to
// (0: all), and whether the actor may list hot-spots at all.
func HotspotScopeOf(a Actor) (communityID int64, ok bool) {
	switch a.Role {
	case RoleAdmin, RoleLead, RoleLeadership:
		return 0, true
	case RoleCommunity:
		return a.CommunityID, a.CommunityID != 0
	}
	return 0, false
}
