package domain

import (
	"cmp"
	"context"
	"sync"
	"time"

	"xietong/domain/calendar"
	"xietong/domain/catalog"
)

// ReportService computes supervision reports (督查通报) from the store: the
// service checks the request and picks the scope, the store loads the
// inputs, and BuildReport counts. It writes nothing, so it runs no
// transaction: a report is a snapshot of one moment as the reads see it.
type ReportService struct {
	Store    ReportStore
	Calendar *CalendarService
	Location *time.Location // the zone of the report's civil dates
	Now      func() time.Time
	// Progress gives the province's and the cities' reports the campaign's
	// progress to its target (Report.Progress); nil leaves it out.
	Progress *ProgressService
	// Pilots lists what the pilots still owe for the report's pilot
	// section; nil leaves the section out.
	Pilots PilotSource
	// Cases gives monthly reports their new typical cases; nil leaves the
	// section out.
	Cases ReportCaseSource
}

// PilotSource lists the pilots' items not done as of a day
// (PilotService.PilotOwed).
type PilotSource interface {
	PilotOwed(ctx context.Context, today Date) ([]PilotOwed, error)
}

// ReportStore is what ReportService reads.
type ReportStore interface {
	// Organization returns an organisation; ErrNotFound ("org.not_found")
	// when there is none.
	Organization(ctx context.Context, id int64) (Organization, error)
	// Community returns a community; ErrNotFound ("community.not_found")
	// when there is none.
	Community(ctx context.Context, id int64) (Community, error)
	// ReportInput loads the organisations, tasks, hot-spots and
	// communities of q's scope that BuildReport needs for q's period and
	// report date; the caller sets ReportInput.Scope and the dates. It
	// returns only store errors (ErrUnavailable when the database is away).
	ReportInput(ctx context.Context, q ReportQuery) (ReportInput, error)
	// ReportPolicy returns a version of the composite score's deduction
	// policy, the latest for 0 (ReportPolicyReader).
	ReportPolicy(ctx context.Context, v int) (ReportPolicy, error)
}

// The scope kinds of a report.
const (
	ScopeProvince  = "province"
	ScopeCity      = "city"
	ScopeOrg       = "org"
	ScopeCommunity = "community"
)

// MaxReportDays is the longest period a report may cover: a year with
// room to spare, so that an annual report fits and a mistyped year does
// not load a decade of tasks.
const MaxReportDays = 400

// ReportScope says whose work a report covers: the whole province, one
// city-level region (Region, a region code such as "xian": its
// organisations and communities), one organisation (OrgID: the tasks it
// leads) or one community (CommunityID: the tasks concerning it and its
// hot-spots). Only the field of its Kind may be set; an empty Kind is the
// province.
type ReportScope struct {
	Kind        string
	Region      string
	OrgID       int64
	CommunityID int64
}

// ReportRequest asks for a report over the period From–To (both days
// included) as of Today, the day open and overdue work is judged on; a zero
// Today is today in the service's zone. Instead of From and To, Period may
// name a periodic report kind ("weekly", "monthly"): the period is then the
// one ReportPeriod gives for Today.
type ReportRequest struct {
	From, To Date
	Period   string
	Today    Date
	Scope    ReportScope
	// PolicyVersion names the deduction policy version to score with; 0 is
	// the one in force. A report is recomputed as issued with the version
	// it names (Report.Policy.Version).
	PolicyVersion int
}

// ReportQuery is what the store loads a report's inputs for. Location is the
// zone of the dates: a task closed at an instant counts on that instant's
// civil date there.
type ReportQuery struct {
	Scope           ReportScope
	From, To, Today Date
	Location        *time.Location
	// OverdueCutoff is OverdueCutoff(Today): an open task due before it is
	// overdue. The store may count the open tasks due on or after it that
	// were not assigned in the period in ReportInput.OpenCounts instead of
	// loading them (see there).
	OverdueCutoff Date
}

// Validate checks the scope on its own: a known kind with exactly its own
// field set.
func (s *ReportScope) Validate() error {
	if s.Kind == "" {
		s.Kind = ScopeProvince
	}
	var p Problems
	switch s.Kind {
	case ScopeProvince:
		p.Add(s.Region != "" || s.OrgID != 0 || s.CommunityID != 0, "report.scope_extra", s.Kind)
	case ScopeCity:
		p.Add(s.Region == "", "report.region_required")
		p.Add(s.Region != "" && !codeOK(s.Region), "report.region_invalid", s.Region)
		p.Add(s.OrgID != 0 || s.CommunityID != 0, "report.scope_extra", s.Kind)
	case ScopeOrg:
		p.Add(s.OrgID <= 0, "report.org_required")
		p.Add(s.Region != "" || s.CommunityID != 0, "report.scope_extra", s.Kind)
	case ScopeCommunity:
		p.Add(s.CommunityID <= 0, "report.community_required")
		p.Add(s.Region != "" || s.OrgID != 0, "report.scope_extra", s.Kind)
	default:
		p.Add(true, "report.scope_invalid", s.Kind)
	}
	return p.Err()
}

// Validate checks the request once Today is set: a period of at most
// MaxReportDays that has begun by Today, and a consistent scope.
func (r *ReportRequest) Validate() error {
	var p Problems
	p.Add(r.From.IsZero() || r.To.IsZero(), "report.period_required")
	if !r.From.IsZero() && !r.To.IsZero() {
		p.Add(r.To.Before(r.From), "report.range_invalid", r.From.String(), r.To.String())
		p.Add(!r.To.Before(r.From.AddDays(MaxReportDays)), "report.range_too_long", MaxReportDays)
		p.Add(!r.To.Before(r.From) && r.Today.Before(r.From), "report.today_before_period",
			r.Today.String(), r.From.String())
	}
	p.AddErr(r.Scope.Validate())
	return p.Err()
}

// Supervision computes the supervision report req asks for (admin, lead,
// leadership). An organisation or community that does not exist is
// ErrNotFound, as is a region with no organisations and no communities.
func (s *ReportService) Supervision(ctx context.Context, a Actor, req ReportRequest) (Report, error) {
	if err := Require(a, PermReadReports); err != nil {
		return Report{}, err
	}
	return s.build(ctx, req)
}

// Periodic computes the province's weekly or monthly report for the mail
// job that runs at instant at: the period ReportPeriod gives, as of the day
// of at. It checks no actor: the system sends it to leadership.
func (s *ReportService) Periodic(ctx context.Context, kind string, at time.Time) (Report, error) {
	from, to, err := ReportPeriod(kind, at, s.Location)
	if err != nil {
		return Report{}, err
	}
	return s.build(ctx, ReportRequest{From: from, To: to, Today: calendar.DateOf(at, s.Location),
		Scope: ReportScope{Kind: ScopeProvince}})
}

func (s *ReportService) build(ctx context.Context, req ReportRequest) (Report, error) {
	if req.Today.IsZero() {
		req.Today = calendar.DateOf(s.Now(), s.Location)
	}
	if req.Period != "" {
		if !req.From.IsZero() || !req.To.IsZero() {
			return Report{}, Invalid("report.period_conflict")
		}
		var err error
		if req.From, req.To, err = ReportPeriod(req.Period, req.Today.In(s.Location), s.Location); err != nil {
			return Report{}, err
		}
	}
	if err := req.Validate(); err != nil {
		return Report{}, err
	}
	if req.PolicyVersion < 0 {
		return Report{}, Invalid("report.policy_version_invalid", req.PolicyVersion)
	}
	policy, err := s.Store.ReportPolicy(ctx, req.PolicyVersion)
	if err != nil {
		return Report{}, err
	}
	title, err := s.scopeTitle(ctx, req.Scope)
	if err != nil {
		return Report{}, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return Report{}, err
	}
	// The progress to the target reads only the register, so it is
	// counted while the tasks load.
	progress := s.startProgress(ctx, req)
	in, err := s.Store.ReportInput(ctx, ReportQuery{Scope: req.Scope, From: req.From, To: req.To,
		Today: req.Today, Location: s.Location, OverdueCutoff: OverdueCutoff(cal, req.Today)})
	prog, progErr := progress()
	if err = cmp.Or(err, progErr); err != nil {
		return Report{}, err
	}
	if req.Scope.Kind == ScopeCity && len(in.Orgs) == 0 && len(in.Communities) == 0 {
		return Report{}, Fail(ErrNotFound, "report.region_not_found", req.Scope.Region)
	}
	in.Scope, in.From, in.To, in.Today, in.Policy = title, req.From, req.To, req.Today, policy
	r := BuildReport(in, cal)
	r.Progress = prog
	if r.Pilots, err = s.pilots(ctx, req); err != nil {
		return Report{}, err
	}
	if err := s.addCases(ctx, &r); err != nil {
		return Report{}, err
	}
	return r, nil
}

// startProgress starts counting the progress to the campaign's target of
// a province's or a city's report and returns the function that waits for
// it; other scopes, and a service without Progress, have none (nil). The
// figures are as of the period's end, or the report date when the period
// is still under way: the register says nothing of days to come.
func (s *ReportService) startProgress(ctx context.Context, req ReportRequest) func() (*ReportProgress, error) {
	city, ok := reportProgressCity(req.Scope)
	if !ok || s.Progress == nil {
		return func() (*ReportProgress, error) { return nil, nil }
	}
	asOf := req.To
	if req.Today.Before(asOf) {
		asOf = req.Today
	}
	var wg sync.WaitGroup
	var p *ReportProgress
	var err error
	wg.Go(func() { p, err = s.Progress.ReportProgress(ctx, city, asOf) })
	return func() (*ReportProgress, error) {
		wg.Wait()
		return p, err
	}
}

// pilots builds the pilot section: the province's report lists every
// pilot, a city's the pilots in the city; other scopes have none.
func (s *ReportService) pilots(ctx context.Context, req ReportRequest) (*PilotReport, error) {
	city := ""
	switch req.Scope.Kind {
	case ScopeProvince:
	case ScopeCity:
		city = reportRegionDivision(req.Scope.Region)
	default:
		return nil, nil
	}
	if s.Pilots == nil {
		return nil, nil
	}
	owed, err := s.Pilots.PilotOwed(ctx, req.Today)
	if err != nil {
		return nil, err
	}
	out := &PilotReport{}
	for _, o := range owed {
		if city == "" || CityCodeOf(o.RegionCode) == city {
			out.Owed = append(out.Owed, o)
		}
	}
	return out, nil
}

// reportRegionDivision is the campaign city (a CityCodeOf value) of a
// report's region code ("xian" → 610100; an area's code is its own).
func reportRegionDivision(region string) string {
	for _, r := range catalog.Regions() {
		if r.Code == region && r.Division != "" {
			return CityCodeOf(r.Division)
		}
	}
	return region
}

// scopeTitle names the scope for the report's title, checking that its
// organisation or community exists.
func (s *ReportService) scopeTitle(ctx context.Context, sc ReportScope) (string, error) {
	switch sc.Kind {
	case ScopeProvince:
		return reportRegionName(func(r catalog.Region) bool { return r.Level == "province" }, ""), nil
	case ScopeCity:
		return reportRegionName(func(r catalog.Region) bool { return r.Code == sc.Region }, sc.Region), nil
	case ScopeOrg:
		o, err := s.Store.Organization(ctx, sc.OrgID)
		return o.Name, err
	case ScopeCommunity:
		c, err := s.Store.Community(ctx, sc.CommunityID)
		return c.Name, err
	}
	return "", Invalid("report.scope_invalid", sc.Kind)
}

// reportRegionName returns the Chinese name of the first catalogue region that
// matches, or def.
func reportRegionName(match func(catalog.Region) bool, def string) string {
	for _, r := range catalog.Regions() {
		if match(r) {
			return r.Name
		}
	}
	return def
}
