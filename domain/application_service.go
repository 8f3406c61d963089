package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/domain/calendar"
	"xietong/domain/catalog"
)

// CampaignService carries campaign applications (创建申报) through their
// supervised review: the applicant opens, self-assesses with evidence and
// submits; the city bureau scores, returns, recommends or decides; the
// province inspects and decides province titles; accepting opens the public
// notice. Each review step is a real task (source campaign) for the
// reviewing bureau, so the supervision ladder and the reports count it.
// One transaction per step, with its event, audit row and mail.
type CampaignService struct {
	Store    Store
	Tasks    *TaskService
	Now      func() time.Time
	Location *time.Location
	// NoticeDays is the public notice's length in working days (default 5).
	NoticeDays int
	// StepDays are the working days each review step is given: "review"
	// (the city's review, default 10) and "inspect" (the province's
	// inspection and decision, default 20).
	StepDays map[string]int
}

// The steps whose deadlines StepDays sets, and their defaults.
const (
	StepKeyReview  = "review"
	StepKeyInspect = "inspect"
)

// DefaultStepDays returns the default working days per review step.
func DefaultStepDays() map[string]int { return map[string]int{StepKeyReview: 10, StepKeyInspect: 20} }

// DefaultNoticeDays is the public notice's default length in working days.
const DefaultNoticeDays = 5

// Events of an application's record that are not transitions.
const (
	EventAppOpen       AppAction = "open"
	EventAppSelfAssess AppAction = "self_assess"
	EventAppAttach     AppAction = "attach"
	EventAppRectify    AppAction = "rectify"
)

// ProvinceBureauCode is the organisation that inspects and decides
// province titles: the provincial department.
const ProvinceBureauCode = "shaanxi-housing"

// ReviewBureauCode returns the code of the housing bureau that reviews the
// applications of a campaign city (a CityCodeOf value): "<city>-housing"
// for a city, the area's own bureau for yangling, xixian and hancheng; ""
// for an unknown code. A county's communities are reviewed by their city.
func ReviewBureauCode(cityCode string) string {
	for _, a := range catalog.Areas() {
		if a.Code == cityCode {
			return a.Code + "-housing"
		}
	}
	for _, r := range catalog.Regions() {
		if r.Division == cityCode && r.Level == RegionCity {
			return r.Code + "-housing"
		}
	}
	return ""
}

// CityName returns the Chinese and English names of a campaign city.
func CityName(cityCode string) (zh, en string) {
	for _, a := range catalog.Areas() {
		if a.Code == cityCode {
			return a.Name, a.NameEn
		}
	}
	for _, r := range catalog.Regions() {
		if r.Division == cityCode && r.Level == RegionCity {
			return r.Name, r.NameEn
		}
	}
	return cityCode, cityCode
}

// applicationQueries is what deciding an application's visibility reads.
type applicationQueries interface {
	ApplicationReader
	OrgReader
	CommunityReader
}

// scopeOf returns a's campaign scope.
func scopeOf(ctx context.Context, q OrgReader, a Actor) (CampaignScope, error) {
	if a.Role == "" {
		return CampaignScope{}, Fail(ErrUnauthenticated, "auth.required")
	}
	var org Organization
	if a.OrgID != 0 {
		o, err := q.Organization(ctx, a.OrgID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return CampaignScope{}, err
		}
		org = o
	}
	return CampaignScopeOf(a, org), nil
}

// appPlace is the community an application concerns, as the application
// recorded its place when it opened: what scopes are checked against.
func appPlace(app Application) Community {
	return Community{ID: app.CommunityID, CityCode: app.CityCode, RegionCode: app.RegionCode}
}

// visibleApplication loads an application for a, hiding it (ErrNotFound)
// when a's scope does not see it.
func visibleApplication(ctx context.Context, q applicationQueries, a Actor, id int64) (Application, CampaignScope, error) {
	scope, err := scopeOf(ctx, q, a)
	if err != nil {
		return Application{}, scope, err
	}
	app, err := q.Application(ctx, id)
	if err != nil {
		return Application{}, scope, err
	}
	if !scope.Sees(appPlace(app)) {
		return Application{}, scope, Fail(ErrNotFound, "application.not_found", id)
	}
	return app, scope, nil
}

// AppPartiesOf returns the parties scope acts as on app: the applicant
// (the community's own users, or the bureau that manages it, or the
// province, on its behalf), the city (the bureau of the application's city,
// or the province for it) and the province. Leadership is none of them.
func AppPartiesOf(scope CampaignScope, app Application) []AppParty {
	var out []AppParty
	place := appPlace(app)
	if scope.CommunityID != 0 && scope.CommunityID == app.CommunityID || scope.Manages(place) {
		out = append(out, PartyApplicant)
	}
	if scope.Province || scope.City != "" && scope.City == app.CityCode {
		out = append(out, PartyCity)
	}
	if scope.Province {
		out = append(out, PartyProvince)
	}
	return out
}

// AllowedAppActions returns the actions scope may take on app now, in
// AppActions order.
func AllowedAppActions(scope CampaignScope, app Application) []AppAction {
	parties := AppPartiesOf(scope, app)
	var out []AppAction
	for _, act := range UserAppActions() {
		if _, party, err := AppNext(app.Level, app.Status, act); err == nil && slices.Contains(parties, party) {
			out = append(out, act)
		}
	}
	return out
}

// CanRectify reports whether scope may open a rectification task on app:
// the city party, once the review has a finding.
func CanRectify(scope CampaignScope, app Application) bool {
	return slices.Contains(AppPartiesOf(scope, app), PartyCity) && slices.Contains(rectifiable, app.Status)
}

// rectifiable are the statuses a finding exists in.
var rectifiable = []ApplicationStatus{AppReturned, AppRejected, AppScored, AppRecommended, AppInspected}

// requireParty fails with ErrForbidden unless scope is party on app.
func requireParty(scope CampaignScope, app Application, party AppParty) error {
	if scope.Reader || !slices.Contains(AppPartiesOf(scope, app), party) {
		return Fail(ErrForbidden, "application.forbidden")
	}
	return nil
}

// OpenApplication is what opens an application.
type OpenApplication struct {
	CommunityID int64
	Level       StandardLevel
	StandardID  int64
	// Reassessment is the title a re-assessment (复核) is for; only the
	// system sets it (the title's re-assessment job), and it lets a
	// community that holds a valid title apply again.
	Reassessment int64
}

// ApplicationDetail is an application as users see it.
type ApplicationDetail struct {
	ApplicationItem
	Standard       Standard
	Events         []ApplicationEvent
	Self           ScoreSheet // the self-assessment; zero when none
	Sheets         []ScoreSheet
	Inspections    []ScoreSheet
	Tasks          []TaskDetail
	Evidence       []Attachment
	Notice         *PublicNotice
	AllowedActions []AppAction
	CanRectify     bool
	// Scale is the community's scale, which decides the indicators that
	// apply and their points.
	Scale string
}

func (s *CampaignService) loc() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.UTC
}

func (s *CampaignService) stepDays(step string) int {
	if n := s.StepDays[step]; n > 0 {
		return n
	}
	return DefaultStepDays()[step]
}

func (s *CampaignService) noticeDays() int {
	if s.NoticeDays > 0 {
		return s.NoticeDays
	}
	return DefaultNoticeDays
}

// Open opens a draft application for a community at a level, against a
// published standard. The community's own users open for it; its bureau
// and the province may open on its behalf.
func (s *CampaignService) Open(ctx context.Context, a Actor, in OpenApplication) (ApplicationDetail, error) {
	var app Application
	err := s.Store.InTx(ctx, func(tx Tx) error {
		scope, err := scopeOf(ctx, tx, a)
		if err != nil {
			return err
		}
		if in.Level != LevelCity && in.Level != LevelProvince {
			return Invalid("application.level_invalid", string(in.Level))
		}
		if in.CommunityID <= 0 {
			return Invalid("application.community_required")
		}
		c, err := tx.Community(ctx, in.CommunityID)
		if errors.Is(err, ErrNotFound) || err == nil && !scope.Sees(c) {
			return Fail(ErrNotFound, "community.not_found", in.CommunityID)
		}
		if err != nil {
			return err
		}
		if scope.Reader || !(scope.CommunityID == c.ID || scope.Manages(c)) {
			return Fail(ErrForbidden, "application.forbidden")
		}
		if !c.Active {
			return Fail(ErrUnprocessable, "application.community_inactive", c.Name)
		}
		if c.CityCode == "" || ReviewBureauCode(c.CityCode) == "" {
			return Fail(ErrUnprocessable, "application.community_no_city", c.Name)
		}
		if c.Scale == "" {
			return Fail(ErrUnprocessable, "application.community_no_scale", c.Name)
		}
		st, err := tx.Standard(ctx, in.StandardID)
		if errors.Is(err, ErrNotFound) {
			return Fail(ErrUnprocessable, "application.standard_unknown", in.StandardID)
		}
		if err != nil {
			return err
		}
		if err := standardFits(st, in.Level, c); err != nil {
			return err
		}
		if in.Reassessment != 0 && a.Channel != ChannelSystem {
			in.Reassessment = 0
		}
		if _, held, err := tx.ActiveTitle(ctx, c.ID, in.Level); err != nil {
			return err
		} else if held && in.Reassessment == 0 {
			return Fail(ErrConflict, "application.title_held", c.Name)
		}
		now := tx.Now()
		app = Application{CommunityID: c.ID, CityCode: c.CityCode, RegionCode: c.RegionCode, Level: in.Level,
			StandardID: st.ID, Status: AppDraft, Reassessment: in.Reassessment, OpenedBy: a.UserID,
			CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateApplication(ctx, &app); err != nil {
			return err
		}
		return s.record(ctx, tx, a, app, EventAppOpen, "", "", AppDraft,
			fmt.Sprintf("community:%d %s standard:%d", c.ID, in.Level, st.ID))
	})
	if err != nil {
		return ApplicationDetail{}, err
	}
	return s.Application(ctx, a, app.ID)
}

// standardFits refuses a standard an application at level for c cannot be
// assessed against: not published, a city standard for a province title,
// a province title on a city standard, or another city's standard. A city
// title may use its city's standard or the province's.
func standardFits(st Standard, level StandardLevel, c Community) error {
	switch {
	case st.Status != StandardPublished:
		return Fail(ErrUnprocessable, "application.standard_not_published", st.Name, string(st.Status))
	case level == LevelProvince && st.Level != LevelProvince:
		return Fail(ErrUnprocessable, "application.standard_level", st.Name)
	case st.Level == LevelCity && st.RegionCode != c.CityCode && CityCodeOf(st.RegionCode) != c.CityCode:
		return Fail(ErrUnprocessable, "application.standard_other_city", st.Name)
	}
	return nil
}

// record appends an event to app's record and an audit row.
func (s *CampaignService) record(ctx context.Context, tx Tx, a Actor, app Application, act AppAction, note string,
	from, to ApplicationStatus, detail string) error {
	ch := a.Channel
	if ch == "" {
		ch = ChannelSystem
	}
	e := ApplicationEvent{ApplicationID: app.ID, At: tx.Now(), ActorID: a.UserID, Actor: a.Username,
		ActorOrgID: a.OrgID, Channel: ch, Action: act, Note: note, From: from, To: to}
	if err := tx.AddApplicationEvent(ctx, &e); err != nil {
		return err
	}
	if detail == "" {
		detail = string(from) + "→" + string(to)
		if from == to {
			detail = string(to)
		}
	}
	au := auditOf(a, e.At, "application."+string(act), applicationTarget(app.ID), detail)
	return tx.AddAudit(ctx, &au)
}

func applicationTarget(id int64) string { return "application:" + strconv.FormatInt(id, 10) }

// Application returns one application with its record, sheets, tasks,
// evidence and notice, and what a may do on it.
func (s *CampaignService) Application(ctx context.Context, a Actor, id int64) (ApplicationDetail, error) {
	app, scope, err := visibleApplication(ctx, s.Store, a, id)
	if err != nil {
		return ApplicationDetail{}, err
	}
	d := ApplicationDetail{ApplicationItem: ApplicationItem{Application: app}}
	c, err := s.Store.Community(ctx, app.CommunityID)
	if err != nil {
		return ApplicationDetail{}, err
	}
	d.CommunityName, d.CommunityNameEn, d.Scale = c.Name, c.NameEn, c.Scale
	d.City, _ = CityName(app.CityCode)
	if d.Standard, err = s.Store.Standard(ctx, app.StandardID); err != nil {
		return ApplicationDetail{}, err
	}
	if d.Events, err = s.Store.ApplicationEvents(ctx, id); err != nil {
		return ApplicationDetail{}, err
	}
	sheets, err := s.Store.ScoreSheets(ctx, id)
	if err != nil {
		return ApplicationDetail{}, err
	}
	for _, sh := range sheets {
		switch sh.Kind {
		case SheetSelf:
			d.Self = sh
		case SheetCity:
			d.Sheets = append(d.Sheets, sh)
		case SheetProvince:
			d.Inspections = append(d.Inspections, sh)
		}
	}
	tasks, err := s.Store.ApplicationTasks(ctx, id)
	if err != nil {
		return ApplicationDetail{}, err
	}
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return ApplicationDetail{}, err
	}
	for _, t := range tasks {
		d.Tasks = append(d.Tasks, s.Tasks.detail(cal, t))
		if t.Indicator == "" && t.Status.IsOpen() && (d.StepDue.IsZero() || t.Due.Before(d.StepDue)) {
			d.StepDue, d.StepTaskID = t.Due, t.ID
		}
	}
	if d.Evidence, err = s.Store.Attachments(ctx, AttachmentTarget{ApplicationID: id},
		Page{Limit: MaxPageSize * 5}); err != nil {
		return ApplicationDetail{}, err
	}
	if n, err := s.Store.PublicNoticeOf(ctx, id); err == nil {
		d.Notice = &n
	} else if !errors.Is(err, ErrNotFound) {
		return ApplicationDetail{}, err
	}
	d.AllowedActions = AllowedAppActions(scope, app)
	d.CanRectify = CanRectify(scope, app)
	return d, nil
}

// ListApplications is what narrows an application list beyond the filter:
// Inbox keeps what waits for the caller (a city bureau: submitted and
// scored; the province: recommended and inspected; an applicant: drafts
// and returned ones); RegionCode is a city's code (matching the campaign
// city) or a county's (matching the community's county).
type ListApplications struct {
	ApplicationFilter
	Region string
	Inbox  bool
}

// Applications lists the applications a's scope sees, newest first.
func (s *CampaignService) Applications(ctx context.Context, a Actor, in ListApplications, p Page) (List[ApplicationItem], error) {
	scope, err := scopeOf(ctx, s.Store, a)
	if err != nil {
		return List[ApplicationItem]{}, err
	}
	if scope.None() {
		return List[ApplicationItem]{}, Fail(ErrForbidden, "application.forbidden")
	}
	f := in.ApplicationFilter
	var p2 Problems
	p2.Add(f.Status != "" && !slices.Contains(ApplicationStatuses(), f.Status), "application.status_invalid",
		string(f.Status))
	p2.Add(f.Level != "" && f.Level != LevelCity && f.Level != LevelProvince, "application.level_invalid",
		string(f.Level))
	p2.Add(in.Region != "" && !ValidRegionCode(in.Region), "application.region_invalid", in.Region)
	if err := p2.Err(); err != nil {
		return List[ApplicationItem]{}, err
	}
	if in.Region != "" {
		if CityCodeOf(in.Region) == in.Region {
			f.CityCode = in.Region
		} else {
			f.RegionCode = in.Region
		}
	}
	empty := false
	narrow := func(field *string, v string) {
		if *field != "" && *field != v {
			empty = true
		}
		*field = v
	}
	switch {
	case scope.Province || scope.Reader:
	case scope.City != "":
		narrow(&f.CityCode, scope.City)
	case scope.County != "":
		narrow(&f.RegionCode, scope.County)
	default:
		if f.CommunityID != 0 && f.CommunityID != scope.CommunityID {
			empty = true
		}
		f.CommunityID = scope.CommunityID
	}
	if in.Inbox {
		f.Statuses = inboxStatuses(scope)
		empty = empty || len(f.Statuses) == 0
	}
	if empty {
		return List[ApplicationItem]{Items: []ApplicationItem{}}, nil
	}
	rows, err := s.Store.ApplicationItems(ctx, f, p)
	if err != nil {
		return List[ApplicationItem]{}, err
	}
	for i := range rows {
		rows[i].City, _ = CityName(rows[i].CityCode)
	}
	return Paginate(rows, p.Limit, func(x ApplicationItem) Cursor { return Cursor{ID: x.ID} }), nil
}

// inboxStatuses are the statuses in which an application waits for scope.
func inboxStatuses(scope CampaignScope) []ApplicationStatus {
	switch {
	case scope.Province:
		return []ApplicationStatus{AppRecommended, AppInspected}
	case scope.City != "":
		return []ApplicationStatus{AppSubmitted, AppScored}
	case scope.County != "", scope.CommunityID != 0:
		return []ApplicationStatus{AppDraft, AppReturned}
	}
	return nil
}

// SelfAssess saves the applicant's own points for some indicators (a
// draft: the others are kept), in draft or returned.
func (s *CampaignService) SelfAssess(ctx context.Context, a Actor, id int64, scores []IndicatorScore) (ApplicationDetail, error) {
	err := s.Store.InTx(ctx, func(tx Tx) error {
		app, scope, err := visibleApplication(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := requireParty(scope, app, PartyApplicant); err != nil {
			return err
		}
		if app.Status != AppDraft && app.Status != AppReturned {
			return Fail(ErrConflict, "application.not_editable", string(app.Status))
		}
		if len(scores) == 0 {
			return Invalid("application.scores_required")
		}
		st, c, err := s.standardAndCommunity(ctx, tx, app)
		if err != nil {
			return err
		}
		if err := CheckScores(st, c.Scale, scores, false); err != nil {
			return err
		}
		for i := range scores {
			scores[i].VetoFailed = false // the community does not fail its own veto items
		}
		sheets, err := tx.ScoreSheets(ctx, id)
		if err != nil {
			return err
		}
		now := tx.Now()
		self, ok := sheetOf(sheets, SheetSelf)
		all := mergeScores(st, self.Scores, scores)
		self.Total, _ = SheetTotal(all)
		self.UpdatedAt = now
		if !ok {
			self = ScoreSheet{ApplicationID: id, Kind: SheetSelf, Assessor: a.Username, EnteredBy: a.UserID,
				EnteredOrgID: a.OrgID, Total: self.Total, Scores: scores, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateScoreSheet(ctx, &self); err != nil {
				return err
			}
		} else {
			self.Scores = scores
			if err := tx.UpdateScoreSheet(ctx, &self); err != nil {
				return err
			}
		}
		v := float64(self.Total)
		app.SelfScore, app.UpdatedAt = &v, now
		if err := tx.UpdateApplication(ctx, &app); err != nil {
			return err
		}
		codes := make([]string, len(scores))
		for i, sc := range scores {
			codes[i] = sc.Indicator + "=" + strconv.Itoa(sc.Points)
		}
		return s.record(ctx, tx, a, app, EventAppSelfAssess, strings.Join(codes, ", "), app.Status, app.Status, "")
	})
	if err != nil {
		return ApplicationDetail{}, err
	}
	return s.Application(ctx, a, id)
}

func (s *CampaignService) standardAndCommunity(ctx context.Context, tx Tx, app Application) (Standard, Community, error) {
	st, err := tx.Standard(ctx, app.StandardID)
	if err != nil {
		return Standard{}, Community{}, err
	}
	c, err := tx.Community(ctx, app.CommunityID)
	return st, c, err
}

// checkApplicationAttach checks that a may add evidence for target's
// indicator: the applicant, while the application is a draft or returned,
// for an indicator of the standard that applies to the community.
func checkApplicationAttach(ctx context.Context, tx Tx, a Actor, target AttachmentTarget) error {
	app, scope, err := visibleApplication(ctx, tx, a, target.ApplicationID)
	if err != nil {
		return err
	}
	if err := requireParty(scope, app, PartyApplicant); err != nil {
		return Fail(ErrForbidden, "attachment.forbidden")
	}
	if app.Status != AppDraft && app.Status != AppReturned {
		return Fail(ErrConflict, "application.not_editable", string(app.Status))
	}
	st, err := tx.Standard(ctx, app.StandardID)
	if err != nil {
		return err
	}
	c, err := tx.Community(ctx, app.CommunityID)
	if err != nil {
		return err
	}
	in, ok := indicatorOf(st, target.Indicator)
	switch {
	case strings.TrimSpace(target.Indicator) == "":
		return Invalid("application.indicator_required")
	case !ok:
		return Invalid("application.indicator_unknown", target.Indicator)
	case in.Points[c.Scale] == nil:
		return Invalid("application.indicator_not_applicable", target.Indicator, c.Scale)
	}
	return nil
}

// recordApplicationAttach records an evidence file on its application.
func recordApplicationAttach(ctx context.Context, tx Tx, a Actor, att Attachment) error {
	ch := a.Channel
	if ch == "" {
		ch = ChannelSystem
	}
	app, err := tx.Application(ctx, att.ApplicationID)
	if err != nil {
		return err
	}
	e := ApplicationEvent{ApplicationID: att.ApplicationID, At: att.CreatedAt, ActorID: a.UserID, Actor: a.Username,
		ActorOrgID: a.OrgID, Channel: ch, Action: EventAppAttach, Note: att.Indicator + ": " + att.Filename,
		From: app.Status, To: app.Status}
	return tx.AddApplicationEvent(ctx, &e)
}

// AppCommand is one step on an application.
type AppCommand struct {
	Action      AppAction
	Note        string
	Assessor    string
	Scores      []IndicatorScore
	InspectedOn Date
	Inspectors  string
}

// Validate checks the command's shape without the record.
func (c *AppCommand) Validate() error {
	c.Note = strings.TrimSpace(c.Note)
	c.Assessor = strings.TrimSpace(c.Assessor)
	c.Inspectors = strings.TrimSpace(c.Inspectors)
	var p Problems
	p.Add(!slices.Contains(UserAppActions(), c.Action), "application.action_unknown", string(c.Action))
	p.Add(AppNeedsNote(c.Action) && c.Note == "", "application.note_required", string(c.Action))
	p.Add(utf8.RuneCountInString(c.Note) > MaxStepNote, "application.note_too_long", MaxStepNote)
	p.Add(utf8.RuneCountInString(c.Assessor) > MaxAssessor, "application.assessor_too_long", MaxAssessor)
	p.Add(utf8.RuneCountInString(c.Inspectors) > MaxInspectors, "application.inspectors_too_long", MaxInspectors)
	p.Add(c.Action == StepScore && len(c.Scores) == 0, "application.scores_required")
	p.Add(c.Action == StepInspect && c.InspectedOn.IsZero(), "application.inspected_on_required")
	p.Add(c.Action == StepInspect && c.Inspectors == "", "application.inspectors_required")
	p.AddErr(checkText(c.Note))
	p.AddErr(checkText(c.Assessor))
	p.AddErr(checkText(c.Inspectors))
	return p.Err()
}

// Act takes one step on an application. Out of scope is ErrNotFound; the
// wrong party ErrForbidden; a step the status does not allow ErrConflict;
// a step the scores refuse (missing items, a failed veto, a score below
// the pass mark) ErrUnprocessable.
func (s *CampaignService) Act(ctx context.Context, a Actor, id int64, cmd AppCommand) (ApplicationDetail, error) {
	if a.Role == "" {
		return ApplicationDetail{}, Fail(ErrUnauthenticated, "auth.required")
	}
	if err := cmd.Validate(); err != nil {
		return ApplicationDetail{}, err
	}
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return ApplicationDetail{}, err
	}
	err = s.Store.InTx(ctx, func(tx Tx) error {
		tx = withMemo(tx)
		app, scope, err := visibleApplication(ctx, tx, a, id)
		if err != nil {
			return err
		}
		to, party, err := AppNext(app.Level, app.Status, cmd.Action)
		if err != nil {
			// The wrong party learns that first, whatever the status.
			if perr := requireAnyParty(scope, app, cmd.Action); perr != nil {
				return perr
			}
			return err
		}
		if err := requireParty(scope, app, party); err != nil {
			return err
		}
		return s.step(ctx, tx, cal, a, &app, cmd, to)
	})
	if err != nil {
		return ApplicationDetail{}, err
	}
	return s.Application(ctx, a, id)
}

// requireAnyParty fails with ErrForbidden when scope is none of the
// parties that may ever take act on app.
func requireAnyParty(scope CampaignScope, app Application, act AppAction) error {
	parties := AppPartiesOf(scope, app)
	for _, t := range appTransitions {
		if t.action == act && (t.level == "" || t.level == app.Level) && slices.Contains(parties, t.party) &&
			!scope.Reader {
			return nil
		}
	}
	return Fail(ErrForbidden, "application.forbidden")
}

// step applies cmd, moving app to to.
func (s *CampaignService) step(ctx context.Context, tx Tx, cal *calendar.Calendar, a Actor, app *Application,
	cmd AppCommand, to ApplicationStatus) error {
	st, c, err := s.standardAndCommunity(ctx, tx, *app)
	if err != nil {
		return err
	}
	sheets, err := tx.ScoreSheets(ctx, app.ID)
	if err != nil {
		return err
	}
	now := tx.Now()
	from := app.Status
	note := cmd.Note
	switch cmd.Action {
	case StepSubmit:
		self, _ := sheetOf(sheets, SheetSelf)
		files, err := tx.Attachments(ctx, AttachmentTarget{ApplicationID: app.ID}, Page{Limit: MaxPageSize * 5})
		if err != nil {
			return err
		}
		evidence := map[string]int{}
		for _, f := range files {
			evidence[f.Indicator]++
		}
		noScore, noEvidence := MissingForSubmit(st, c.Scale, self.Scores, evidence)
		if len(noScore) > 0 || len(noEvidence) > 0 {
			return Fail(ErrUnprocessable, "application.incomplete", listOrDash(noScore), listOrDash(noEvidence))
		}
		app.SubmittedAt = now
	case StepScore:
		if err := CheckScores(st, c.Scale, cmd.Scores, true); err != nil {
			return err
		}
		sh := ScoreSheet{ApplicationID: app.ID, Kind: SheetCity, Assessor: cmd.Assessor, EnteredBy: a.UserID,
			EnteredOrgID: a.OrgID, Note: cmd.Note, Scores: cmd.Scores, CreatedAt: now, UpdatedAt: now}
		if sh.Assessor == "" {
			sh.Assessor = displayName(a)
		}
		sh.Total, sh.VetoFailed = SheetTotal(sh.Scores)
		if err := tx.CreateScoreSheet(ctx, &sh); err != nil {
			return err
		}
		sheets = append(sheets, sh)
		note = joinNote(fmt.Sprintf("%s: %d", sh.Assessor, sh.Total), cmd.Note)
		if sh.VetoFailed {
			note = joinNote(note, "(veto)")
		}
	case StepInspect:
		sh := ScoreSheet{ApplicationID: app.ID, Kind: SheetProvince, Assessor: displayName(a), EnteredBy: a.UserID,
			EnteredOrgID: a.OrgID, InspectedOn: cmd.InspectedOn, Inspectors: cmd.Inspectors, Note: cmd.Note,
			CreatedAt: now, UpdatedAt: now}
		if len(cmd.Scores) > 0 {
			if err := CheckScores(st, c.Scale, cmd.Scores, true); err != nil {
				return err
			}
			sh.Scores = cmd.Scores
			sh.Total, sh.VetoFailed = SheetTotal(sh.Scores)
		}
		if err := tx.CreateScoreSheet(ctx, &sh); err != nil {
			return err
		}
		sheets = append(sheets, sh)
		note = joinNote(cmd.InspectedOn.String()+" "+cmd.Inspectors, cmd.Note)
	}
	app.Scores(sheets)
	switch cmd.Action {
	case StepRecommend:
		if err := CheckPass(*app, app.CityScore, st.PassScore); err != nil {
			return err
		}
	case StepAccept:
		if err := CheckPass(*app, app.DecidingScore(), st.PassScore); err != nil {
			return err
		}
	}
	if cmd.Action == StepAccept || cmd.Action == StepReject {
		app.DecidedAt = now
	}
	app.Status, app.UpdatedAt = to, now
	if err := tx.UpdateApplication(ctx, app); err != nil {
		return err
	}
	if err := s.record(ctx, tx, a, *app, cmd.Action, note, from, to, ""); err != nil {
		return err
	}
	if err := s.moveTasks(ctx, tx, cal, a, *app, c, cmd.Action); err != nil {
		return err
	}
	if err := s.notify(ctx, tx, a, *app, c, cmd.Action, cmd.Note); err != nil {
		return err
	}
	if cmd.Action == StepAccept {
		return s.publicize(ctx, tx, cal, app, c)
	}
	return nil
}

func listOrDash(codes []string) string {
	if len(codes) == 0 {
		return "—"
	}
	return strings.Join(codes, ", ")
}

// publicize opens the public notice of an accepted application and moves
// it to publicized, both as the system, in the acceptance's transaction.
// The notice runs NoticeDays working days from the day of acceptance (the
// next working day when that is not one).
func (s *CampaignService) publicize(ctx context.Context, tx Tx, cal *calendar.Calendar, app *Application, c Community) error {
	now := tx.Now()
	from := cal.NextWorkingDay(calendar.DateOf(now, s.loc()))
	to, _ := cal.AddWorkingDays(from, s.noticeDays()-1)
	score := app.DecidingScore()
	n := PublicNotice{ApplicationID: app.ID, CommunityID: app.CommunityID, CityCode: app.CityCode, Level: app.Level,
		Score: *score, From: from, To: to, Status: NoticeOpen, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreatePublicNotice(ctx, &n); err != nil {
		return err
	}
	next, _, err := AppNext(app.Level, app.Status, StepPublicize)
	if err != nil {
		return err
	}
	prev := app.Status
	app.Status = next
	if err := tx.UpdateApplication(ctx, app); err != nil {
		return err
	}
	sys := Actor{Username: "system", Channel: ChannelSystem}
	return s.record(ctx, tx, sys, *app, StepPublicize, from.String()+" – "+to.String(), prev, next,
		fmt.Sprintf("notice:%d %s..%s", n.ID, from, to))
}

// moveTasks opens and closes the review tasks a step causes: submitting
// opens the city's review task; a return, a decision, a recommendation or
// a withdrawal closes the open review tasks; a recommendation opens the
// province's inspection task.
func (s *CampaignService) moveTasks(ctx context.Context, tx Tx, cal *calendar.Calendar, a Actor, app Application,
	c Community, act AppAction) error {
	switch act {
	case StepReturn, StepRecommend, StepAccept, StepReject, StepWithdraw:
		if err := s.closeReviewTasks(ctx, tx, app, act); err != nil {
			return err
		}
	}
	sys := Actor{Username: "system", Role: RoleAdmin, Channel: ChannelSystem}
	levelZh := map[StandardLevel]string{LevelCity: "市级称号", LevelProvince: "省级称号"}[app.Level]
	var code, title string
	var days int
	switch act {
	case StepSubmit:
		code, days = ReviewBureauCode(app.CityCode), s.stepDays(StepKeyReview)
		title = "审核创建申报：" + c.Name + "（" + levelZh + "）"
	case StepRecommend:
		code, days = ProvinceBureauCode, s.stepDays(StepKeyInspect)
		title = "验收创建申报：" + c.Name + "（" + levelZh + "）"
	default:
		return nil
	}
	org, err := tx.OrganizationByCode(ctx, code)
	if errors.Is(err, ErrNotFound) {
		return Fail(ErrUnprocessable, "application.bureau_missing", code)
	}
	if err != nil {
		return err
	}
	_, err = s.Tasks.create(ctx, tx, sys, CreateTask{Title: title,
		Description: fmt.Sprintf("申报 #%d（%s）", app.ID, c.Name), LeadOrgID: org.ID, CommunityID: app.CommunityID,
		Priority: PriorityNormal, Source: SourceCampaign, Category: "other", DueInWorkingDays: days,
		ApplicationID: app.ID}, cal)
	return err
}

// closeReviewTasks closes the application's open review tasks as the
// system, each with a system event on its record.
func (s *CampaignService) closeReviewTasks(ctx context.Context, tx Tx, app Application, act AppAction) error {
	tasks, err := tx.ApplicationTasks(ctx, app.ID)
	if err != nil {
		return err
	}
	now := tx.Now()
	for _, t := range tasks {
		if t.Indicator != "" || !t.Status.IsOpen() {
			continue
		}
		from, prev := t.Status, t.Version
		t.Status, t.ClosedAt, t.UpdatedAt, t.LadderChanged = StatusClosed, now, now, true
		t.ExtensionTo, t.TransferRequested = Date{}, false
		if err := tx.UpdateTask(ctx, &t, prev); err != nil {
			return err
		}
		e := TaskEvent{TaskID: t.ID, At: now, Actor: "system", Channel: ChannelSystem, Action: string(ActClose),
			Note: "application:" + strconv.FormatInt(app.ID, 10) + " " + string(act), From: from, To: StatusClosed}
		if err := tx.AddTaskEvent(ctx, &e); err != nil {
			return err
		}
	}
	return nil
}

// Rectification is a rectification task (整改) opened from a finding.
type Rectification struct {
	Indicator        string
	Title            string
	Description      string
	LeadOrgID        int64
	CoOrgIDs         []int64
	DueInWorkingDays int
}

// Rectify opens a rectification task on an application's finding, through
// the task service's creation path (deadline in working days, mail to the
// departments, the ladder). The city party only, from a returned,
// rejected, scored, recommended or inspected application.
func (s *CampaignService) Rectify(ctx context.Context, a Actor, id int64, r Rectification) (TaskDetail, error) {
	if a.Role == "" {
		return TaskDetail{}, Fail(ErrUnauthenticated, "auth.required")
	}
	cal, err := s.Tasks.Calendar.Calendar(ctx)
	if err != nil {
		return TaskDetail{}, err
	}
	var t Task
	err = s.Store.InTx(ctx, func(tx Tx) error {
		tx = withMemo(tx)
		app, scope, err := visibleApplication(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := requireParty(scope, app, PartyCity); err != nil {
			return err
		}
		if !slices.Contains(rectifiable, app.Status) {
			return Fail(ErrConflict, "application.no_finding", string(app.Status))
		}
		st, err := tx.Standard(ctx, app.StandardID)
		if err != nil {
			return err
		}
		r.Indicator = strings.TrimSpace(r.Indicator)
		if r.Indicator == "" {
			return Invalid("application.indicator_required")
		}
		if _, ok := indicatorOf(st, r.Indicator); !ok {
			return Invalid("application.indicator_unknown", r.Indicator)
		}
		if r.DueInWorkingDays <= 0 {
			return Invalid("application.rectify_days_required")
		}
		if t, err = s.Tasks.create(ctx, tx, a, CreateTask{Title: r.Title, Description: r.Description,
			LeadOrgID: r.LeadOrgID, CoOrgIDs: r.CoOrgIDs, CommunityID: app.CommunityID, Priority: PriorityNormal,
			Source: SourceCampaign, Category: "other", DueInWorkingDays: r.DueInWorkingDays,
			ApplicationID: app.ID, Indicator: r.Indicator}, cal); err != nil {
			return err
		}
		return s.record(ctx, tx, a, app, EventAppRectify, r.Indicator+": "+t.Title, app.Status, app.Status,
			"task:"+strconv.FormatInt(t.ID, 10))
	})
	if err != nil {
		return TaskDetail{}, err
	}
	return s.Tasks.detail(cal, t), nil
}

// Bureau returns the organisation of the bureau that reviews app's city.
func (s *CampaignService) Bureau(ctx context.Context, app Application) (Organization, error) {
	return s.Store.OrganizationByCode(ctx, ReviewBureauCode(app.CityCode))
}

// Today is the service's civil day.
func (s *CampaignService) Today() Date { return calendar.DateOf(s.Now(), s.loc()) }

// Scope returns a's campaign scope, for pages that show what a may do.
func (s *CampaignService) Scope(ctx context.Context, a Actor) (CampaignScope, error) {
	return scopeOf(ctx, s.Store, a)
}
