package domain

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// HotspotService runs hot-spot issues: reported by a community, triaged by
// the bureau into tasks, resolved only when the community is satisfied.
type HotspotService struct {
	Store HotspotStore
	Now   func() time.Time
	Tasks *TaskService
}

// HotspotDetail is a hot-spot with the progress of its tasks. For the
// reporting community, the tasks' internal notes are left out.
type HotspotDetail struct {
	Hotspot
	Tasks []TaskDetail
}

// Dispatch is the bureau's decision to hand a hot-spot to an organisation.
type Dispatch struct {
	LeadOrgID        int64
	CoOrgIDs         []int64
	DueDate          Date
	DueInWorkingDays int
	Priority         Priority
	Note             string
}

// Report files a hot-spot issue. A community user reports for their own
// community only; leads and admins for any.
func (s *HotspotService) Report(ctx context.Context, a Actor, r ReportHotspot) (Hotspot, error) {
	if err := Require(a, PermReportHotspot); err != nil {
		return Hotspot{}, err
	}
	if err := r.Validate(); err != nil {
		return Hotspot{}, err
	}
	if a.Role == RoleCommunity && r.CommunityID != a.CommunityID {
		return Hotspot{}, Fail(ErrForbidden, "hotspot.other_community")
	}
	h := Hotspot{Title: r.Title, Description: r.Description, CommunityID: r.CommunityID, Category: r.Category,
		Status: HotspotReported, ReportedBy: a.UserID}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		h.CreatedAt, h.UpdatedAt = now, now
		if _, err := tx.Community(ctx, r.CommunityID); errors.Is(err, ErrNotFound) {
			return Invalid("task.community_unknown", r.CommunityID)
		} else if err != nil {
			return err
		}
		if err := tx.CreateHotspot(ctx, &h); err != nil {
			return err
		}
		e := auditOf(a, now, "hotspot.report", hotspotTarget(h.ID), "")
		return tx.AddAudit(ctx, &e)
	})
	return h, err
}

func hotspotTarget(id int64) string { return "hotspot:" + strconv.FormatInt(id, 10) }

// visibleHotspot loads a hot-spot for a, hiding it when a may not see it.
func visibleHotspot(ctx context.Context, q HotspotReader, a Actor, id int64) (Hotspot, error) {
	h, err := q.Hotspot(ctx, id)
	if err != nil {
		return Hotspot{}, err
	}
	if !CanSeeHotspot(a, h) {
		return Hotspot{}, Fail(ErrNotFound, "hotspot.not_found", id)
	}
	return h, nil
}

// Dispatch creates a task for the hot-spot (lead, admin); it may be called
// again to involve more organisations.
func (s *HotspotService) Dispatch(ctx context.Context, a Actor, id int64, d Dispatch) (TaskDetail, error) {
	if err := Require(a, PermTriageHotspot); err != nil {
		return TaskDetail{}, err
	}
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return TaskDetail{}, err
	}
	var t Task
	err = s.Store.InTx(ctx, func(tx Tx) error {
		h, err := visibleHotspot(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := s.move(ctx, tx, a, &h, HotspotDispatch, d.Note); err != nil {
			return err
		}
		t, err = s.Tasks.create(ctx, tx, a, CreateTask{Title: h.Title, Description: h.Description,
			LeadOrgID: d.LeadOrgID, CoOrgIDs: d.CoOrgIDs, CommunityID: h.CommunityID, HotspotID: h.ID,
			Priority: d.Priority, Source: SourceHotspot, Category: h.Category, DueDate: d.DueDate,
			DueInWorkingDays: d.DueInWorkingDays}, cal)
		return err
	})
	if err != nil {
		return TaskDetail{}, err
	}
	return s.Tasks.detail(cal, t), nil
}

// Reject declines a reported hot-spot with a reason the community sees.
func (s *HotspotService) Reject(ctx context.Context, a Actor, id int64, reason string) (Hotspot, error) {
	if err := Require(a, PermTriageHotspot); err != nil {
		return Hotspot{}, err
	}
	reason = strings.TrimSpace(reason)
	var p Problems
	p.Add(reason == "", "hotspot.reason_required")
	p.Add(utf8.RuneCountInString(reason) > maxNote, "task.note_too_long", maxNote)
	p.AddErr(checkText(reason))
	if err := p.Err(); err != nil {
		return Hotspot{}, err
	}
	var h Hotspot
	err := s.Store.InTx(ctx, func(tx Tx) error {
		var err error
		if h, err = visibleHotspot(ctx, tx, a, id); err != nil {
			return err
		}
		h.RejectReason = reason
		return s.move(ctx, tx, a, &h, HotspotReject, reason)
	})
	return h, err
}

// Feedback records the reporting community's verdict. Unsatisfied sends the
// issue back to dispatched and reopens its tasks with the community's note.
func (s *HotspotService) Feedback(ctx context.Context, a Actor, id int64, f Feedback) (Hotspot, error) {
	if a.Role != RoleCommunity {
		return Hotspot{}, Fail(ErrForbidden, "hotspot.feedback_community_only")
	}
	if err := f.Validate(); err != nil {
		return Hotspot{}, err
	}
	var h Hotspot
	err := s.Store.InTx(ctx, func(tx Tx) error {
		var err error
		if h, err = visibleHotspot(ctx, tx, a, id); err != nil {
			return err
		}
		h.Satisfaction, h.FeedbackNote = f.Satisfaction, f.Note
		if f.Satisfaction != Unsatisfied {
			h.ResolvedAt = tx.Now()
			return s.move(ctx, tx, a, &h, HotspotSatisfied, f.Note)
		}
		h.Reopens++
		if err := s.move(ctx, tx, a, &h, HotspotUnsatisfied, f.Note); err != nil {
			return err
		}
		return s.reopenTasks(ctx, tx, a, h, f.Note)
	})
	return h, err
}

// reopenTasks sends every closed task of h back to work, recording the
// community's note on each.
func (s *HotspotService) reopenTasks(ctx context.Context, tx Tx, a Actor, h Hotspot, note string) error {
	for _, id := range h.TaskIDs {
		t, err := tx.Task(ctx, id)
		if err != nil {
			return err
		}
		if t.Status != StatusClosed {
			continue
		}
		prev := t.Version
		t.Status, t.UpdatedAt, t.ClosedAt, t.LadderChanged = StatusInProgress, tx.Now(), time.Time{}, true
		if err := tx.UpdateTask(ctx, &t, prev); err != nil {
			return err
		}
		if err := s.Tasks.record(ctx, tx, a, &t, string(ActReopen), note, StatusClosed, StatusInProgress, false); err != nil {
			return err
		}
	}
	return nil
}

// move changes h's status by action, writes it and audits it.
func (s *HotspotService) move(ctx context.Context, tx Tx, a Actor, h *Hotspot, act HotspotAction, note string) error {
	next, err := NextHotspot(h.Status, act)
	if err != nil {
		return err
	}
	prev := h.Version
	h.Status, h.UpdatedAt = next, tx.Now()
	if err := tx.UpdateHotspot(ctx, h, prev); err != nil {
		return err
	}
	e := auditOf(a, h.UpdatedAt, "hotspot."+string(act), hotspotTarget(h.ID), note)
	if err := tx.AddAudit(ctx, &e); err != nil {
		return err
	}
	if kind, ok := hotspotMail[act]; ok {
		return notifyHotspot(ctx, tx, *h, kind, note, h.UpdatedAt)
	}
	return nil
}

// hotspotMail is the mail the reporting community gets for each move.
var hotspotMail = map[HotspotAction]string{
	HotspotDispatch:    MailHotspotDispatched,
	HotspotReject:      MailHotspotRejected,
	HotspotTasksClosed: MailHotspotAwaiting,
}

// hotspotTaskClosed moves a dispatched hot-spot to awaiting_feedback once
// none of its tasks is open. It runs in the transaction that closed the task.
func hotspotTaskClosed(ctx context.Context, tx interface {
	HotspotReader
	TaskReader
	HotspotWriter
	AuditWriter
	hotspotNotifier
}, hotspotID int64, now time.Time) error {
	h, err := tx.Hotspot(ctx, hotspotID)
	if err != nil {
		return err
	}
	if h.Status != HotspotDispatched {
		return nil
	}
	for _, id := range h.TaskIDs {
		t, err := tx.Task(ctx, id)
		if err != nil {
			return err
		}
		if t.Status.IsOpen() {
			return nil
		}
	}
	prev := h.Version
	h.Status, h.UpdatedAt = HotspotAwaitingFeedback, now
	if err := tx.UpdateHotspot(ctx, &h, prev); err != nil {
		return err
	}
	e := auditOf(SystemActor(), now, "hotspot."+string(HotspotTasksClosed), hotspotTarget(h.ID), "")
	if err := tx.AddAudit(ctx, &e); err != nil {
		return err
	}
	return notifyHotspot(ctx, tx, h, MailHotspotAwaiting, "", now)
}

// Hotspot returns one hot-spot with its tasks' progress. The community
// sees its tasks' public record only.
func (s *HotspotService) Hotspot(ctx context.Context, a Actor, id int64) (HotspotDetail, error) {
	h, err := visibleHotspot(ctx, s.Store, a, id)
	if err != nil {
		return HotspotDetail{}, err
	}
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return HotspotDetail{}, err
	}
	d := HotspotDetail{Hotspot: h}
	for _, tid := range h.TaskIDs {
		t, err := s.Store.Task(ctx, tid)
		if err != nil {
			return HotspotDetail{}, err
		}
		td := s.Tasks.detail(cal, t)
		events, err := s.Store.TaskEvents(ctx, tid)
		if err != nil {
			return HotspotDetail{}, err
		}
		for _, e := range events {
			if !e.Internal || a.Role != RoleCommunity {
				td.Events = append(td.Events, e)
			}
		}
		d.Tasks = append(d.Tasks, td)
	}
	return d, nil
}

// Hotspots lists hot-spots newest first: a community user its own only.
func (s *HotspotService) Hotspots(ctx context.Context, a Actor, f HotspotFilter, p Page) (List[Hotspot], error) {
	community, ok := HotspotScopeOf(a)
	if !ok {
		return List[Hotspot]{}, Fail(ErrForbidden, "auth.forbidden")
	}
	if f.Status != "" && !containsStatus(f.Status) {
		return List[Hotspot]{}, Invalid("hotspot.status_invalid", string(f.Status))
	}
	rows, err := s.Store.Hotspots(ctx, community, f, p)
	if err != nil {
		return List[Hotspot]{}, err
	}
	return Paginate(rows, p.Limit, func(h Hotspot) Cursor { return Cursor{ID: h.ID} }), nil
}

func containsStatus(st HotspotStatus) bool {
	for _, x := range HotspotStatuses() {
		if x == st {
			return true
		}
	}
	return false
}
