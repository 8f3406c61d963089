package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// hotspotJSON is a hot-spot issue as clients see it; texts not yet given
// (a reject reason, the community's verdict) are null.
type hotspotJSON struct {
	ID           int64   `json:"id"`
	Title        string  `json:"title"`
	Description  string  `json:"description"`
	CommunityID  int64   `json:"community_id"`
	Category     string  `json:"category"`
	Status       string  `json:"status"`
	RejectReason *string `json:"reject_reason"`
	Satisfaction *string `json:"satisfaction"`
	FeedbackNote *string `json:"feedback_note"`
	Reopens      int     `json:"reopens"`
	TaskIDs      []int64 `json:"task_ids"`
	ReportedBy   *int64  `json:"reported_by"`
	Version      int     `json:"version"`
	CreatedAt    *string `json:"created_at"`
	UpdatedAt    *string `json:"updated_at"`
	ResolvedAt   *string `json:"resolved_at"`
}

func toHotspotJSON(h domain.Hotspot) hotspotJSON {
	out := hotspotJSON{ID: h.ID, Title: h.Title, Description: h.Description, CommunityID: h.CommunityID,
		Category: h.Category, Status: string(h.Status), RejectReason: textJSON(h.RejectReason),
		Satisfaction: textJSON(string(h.Satisfaction)), FeedbackNote: textJSON(h.FeedbackNote),
		Reopens: h.Reopens, TaskIDs: h.TaskIDs, ReportedBy: idJSON(h.ReportedBy), Version: h.Version,
		CreatedAt: timeJSON(h.CreatedAt), UpdatedAt: timeJSON(h.UpdatedAt), ResolvedAt: timeJSON(h.ResolvedAt)}
	if out.TaskIDs == nil {
		out.TaskIDs = []int64{}
	}
	return out
}

// hotspotDetailJSON is one hot-spot with its tasks and their records (for
// the reporting community, without the departments' internal notes).
type hotspotDetailJSON struct {
	hotspotJSON
	Tasks []taskDetailJSON `json:"tasks"`
}

func toHotspotDetailJSON(d domain.HotspotDetail) hotspotDetailJSON {
	out := hotspotDetailJSON{hotspotJSON: toHotspotJSON(d.Hotspot), Tasks: make([]taskDetailJSON, 0, len(d.Tasks))}
	for _, t := range d.Tasks {
		out.Tasks = append(out.Tasks, toTaskDetailJSON(t))
	}
	return out
}

// textJSON renders optional text: "" is null.
func textJSON(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// hotspotReportJSON is the body of POST /hotspots.
type hotspotReportJSON struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	CommunityID int64  `json:"community_id"`
	Category    string `json:"category"`
}

// hotspotDispatchJSON is the body of POST /hotspots/{id}/dispatch.
type hotspotDispatchJSON struct {
	LeadOrgID        int64   `json:"lead_org_id"`
	CoOrgIDs         []int64 `json:"co_org_ids"`
	DueDate          string  `json:"due_date"`
	DueInWorkingDays int     `json:"due_in_working_days"`
	Priority         string  `json:"priority"`
	Note             string  `json:"note"`
}

func (in hotspotDispatchJSON) command() (domain.Dispatch, error) {
	due, err := dateField("due_date", in.DueDate)
	return domain.Dispatch{LeadOrgID: in.LeadOrgID, CoOrgIDs: in.CoOrgIDs, DueDate: due,
		DueInWorkingDays: in.DueInWorkingDays, Priority: domain.Priority(in.Priority), Note: in.Note}, err
}

type hotspotRejectJSON struct {
	Reason string `json:"reason"`
}

type hotspotFeedbackJSON struct {
	Satisfaction string `json:"satisfaction"`
	Note         string `json:"note"`
}

// handleHotspotCreate files a hot-spot issue (community for its own
// community; lead and admin for any).
func (a api) handleHotspotCreate(c echo.Context) error {
	var in hotspotReportJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	h, err := a.deps.Hotspots.Report(c.Request().Context(), actorOf(c), domain.ReportHotspot{
		Title: in.Title, Description: in.Description, CommunityID: in.CommunityID, Category: in.Category})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/hotspots/"+strconv.FormatInt(h.ID, 10))
	return c.JSON(http.StatusCreated, toHotspotJSON(h))
}

// handleHotspotList lists hot-spots newest first; ?status and
// ?community_id filter.
func (a api) handleHotspotList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.HotspotFilter{Status: domain.HotspotStatus(c.QueryParam("status"))}
	if f.CommunityID, err = queryID(c, "community_id"); err != nil {
		return err
	}
	l, err := a.deps.Hotspots.Hotspots(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toHotspotJSON))
}

// handleHotspotGet returns one hot-spot with its tasks' progress.
func (a api) handleHotspotGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := a.deps.Hotspots.Hotspot(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toHotspotDetailJSON(d))
}

// handleHotspotDispatch hands a hot-spot to an organisation as a new task.
func (a api) handleHotspotDispatch(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in hotspotDispatchJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cmd, err := in.command()
	if err != nil {
		return err
	}
	d, err := a.deps.Hotspots.Dispatch(c.Request().Context(), actorOf(c), id, cmd)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/tasks/"+strconv.FormatInt(d.ID, 10))
	c.Response().Header().Set("ETag", etag(d.Version))
	return c.JSON(http.StatusCreated, toTaskJSON(d))
}

// handleHotspotReject declines a reported hot-spot with a reason.
func (a api) handleHotspotReject(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in hotspotRejectJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	h, err := a.deps.Hotspots.Reject(c.Request().Context(), actorOf(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toHotspotJSON(h))
}

// handleHotspotFeedback records the reporting community's verdict.
func (a api) handleHotspotFeedback(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in hotspotFeedbackJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	h, err := a.deps.Hotspots.Feedback(c.Request().Context(), actorOf(c), id,
		domain.Feedback{Satisfaction: domain.Satisfaction(in.Satisfaction), Note: in.Note})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toHotspotJSON(h))
}
