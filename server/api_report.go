package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// mimeXLSX is the media type of an Excel workbook.
const mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// handleReportSupervision answers the supervision report as JSON or as the
// Excel workbook (?format=xlsx) in the request's language.
func (a api) handleReportSupervision(c echo.Context) error {
	q, err := reportQueryOf(c)
	if err != nil {
		return err
	}
	r, err := a.deps.Reports.Supervision(c.Request().Context(), actorOf(c), q.req)
	if err != nil {
		return err
	}
	if q.format == "json" {
		return c.JSON(http.StatusOK, toReportJSON(r, q.tasks))
	}
	b, err := a.books.Workbook(r, requestLang(c))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, downloadDisposition(reportFilename(r, requestLang(c))))
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
	return c.Blob(http.StatusOK, mimeXLSX, b)
}

// reportFilename names a workbook by its period: 督查通报_2025-03-03_2025-03-09.xlsx.
func reportFilename(r domain.Report, lang string) string {
	name := "督查通报"
	if lang == langEN {
		name = "supervision-report"
	}
	return name + "_" + r.From.String() + "_" + r.To.String() + ".xlsx"
}

// reportQuery is a report request as the query string gives it.
type reportQuery struct {
	req    domain.ReportRequest
	format string // json or xlsx
	tasks  bool   // include the raw task list in JSON
}

// reportQueryOf reads ?period= or ?from=&to=, ?today=, ?scope= with
// ?region=, ?org_id= or ?community_id=, ?format= and ?tasks=.
func reportQueryOf(c echo.Context) (reportQuery, error) {
	q := reportQuery{format: c.QueryParam("format"), req: domain.ReportRequest{Period: c.QueryParam("period"),
		Scope: domain.ReportScope{Kind: c.QueryParam("scope"), Region: c.QueryParam("region")}}}
	if q.format == "" {
		q.format = "json"
	}
	if q.format != "json" && q.format != "xlsx" {
		return q, domain.Invalid("report.format_invalid", q.format)
	}
	var err error
	if c.QueryParam("from") != "" || c.QueryParam("to") != "" {
		if q.req.From, err = queryDate(c, "from"); err != nil {
			return q, err
		}
		if q.req.To, err = queryDate(c, "to"); err != nil {
			return q, err
		}
	}
	if c.QueryParam("today") != "" {
		if q.req.Today, err = queryDate(c, "today"); err != nil {
			return q, err
		}
	}
	if q.req.Scope.OrgID, err = queryID(c, "org_id"); err != nil {
		return q, err
	}
	if q.req.Scope.CommunityID, err = queryID(c, "community_id"); err != nil {
		return q, err
	}
	v, err := queryID(c, "policy_version")
	if err != nil {
		return q, err
	}
	q.req.PolicyVersion = int(v)
	tasks, err := queryBool(c, "tasks")
	q.tasks = tasks != nil && *tasks
	return q, err
}

// reportJSON is a supervision report. Every figure is defined on
// domain.Report; rates are fractions from 0 to 1, and null when there is
// nothing to divide by (never 0). The raw task list is left out unless
// asked for (?tasks=true): at the scale of a province it runs to hundreds
// of thousands of rows, which the workbook carries better.
type reportJSON struct {
	Scope         string               `json:"scope"`
	From          string               `json:"from"`
	To            string               `json:"to"`
	Today         string               `json:"today"`
	Total         orgFiguresJSON       `json:"total"`
	Organizations []orgFiguresJSON     `json:"organizations"`
	Ranking       []rankJSON           `json:"ranking"`
	Overdue       []overdueJSON        `json:"overdue"`
	HotspotTotal  hotspotFiguresJSON   `json:"hotspot_total"`
	Hotspots      []hotspotFiguresJSON `json:"hotspots"`
	Progress      *reportProgressJSON  `json:"progress"`
	Tasks         []reportTaskJSON     `json:"tasks,omitempty"`
	// Policy is the deduction policy the scores were computed with: ask
	// for ?policy_version= of it to recompute the report as issued.
	Policy     reportPolicyJSON `json:"policy"`
	Groups     []rankGroupJSON  `json:"groups"`
	Categories []categoryJSON   `json:"categories"`
	// Pilots is what each pilot still owes of its five ones; absent when
	// the report has no pilot section.
	Pilots *pilotReportJSON `json:"pilots,omitempty"`
	// NewCases are a monthly report's typical cases first published in its
	// month; absent from other reports.
	NewCases *[]reportCaseJSON `json:"new_cases,omitempty"`
}

// rankGroupJSON is one peer group's ranking; idle lists the units with no
// work due (本期无应办结事项), idle_count how many.
type rankGroupJSON struct {
	Group     string           `json:"group"`
	Ranked    []groupEntryJSON `json:"ranked"`
	Idle      []groupEntryJSON `json:"idle"`
	IdleCount int              `json:"idle_count"`
}

type groupEntryJSON struct {
	Rank            *int     `json:"rank"`
	OrgID           *int64   `json:"org_id"` // null for a city
	Region          string   `json:"region"`
	Name            string   `json:"name"`
	NameEn          string   `json:"name_en"`
	DueInPeriod     int      `json:"due_in_period"`
	DueClosed       int      `json:"due_closed"`
	DueClosedOnTime int      `json:"due_closed_on_time"`
	DueClosedLate   int      `json:"due_closed_late"`
	DueOpenOverdue  int      `json:"due_open_overdue"`
	OverdueDays     int      `json:"overdue_days"`
	OnTimeRate      *float64 `json:"on_time_rate"`
	ClosureRate     *float64 `json:"closure_rate"`
	Score           *float64 `json:"score"`
}

type categoryJSON struct {
	Category        string   `json:"category"`
	DueInPeriod     int      `json:"due_in_period"`
	DueClosed       int      `json:"due_closed"`
	DueClosedOnTime int      `json:"due_closed_on_time"`
	OnTimeRate      *float64 `json:"on_time_rate"`
	ClosureRate     *float64 `json:"closure_rate"`
}

// deductionsJSON is what a unit's score lost: counts and points.
type deductionsJSON struct {
	OverdueDays       int     `json:"overdue_days"`
	Returns           int     `json:"returns"`
	Reopens           int     `json:"reopens"`
	Unsatisfied       int     `json:"unsatisfied"`
	LadderSteps       int     `json:"ladder_steps"`
	OverdueDayPoints  float64 `json:"overdue_day_points"`
	ReturnPoints      float64 `json:"return_points"`
	ReopenPoints      float64 `json:"reopen_points"`
	UnsatisfiedPoints float64 `json:"unsatisfied_points"`
	LadderStepPoints  float64 `json:"ladder_step_points"`
	Total             float64 `json:"total"`
}

type orgFiguresJSON struct {
	OrgID             *int64         `json:"org_id"`
	Name              string         `json:"name"`
	NameEn            string         `json:"name_en"`
	Type              string         `json:"type"`
	Region            string         `json:"region"`
	Assigned          int            `json:"assigned"`
	AcceptedOnTime    int            `json:"accepted_on_time"`
	Closed            int            `json:"closed"`
	ClosedOnTime      int            `json:"closed_on_time"`
	OnTimeRate        *float64       `json:"on_time_rate"`
	Open              int            `json:"open"`
	OpenOverdue       int            `json:"open_overdue"`
	OverdueRate       *float64       `json:"overdue_rate"`
	AvgDaysToClose    *float64       `json:"avg_days_to_close"`
	P90DaysToClose    *int           `json:"p90_days_to_close"`
	ExtensionsAsked   int            `json:"extensions_asked"`
	ExtensionsGranted int            `json:"extensions_granted"`
	Returns           int            `json:"returns"`
	Transfers         int            `json:"transfers"`
	Reopens           int            `json:"reopens"`
	DueInPeriod       int            `json:"due_in_period"`
	DueClosed         int            `json:"due_closed"`
	DueClosedOnTime   int            `json:"due_closed_on_time"`
	DueClosedLate     int            `json:"due_closed_late"`
	DueOpenOverdue    int            `json:"due_open_overdue"`
	OverdueDays       int            `json:"overdue_days"`
	ClosureRate       *float64       `json:"closure_rate"`
	Score             *float64       `json:"score"`
	Deductions        deductionsJSON `json:"deductions"`
}

type rankJSON struct {
	Rank            *int     `json:"rank"` // null: no work due in the period, so unranked
	OrgID           int64    `json:"org_id"`
	Name            string   `json:"name"`
	NameEn          string   `json:"name_en"`
	Closed          int      `json:"closed"`
	ClosedOnTime    int      `json:"closed_on_time"`
	OnTimeRate      *float64 `json:"on_time_rate"`
	NoClosed        bool     `json:"no_closed"`
	NoWork          bool     `json:"no_work"`
	DueInPeriod     int      `json:"due_in_period"`
	DueClosedOnTime int      `json:"due_closed_on_time"`
	Score           *float64 `json:"score"`
}

type overdueJSON struct {
	TaskID          int64   `json:"task_id"`
	Title           string  `json:"title"`
	OrgID           int64   `json:"org_id"`
	OrgName         string  `json:"org_name"`
	OrgNameEn       string  `json:"org_name_en"`
	CommunityID     *int64  `json:"community_id"`
	CommunityName   string  `json:"community_name"`
	Priority        string  `json:"priority"`
	AssignedOn      *string `json:"assigned_on"`
	DueDate         *string `json:"due_date"`
	OriginalDueDate *string `json:"original_due_date"`
	DaysOverdue     int     `json:"days_overdue"`
	LadderStep      string  `json:"ladder_step"`
	Listed          bool    `json:"listed"`
}

type hotspotFiguresJSON struct {
	CommunityID        *int64   `json:"community_id"`
	Name               string   `json:"name"`
	NameEn             string   `json:"name_en"`
	Region             string   `json:"region"`
	Reported           int      `json:"reported"`
	Dispatched         int      `json:"dispatched"`
	Resolved           int      `json:"resolved"`
	Feedback           int      `json:"feedback"`
	Satisfied          int      `json:"satisfied"`
	BasicallySatisfied int      `json:"basically_satisfied"`
	Unsatisfied        int      `json:"unsatisfied"`
	Reopened           int      `json:"reopened"`
	SatisfactionRate   *float64 `json:"satisfaction_rate"`
	ReopenRate         *float64 `json:"reopen_rate"`
}

// reportProgressJSON is the campaign's progress in a report, as of its
// period's end: province and cities (CONTRACT) are the figure with city
// or province titles of the scope and of its parts (a province's cities,
// a city's counties); levels has both title levels.
type reportProgressJSON struct {
	AsOf       string                `json:"as_of"`
	Target     float64               `json:"target"`
	TargetDate *string               `json:"target_date"`
	Province   figureJSON            `json:"province"`
	Cities     []countyProgressJSON  `json:"cities"`
	Levels     []reportProgressLevel `json:"levels"`
}

type reportProgressLevel struct {
	Level   string               `json:"level"`
	Total   figureJSON           `json:"total"`
	Regions []countyProgressJSON `json:"regions"`
}

func toReportProgressJSON(p *domain.ReportProgress) *reportProgressJSON {
	if p == nil {
		return nil
	}
	out := &reportProgressJSON{AsOf: p.AsOf.String(), Target: p.Target, TargetDate: dateJSON(p.TargetOn),
		Cities: []countyProgressJSON{}, Levels: []reportProgressLevel{}}
	for i, l := range p.Levels {
		j := reportProgressLevel{Level: string(l.Level), Total: toFigureJSON(l.Total), Regions: []countyProgressJSON{}}
		for _, g := range l.Regions {
			zh, en := domain.RegionNames(g.Code)
			j.Regions = append(j.Regions, countyProgressJSON{RegionCode: g.Code, Name: zh, NameEn: en,
				figureJSON: toFigureJSON(g.ProgressCount)})
		}
		if i == 0 {
			out.Province, out.Cities = j.Total, j.Regions
		}
		out.Levels = append(out.Levels, j)
	}
	return out
}

type reportTaskJSON struct {
	ID                int64   `json:"id"`
	Title             string  `json:"title"`
	LeadOrgID         int64   `json:"lead_org_id"`
	OrgName           string  `json:"org_name"`
	CommunityID       *int64  `json:"community_id"`
	CommunityName     string  `json:"community_name"`
	Priority          string  `json:"priority"`
	Status            string  `json:"status"`
	AssignedOn        *string `json:"assigned_on"`
	AcceptedOn        *string `json:"accepted_on"`
	DueDate           *string `json:"due_date"`
	OriginalDueDate   *string `json:"original_due_date"`
	ClosedOn          *string `json:"closed_on"`
	ExtensionsAsked   int     `json:"extensions_asked"`
	ExtensionsGranted int     `json:"extensions_granted"`
	Returns           int     `json:"returns"`
	Transfers         int     `json:"transfers"`
	Reopens           int     `json:"reopens"`
	LadderStep        string  `json:"ladder_step"`
	Listed            bool    `json:"listed"`
	AssignedIn        bool    `json:"assigned_in"`
	AcceptedInTime    bool    `json:"accepted_in_time"`
	ClosedIn          bool    `json:"closed_in"`
	ClosedOnTime      bool    `json:"closed_on_time"`
	DueInPeriod       bool    `json:"due_in_period"`
	DueClosedLate     bool    `json:"due_closed_late"`
	DueOpenOverdue    bool    `json:"due_open_overdue"`
	DaysToClose       *int    `json:"days_to_close"` // null unless closed in the period
	Open              bool    `json:"open"`
	OpenOverdue       bool    `json:"open_overdue"`
	DaysOverdue       *int    `json:"days_overdue"` // null unless open
}

func toReportJSON(r domain.Report, tasks bool) reportJSON {
	out := reportJSON{Scope: r.Scope, From: r.From.String(), To: r.To.String(), Today: r.Today.String(),
		Total: toOrgFiguresJSON(r.Total), Organizations: make([]orgFiguresJSON, len(r.OrgFigures)),
		Ranking: make([]rankJSON, len(r.Ranking)), Overdue: make([]overdueJSON, len(r.Overdue)),
		HotspotTotal: toHotspotFiguresJSON(r.HotspotTotal), Hotspots: make([]hotspotFiguresJSON, len(r.HotspotFigures))}
	for i, f := range r.OrgFigures {
		out.Organizations[i] = toOrgFiguresJSON(f)
	}
	for i, e := range r.Ranking {
		out.Ranking[i] = rankJSON{Rank: rankOf(e.Rank), OrgID: e.OrgID, Name: e.Name, NameEn: e.NameEn, Closed: e.Closed,
			ClosedOnTime: e.ClosedOnTime, OnTimeRate: e.OnTimeRate, NoClosed: e.NoClosed, NoWork: e.NoWork,
			DueInPeriod: e.DueInPeriod, DueClosedOnTime: e.DueClosedOnTime, Score: e.Score}
	}
	for i, o := range r.Overdue {
		out.Overdue[i] = overdueJSON{TaskID: o.TaskID, Title: o.Title, OrgID: o.OrgID, OrgName: o.OrgName,
			OrgNameEn: o.OrgNameEn, CommunityID: idJSON(o.CommunityID), CommunityName: o.CommunityName,
			Priority: string(o.Priority), AssignedOn: dateJSON(o.AssignedOn), DueDate: dateJSON(o.Due),
			OriginalDueDate: dateJSON(o.OriginalDue), DaysOverdue: o.DaysOverdue, LadderStep: o.LadderStep, Listed: o.Listed}
	}
	for i, h := range r.HotspotFigures {
		out.Hotspots[i] = toHotspotFiguresJSON(h)
	}
	out.Progress = toReportProgressJSON(r.Progress)
	out.Policy = toReportPolicyJSON(r.Policy)
	out.Groups = make([]rankGroupJSON, len(r.Groups))
	for i, g := range r.Groups {
		j := rankGroupJSON{Group: g.Key, Ranked: make([]groupEntryJSON, len(g.Ranked)),
			Idle: make([]groupEntryJSON, len(g.Idle)), IdleCount: len(g.Idle)}
		for k, e := range g.Ranked {
			j.Ranked[k] = toGroupEntryJSON(e)
		}
		for k, e := range g.Idle {
			j.Idle[k] = toGroupEntryJSON(e)
		}
		out.Groups[i] = j
	}
	out.Categories = make([]categoryJSON, len(r.Categories))
	for i, c := range r.Categories {
		out.Categories[i] = categoryJSON{Category: c.Category, DueInPeriod: c.DueInPeriod, DueClosed: c.DueClosed,
			DueClosedOnTime: c.DueClosedOnTime, OnTimeRate: c.OnTimeRate, ClosureRate: c.ClosureRate}
	}
	if tasks {
		out.Tasks = make([]reportTaskJSON, len(r.Tasks))
		for i, l := range r.Tasks {
			out.Tasks[i] = toReportTaskJSON(l)
		}
	}
	out.Pilots = toPilotReportJSON(r.Pilots)
	out.NewCases = toReportCasesJSON(r.Cases)
	return out
}

func toOrgFiguresJSON(f domain.OrgFigures) orgFiguresJSON {
	return orgFiguresJSON{OrgID: idJSON(f.OrgID), Name: f.Name, NameEn: f.NameEn, Type: f.Type, Region: f.Region,
		Assigned: f.Assigned, AcceptedOnTime: f.AcceptedOnTime, Closed: f.Closed, ClosedOnTime: f.ClosedOnTime,
		OnTimeRate: f.OnTimeRate, Open: f.Open, OpenOverdue: f.OpenOverdue, OverdueRate: f.OverdueRate,
		AvgDaysToClose: f.AvgDaysToClose, P90DaysToClose: f.P90DaysToClose, ExtensionsAsked: f.ExtensionsAsked,
		ExtensionsGranted: f.ExtensionsGranted, Returns: f.Returns, Transfers: f.Transfers, Reopens: f.Reopens,
		DueInPeriod: f.DueInPeriod, DueClosed: f.DueClosed, DueClosedOnTime: f.DueClosedOnTime,
		DueClosedLate: f.DueClosedLate, DueOpenOverdue: f.DueOpenOverdue, OverdueDays: f.OverdueDays,
		ClosureRate: f.ClosureRate, Score: f.Score, Deductions: toDeductionsJSON(f.Deductions)}
}

func toDeductionsJSON(d domain.Deductions) deductionsJSON {
	return deductionsJSON{OverdueDays: d.OverdueDays, Returns: d.Returns, Reopens: d.Reopens, Unsatisfied: d.Unsatisfied,
		LadderSteps: d.LadderSteps, OverdueDayPoints: d.OverdueDayPoints.Float(), ReturnPoints: d.ReturnPoints.Float(),
		ReopenPoints: d.ReopenPoints.Float(), UnsatisfiedPoints: d.UnsatisfiedPoints.Float(),
		LadderStepPoints: d.Ladder.Float(), Total: d.Total.Float()}
}

func toGroupEntryJSON(e domain.GroupEntry) groupEntryJSON {
	return groupEntryJSON{Rank: rankOf(e.Rank), OrgID: idJSON(e.OrgID), Region: e.Region, Name: e.Name, NameEn: e.NameEn,
		DueInPeriod: e.DueInPeriod, DueClosed: e.DueClosed, DueClosedOnTime: e.DueClosedOnTime,
		DueClosedLate: e.DueClosedLate, DueOpenOverdue: e.DueOpenOverdue, OverdueDays: e.OverdueDays,
		OnTimeRate: e.OnTimeRate, ClosureRate: e.ClosureRate, Score: e.Score}
}

func toHotspotFiguresJSON(h domain.HotspotFigures) hotspotFiguresJSON {
	return hotspotFiguresJSON{CommunityID: idJSON(h.CommunityID), Name: h.Name, NameEn: h.NameEn, Region: h.Region,
		Reported: h.Reported, Dispatched: h.Dispatched, Resolved: h.Resolved, Feedback: h.Feedback,
		Satisfied: h.Satisfied, BasicallySatisfied: h.BasicallySatisfied, Unsatisfied: h.Unsatisfied,
		Reopened: h.Reopened, SatisfactionRate: h.SatisfactionRate, ReopenRate: h.ReopenRate}
}

func toReportTaskJSON(l domain.ReportTaskLine) reportTaskJSON {
	j := reportTaskJSON{ID: l.ID, Title: l.Title, LeadOrgID: l.LeadOrgID, OrgName: l.OrgName,
		CommunityID: idJSON(l.CommunityID), CommunityName: l.CommunityName, Priority: string(l.Priority),
		Status: string(l.Status), AssignedOn: dateJSON(l.AssignedOn), AcceptedOn: dateJSON(l.AcceptedOn),
		DueDate: dateJSON(l.Due), OriginalDueDate: dateJSON(l.OriginalDue), ClosedOn: dateJSON(l.ClosedOn),
		ExtensionsAsked: l.ExtensionsAsked, ExtensionsGranted: l.ExtensionsGranted, Returns: l.Returns,
		Transfers: l.Transfers, Reopens: l.Reopens, LadderStep: l.LadderStep, Listed: l.Listed,
		AssignedIn: l.AssignedIn, AcceptedInTime: l.AcceptedInTime, ClosedIn: l.ClosedIn,
		ClosedOnTime: l.ClosedOnTime, Open: l.Open, OpenOverdue: l.OpenOverdue, DueInPeriod: l.DueIn,
		DueClosedLate: l.DueLate, DueOpenOverdue: l.DueOpenOverdue}
	if l.ClosedIn {
		j.DaysToClose = &l.DaysToClose
	}
	if l.Open {
		j.DaysOverdue = &l.DaysOverdue
	}
	return j
}

// rankOf renders a rank: 0 (unranked) is null.
func rankOf(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}
