package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

type taskRow struct {
	bun.BaseModel `bun:"table:tasks,alias:t"`

	ID                int64   `bun:",pk,autoincrement"`
	Title             string  `bun:",notnull"`
	Description       string  `bun:",notnull"`
	LeadOrgID         int64   `bun:",notnull"`
	CommunityID       int64   `bun:",nullzero"`
	HotspotID         int64   `bun:",nullzero"`
	ApplicationID     int64   `bun:",nullzero"`
	Indicator         string  `bun:",nullzero"`
	Priority          string  `bun:",notnull"`
	Source            string  `bun:",notnull"`
	Category          string  `bun:",notnull"`
	Status            string  `bun:",notnull"`
	DueDate           sqlDate `bun:",type:date"`
	DueWorkingDays    int     `bun:",nullzero"`
	AssignedOn        sqlDate `bun:",type:date"`
	Provisional       bool    `bun:",notnull"`
	OriginalDue       sqlDate `bun:",type:date"`
	ExtensionTo       sqlDate `bun:",type:date"`
	TransferRequested bool    `bun:",notnull"`
	CreatedBy         int64   `bun:",nullzero"`
	Version           int     `bun:",notnull"`
	CreatedAt         time.Time
	UpdatedAt         time.Time
	ClosedAt          time.Time `bun:",nullzero"`
	AcceptedAt        time.Time `bun:",nullzero"`
	// The ladder's state (migration 20251129000001). UpdateTask leaves the
	// first three alone: only the sweep writes them (SaveLadder).
	LadderDone   string    `bun:",notnull"`
	LadderStep   string    `bun:",notnull"`
	Listed       bool      `bun:",notnull"`
	NextLadderAt time.Time `bun:",nullzero"`
	// CoOrgIDs are the task's co-organisers, ascending and comma-separated
	// (migration 20261208000200), for reads without a join. Only
	// CreateTask and SetTaskCoOrgs write it, with the co-organisers' rows
	// of task_participants.
	CoOrgIDs string `bun:"co_org_ids,notnull"`
}

// ladderColumns are the columns only the sweep writes.
var ladderColumns = []string{"ladder_done", "ladder_step", "listed"}

// splitDone reads a stored done set.
func splitDone(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// reconsiderAt is the next_ladder_at a new task, or a change that moves its
// deadline or starts or stops its ladder (Task.LadderChanged), stores: the
// change's time while the ladder runs for the task, so that the next sweep
// looks at it again, and NULL otherwise.
func reconsiderAt(t *domain.Task) time.Time {
	if t.Due.IsZero() || !t.Status.Laddering() {
		return time.Time{}
	}
	return t.UpdatedAt.UTC()
}

// toDomain is the task of r. A co-organiser list that does not parse (it
// never should: only idList writes it) is an error.
func (r taskRow) toDomain() (domain.Task, error) {
	co, err := parseIDList(r.CoOrgIDs)
	if err != nil {
		return domain.Task{}, fmt.Errorf("task %d: %w", r.ID, err)
	}
	return domain.Task{ID: r.ID, Title: r.Title, Description: r.Description, LeadOrgID: r.LeadOrgID,
		CoOrgIDs: co, CommunityID: r.CommunityID, HotspotID: r.HotspotID, ApplicationID: r.ApplicationID,
		Indicator: r.Indicator, Priority: domain.Priority(r.Priority),
		Source: domain.Source(r.Source), Category: r.Category, Status: domain.Status(r.Status),
		Due: r.DueDate.Date, DueWorkingDays: r.DueWorkingDays, AssignedOn: r.AssignedOn.Date,
		Provisional: r.Provisional, OriginalDue: r.OriginalDue.Date, ExtensionTo: r.ExtensionTo.Date,
		TransferRequested: r.TransferRequested, CreatedBy: r.CreatedBy, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), ClosedAt: utcOrZero(r.ClosedAt),
		AcceptedAt: utcOrZero(r.AcceptedAt), LadderDone: splitDone(r.LadderDone),
		LadderStep: domain.LadderStep(r.LadderStep), Listed: r.Listed}, nil
}

// idList is how co_org_ids stores ids: ascending, comma-separated.
func idList(ids []int64) string {
	sorted := slices.Sorted(slices.Values(ids))
	var b []byte
	for i, id := range sorted {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// parseIDList reads idList's text (or the backfill's) back.
func parseIDList(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]int64, 0, strings.Count(s, ",")+1)
	for p := range strings.SplitSeq(s, ",") {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("co-organiser list %q: %w", s, err)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out, nil
}

func taskFromDomain(t *domain.Task) *taskRow {
	return &taskRow{ID: t.ID, Title: t.Title, Description: t.Description, LeadOrgID: t.LeadOrgID,
		CommunityID: t.CommunityID, HotspotID: t.HotspotID, ApplicationID: t.ApplicationID, Indicator: t.Indicator,
		Priority: string(t.Priority), Source: string(t.Source),
		Category: t.Category, Status: string(t.Status), DueDate: sqlDate{t.Due}, DueWorkingDays: t.DueWorkingDays,
		AssignedOn: sqlDate{t.AssignedOn}, Provisional: t.Provisional, OriginalDue: sqlDate{t.OriginalDue},
		ExtensionTo: sqlDate{t.ExtensionTo}, TransferRequested: t.TransferRequested, CreatedBy: t.CreatedBy,
		Version: t.Version, CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC(),
		ClosedAt: utcOrZero(t.ClosedAt), AcceptedAt: utcOrZero(t.AcceptedAt),
		LadderDone: strings.Join(t.LadderDone, ","), LadderStep: string(t.LadderStep), Listed: t.Listed,
		NextLadderAt: reconsiderAt(t), CoOrgIDs: idList(t.CoOrgIDs)}
}

type taskEventRow struct {
	bun.BaseModel `bun:"table:task_events"`

	ID         int64 `bun:",pk,autoincrement"`
	TaskID     int64
	At         time.Time
	ActorID    int64 `bun:",nullzero"`
	Actor      string
	ActorOrgID int64 `bun:",nullzero"`
	Channel    string
	Action     string
	Note       string
	FromStatus string
	ToStatus   string
	Internal   bool `bun:",notnull"`
}

// eventFromDomain is e's row, to insert (its id is the database's).
func eventFromDomain(e *domain.TaskEvent) *taskEventRow {
	return &taskEventRow{TaskID: e.TaskID, At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor, ActorOrgID: e.ActorOrgID,
		Channel: string(e.Channel), Action: e.Action, Note: e.Note, FromStatus: string(e.From), ToStatus: string(e.To),
		Internal: e.Internal}
}

func (r taskEventRow) toDomain() domain.TaskEvent {
	return domain.TaskEvent{ID: r.ID, TaskID: r.TaskID, At: r.At.UTC(), ActorID: r.ActorID, Actor: r.Actor,
		ActorOrgID: r.ActorOrgID, Channel: domain.Channel(r.Channel), Action: r.Action, Note: r.Note,
		From: domain.Status(r.FromStatus), To: domain.Status(r.ToStatus), Internal: r.Internal}
}

type hotspotRow struct {
	bun.BaseModel `bun:"table:hotspots"`

	ID           int64 `bun:",pk,autoincrement"`
	Title        string
	Description  string
	CommunityID  int64
	Category     string
	Status       string
	ReportedBy   int64 `bun:",nullzero"`
	RejectReason string
	Satisfaction string
	FeedbackNote string
	Reopens      int `bun:",notnull"`
	Version      int `bun:",notnull"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ResolvedAt   time.Time `bun:",nullzero"`
}

func (r hotspotRow) toDomain(taskIDs []int64) domain.Hotspot {
	return domain.Hotspot{ID: r.ID, Title: r.Title, Description: r.Description, CommunityID: r.CommunityID,
		Category: r.Category, Status: domain.HotspotStatus(r.Status), ReportedBy: r.ReportedBy,
		RejectReason: r.RejectReason, Satisfaction: domain.Satisfaction(r.Satisfaction), FeedbackNote: r.FeedbackNote,
		Reopens: r.Reopens, TaskIDs: taskIDs, Version: r.Version, CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC(), ResolvedAt: utcOrZero(r.ResolvedAt)}
}

func hotspotFromDomain(h *domain.Hotspot) *hotspotRow {
	return &hotspotRow{ID: h.ID, Title: h.Title, Description: h.Description, CommunityID: h.CommunityID,
		Category: h.Category, Status: string(h.Status), ReportedBy: h.ReportedBy, RejectReason: h.RejectReason,
		Satisfaction: string(h.Satisfaction), FeedbackNote: h.FeedbackNote, Reopens: h.Reopens, Version: h.Version,
		CreatedAt: h.CreatedAt.UTC(), UpdatedAt: h.UpdatedAt.UTC(), ResolvedAt: utcOrZero(h.ResolvedAt)}
}
