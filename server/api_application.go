package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// applicationPath is where campaign applications live in the API.
const applicationPath = "/api/v1/campaign/applications"

// scoreJSON is one indicator's points on a sheet.
type scoreJSON struct {
	Indicator  string `json:"indicator"`
	Points     int    `json:"points"`
	VetoFailed bool   `json:"veto_failed"`
	Note       string `json:"note"`
}

// sheetJSON is one assessor's sheet, or one inspection.
type sheetJSON struct {
	ID          int64       `json:"id"`
	Kind        string      `json:"kind"`
	Assessor    string      `json:"assessor"`
	Total       int         `json:"total"`
	VetoFailed  bool        `json:"veto_failed"`
	InspectedOn *string     `json:"inspected_on,omitempty"`
	Inspectors  string      `json:"inspectors,omitempty"`
	Note        string      `json:"note"`
	Scores      []scoreJSON `json:"scores"`
	CreatedAt   *string     `json:"created_at"`
}

func toScoresJSON(in []domain.IndicatorScore) []scoreJSON {
	out := make([]scoreJSON, 0, len(in))
	for _, s := range in {
		out = append(out, scoreJSON{Indicator: s.Indicator, Points: s.Points, VetoFailed: s.VetoFailed, Note: s.Note})
	}
	return out
}

func toSheetJSON(s domain.ScoreSheet) sheetJSON {
	return sheetJSON{ID: s.ID, Kind: string(s.Kind), Assessor: s.Assessor, Total: s.Total, VetoFailed: s.VetoFailed,
		InspectedOn: dateJSON(s.InspectedOn), Inspectors: s.Inspectors, Note: s.Note, Scores: toScoresJSON(s.Scores),
		CreatedAt: timeJSON(s.CreatedAt)}
}

// applicationJSON is an application in a list.
type applicationJSON struct {
	ID            int64    `json:"id"`
	CommunityID   int64    `json:"community_id"`
	CommunityName string   `json:"community_name"`
	City          string   `json:"city"`
	CityCode      string   `json:"city_code"`
	RegionCode    string   `json:"region_code"`
	Level         string   `json:"level"`
	StandardID    int64    `json:"standard_id"`
	Status        string   `json:"status"`
	SelfScore     *float64 `json:"self_score"`
	CityScore     *float64 `json:"city_score"`
	ProvinceScore *float64 `json:"province_score"`
	VetoFailed    bool     `json:"veto_failed"`
	Reassessment  *int64   `json:"reassessment_of"`
	// StepDueDate is the deadline of the review step under way (its task),
	// null when no review step is open.
	StepDueDate *string `json:"step_due_date"`
	StepTaskID  *int64  `json:"step_task_id"`
	SubmittedAt *string `json:"submitted_at"`
	DecidedAt   *string `json:"decided_at"`
	Version     int     `json:"version"`
	CreatedAt   *string `json:"created_at"`
	UpdatedAt   *string `json:"updated_at"`
}

func toApplicationJSON(it domain.ApplicationItem) applicationJSON {
	a := it.Application
	return applicationJSON{ID: a.ID, CommunityID: a.CommunityID, CommunityName: it.CommunityName, City: it.City,
		CityCode: a.CityCode, RegionCode: a.RegionCode, Level: string(a.Level), StandardID: a.StandardID,
		Status: string(a.Status), SelfScore: a.SelfScore, CityScore: a.CityScore, ProvinceScore: a.ProvinceScore,
		VetoFailed: a.VetoFailed, Reassessment: idJSON(a.Reassessment), StepDueDate: dateJSON(it.StepDue),
		StepTaskID: idJSON(it.StepTaskID), SubmittedAt: timeJSON(a.SubmittedAt), DecidedAt: timeJSON(a.DecidedAt),
		Version: a.Version, CreatedAt: timeJSON(a.CreatedAt), UpdatedAt: timeJSON(a.UpdatedAt)}
}

// appEventJSON is one entry of an application's record.
type appEventJSON struct {
	ID         int64   `json:"id"`
	Action     string  `json:"action"`
	Actor      string  `json:"actor"`
	ActorOrgID *int64  `json:"actor_org_id"`
	Channel    string  `json:"channel"`
	Note       string  `json:"note"`
	From       *string `json:"from"`
	To         *string `json:"to"`
	At         *string `json:"at"`
}

func strJSON(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// appNoticeJSON is an application's public notice.
type appNoticeJSON struct {
	ID     int64   `json:"id"`
	From   string  `json:"from"`
	To     string  `json:"to"`
	Score  float64 `json:"score"`
	Status string  `json:"status"`
}

// applicationDetailJSON is one application with everything about it.
type applicationDetailJSON struct {
	applicationJSON
	Standard struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		Version   int    `json:"version"`
		PassScore int    `json:"pass_score"`
	} `json:"standard"`
	Scale          string                      `json:"scale"`
	Events         []appEventJSON              `json:"events"`
	SelfScores     []scoreJSON                 `json:"self_scores"`
	Sheets         []sheetJSON                 `json:"sheets"`
	Inspections    []sheetJSON                 `json:"inspections"`
	Tasks          []taskJSON                  `json:"tasks"`
	Evidence       map[string][]attachmentJSON `json:"evidence"`
	Notice         *appNoticeJSON              `json:"notice"`
	AllowedActions []string                    `json:"allowed_actions"`
	CanRectify     bool                        `json:"can_rectify"`
}

func toApplicationDetailJSON(d domain.ApplicationDetail) applicationDetailJSON {
	out := applicationDetailJSON{applicationJSON: toApplicationJSON(d.ApplicationItem), Scale: d.Scale,
		Events: []appEventJSON{}, SelfScores: toScoresJSON(d.Self.Scores), Sheets: []sheetJSON{},
		Inspections: []sheetJSON{}, Tasks: []taskJSON{}, Evidence: map[string][]attachmentJSON{},
		AllowedActions: []string{}, CanRectify: d.CanRectify}
	out.Standard.ID, out.Standard.Name, out.Standard.Version, out.Standard.PassScore = d.Standard.ID,
		d.Standard.Name, d.Standard.Version, d.Standard.PassScore
	for _, e := range d.Events {
		out.Events = append(out.Events, appEventJSON{ID: e.ID, Action: string(e.Action), Actor: e.Actor,
			ActorOrgID: idJSON(e.ActorOrgID), Channel: string(e.Channel), Note: e.Note, From: strJSON(string(e.From)),
			To: strJSON(string(e.To)), At: timeJSON(e.At)})
	}
	for _, s := range d.Sheets {
		out.Sheets = append(out.Sheets, toSheetJSON(s))
	}
	for _, s := range d.Inspections {
		out.Inspections = append(out.Inspections, toSheetJSON(s))
	}
	for _, t := range d.Tasks {
		out.Tasks = append(out.Tasks, toTaskJSON(t))
	}
	for _, a := range d.Evidence {
		out.Evidence[a.Indicator] = append(out.Evidence[a.Indicator], toAttachmentJSON(a))
	}
	if n := d.Notice; n != nil {
		out.Notice = &appNoticeJSON{ID: n.ID, From: n.From.String(), To: n.To.String(), Score: n.Score,
			Status: string(n.Status)}
	}
	for _, a := range d.AllowedActions {
		out.AllowedActions = append(out.AllowedActions, string(a))
	}
	return out
}

// handleApplicationList lists applications in the caller's campaign scope,
// newest first; ?status, ?level, ?region_code, ?community_id, ?inbox=true.
func (a api) handleApplicationList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	in := domain.ListApplications{ApplicationFilter: domain.ApplicationFilter{
		Status: domain.ApplicationStatus(c.QueryParam("status")), Level: domain.StandardLevel(c.QueryParam("level"))},
		Region: c.QueryParam("region_code")}
	if v := c.QueryParam("community_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return domain.Invalid("request.id_invalid", v)
		}
		in.CommunityID = id
	}
	switch c.QueryParam("inbox") {
	case "", "false":
	case "true", "1":
		in.Inbox = true
	default:
		return domain.Invalid("request.bool_invalid", "inbox")
	}
	l, err := a.deps.Campaign.Applications(c.Request().Context(), actorOf(c), in, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toApplicationJSON))
}

// openJSON is the body that opens an application.
type openJSON struct {
	CommunityID int64  `json:"community_id"`
	Level       string `json:"level"`
	StandardID  int64  `json:"standard_id"`
}

// handleApplicationCreate opens a draft application.
func (a api) handleApplicationCreate(c echo.Context) error {
	var in openJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	d, err := a.deps.Campaign.Open(c.Request().Context(), actorOf(c), domain.OpenApplication{
		CommunityID: in.CommunityID, Level: domain.StandardLevel(in.Level), StandardID: in.StandardID})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, applicationPath+"/"+strconv.FormatInt(d.ID, 10))
	return c.JSON(http.StatusCreated, toApplicationDetailJSON(d))
}

// handleApplicationGet returns one application with its record.
func (a api) handleApplicationGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := a.deps.Campaign.Application(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toApplicationDetailJSON(d))
}

// scoreInputJSON is one indicator's points as a client sends them.
type scoreInputJSON struct {
	Indicator  string `json:"indicator"`
	Points     *int   `json:"points"`
	VetoFailed bool   `json:"veto_failed"`
	Note       string `json:"note"`
}

func scoresOf(in []scoreInputJSON) ([]domain.IndicatorScore, error) {
	out := make([]domain.IndicatorScore, 0, len(in))
	for _, s := range in {
		if s.Points == nil {
			return nil, domain.Invalid("application.points_required", s.Indicator)
		}
		out = append(out, domain.IndicatorScore{Indicator: s.Indicator, Points: *s.Points, VetoFailed: s.VetoFailed,
			Note: s.Note})
	}
	return out, nil
}

// handleApplicationSelfAssess saves the applicant's own points.
func (a api) handleApplicationSelfAssess(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Scores []scoreInputJSON `json:"scores"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	scores, err := scoresOf(in.Scores)
	if err != nil {
		return err
	}
	d, err := a.deps.Campaign.SelfAssess(c.Request().Context(), actorOf(c), id, scores)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toApplicationDetailJSON(d))
}

// appActionJSON is one step's body.
type appActionJSON struct {
	Action      string           `json:"action"`
	Note        string           `json:"note"`
	Assessor    string           `json:"assessor"`
	Scores      []scoreInputJSON `json:"scores"`
	InspectedOn string           `json:"inspected_on"`
	Inspectors  string           `json:"inspectors"`
}

// handleApplicationAction takes one step.
func (a api) handleApplicationAction(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in appActionJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cmd, err := in.command()
	if err != nil {
		return err
	}
	d, err := a.deps.Campaign.Act(c.Request().Context(), actorOf(c), id, cmd)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toApplicationDetailJSON(d))
}

func (in appActionJSON) command() (domain.AppCommand, error) {
	cmd := domain.AppCommand{Action: domain.AppAction(in.Action), Note: in.Note, Assessor: in.Assessor,
		Inspectors: in.Inspectors}
	if in.InspectedOn != "" {
		d, err := calendar.ParseDate(in.InspectedOn)
		if err != nil {
			return cmd, domain.Invalid("application.inspected_on_invalid", in.InspectedOn)
		}
		cmd.InspectedOn = d
	}
	if len(in.Scores) > 0 {
		s, err := scoresOf(in.Scores)
		if err != nil {
			return cmd, err
		}
		cmd.Scores = s
	}
	return cmd, nil
}

// rectifyJSON is a rectification task's body.
type rectifyJSON struct {
	Indicator        string  `json:"indicator"`
	Title            string  `json:"title"`
	Description      string  `json:"description"`
	LeadOrgID        int64   `json:"lead_org_id"`
	CoOrgIDs         []int64 `json:"co_org_ids"`
	DueInWorkingDays int     `json:"due_in_working_days"`
}

// handleApplicationRectify opens a rectification task.
func (a api) handleApplicationRectify(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in rectifyJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := a.deps.Campaign.Rectify(c.Request().Context(), actorOf(c), id, domain.Rectification{
		Indicator: in.Indicator, Title: in.Title, Description: in.Description, LeadOrgID: in.LeadOrgID,
		CoOrgIDs: in.CoOrgIDs, DueInWorkingDays: in.DueInWorkingDays})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/tasks/"+strconv.FormatInt(t.ID, 10))
	return c.JSON(http.StatusCreated, toTaskJSON(t))
}

// handleApplicationAttach stores evidence files for one indicator (the
// multipart field "indicator"), all or none.
func (a api) handleApplicationAttach(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	release, err := a.uploads.acquire()
	if err != nil {
		return err
	}
	defer release()
	files, values, cleanup, err := spoolUploadsWith(c.Request(), a.deps.UploadDir, []string{"indicator"})
	defer cleanup()
	if err != nil {
		return err
	}
	target := domain.AttachmentTarget{ApplicationID: id, Indicator: values["indicator"]}
	out, err := a.deps.Attachments.AddAll(c.Request().Context(), actorOf(c), target, files)
	if err != nil {
		return err
	}
	a.ready.storageFreed()
	return c.JSON(http.StatusCreated, listOf(domain.List[domain.Attachment]{Items: out}, toAttachmentJSON))
}
