package domain

import (
	"slices"
	"time"
)

// Application is a community's application for a title (创建申报): at a
// level (a city title or a province title), against one published standard,
// through the city's review, for a province title the province's inspection,
// the public notice, and naming.
//
// CityCode and RegionCode are copied from the community when the
// application opens, so the city bureau that reviews it stays the same if
// the register later moves the community, and lists filter without a join.
type Application struct {
	ID          int64
	CommunityID int64
	CityCode    string
	RegionCode  string
	Level       StandardLevel // LevelCity or LevelProvince: the title applied for
	StandardID  int64
	Status      ApplicationStatus
	// Scores as the review found them, nil until given: the community's own
	// total, the mean of the city's assessors' sheets, the province's
	// inspection score.
	SelfScore     *float64
	CityScore     *float64
	ProvinceScore *float64
	VetoFailed    bool  // an assessor failed a veto item (一票否决)
	Reassessment  int64 // the title this application re-assesses (复核), 0 for a first application
	OpenedBy      int64
	SubmittedAt   time.Time // last submission; zero before
	DecidedAt     time.Time // accepted or rejected; zero before
	Version       int       // bumped by every write: UpdateApplication refuses a stale one
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ApplicationStatus is where an application is in its life.
type ApplicationStatus string

// The statuses of an application. A city title goes draft → submitted →
// scored → accepted → publicized → named; a province title passes through
// recommended (the city's recommendation) and inspected (the province's
// acceptance inspection) between scored and accepted. returned goes back to
// the applicant; rejected and withdrawn end it.
const (
	AppDraft       ApplicationStatus = "draft"
	AppSubmitted   ApplicationStatus = "submitted"
	AppReturned    ApplicationStatus = "returned"
	AppScored      ApplicationStatus = "scored"
	AppRecommended ApplicationStatus = "recommended"
	AppInspected   ApplicationStatus = "inspected"
	AppAccepted    ApplicationStatus = "accepted"
	AppPublicized  ApplicationStatus = "publicized"
	AppNamed       ApplicationStatus = "named"
	AppRejected    ApplicationStatus = "rejected"
	AppWithdrawn   ApplicationStatus = "withdrawn"
)

// ApplicationStatuses returns every status in lifecycle order, in a fresh
// slice.
func ApplicationStatuses() []ApplicationStatus {
	return []ApplicationStatus{AppDraft, AppSubmitted, AppReturned, AppScored, AppRecommended, AppInspected,
		AppAccepted, AppPublicized, AppNamed, AppRejected, AppWithdrawn}
}

// Open reports whether an application in status s is still under way: a
// community has at most one open application per level.
func (s ApplicationStatus) Open() bool {
	return s != AppNamed && s != AppRejected && s != AppWithdrawn && s != ""
}

// OpenApplicationStatuses returns the statuses Open reports true for.
func OpenApplicationStatuses() []ApplicationStatus {
	var out []ApplicationStatus
	for _, s := range ApplicationStatuses() {
		if s.Open() {
			out = append(out, s)
		}
	}
	return out
}

// AppAction is a step someone takes on an application.
type AppAction string

// The actions. The applicant (the community, or its bureau on its behalf)
// submits and withdraws; the city bureau returns, scores, recommends (a
// province title) and for a city title accepts or rejects; the province
// inspects and for a province title accepts or rejects. publicize, name
// and the objection outcome are the system's: accepting opens the public
// notice (publicize), and the scheduler names the community when the
// notice ends clean (name) or the notice's upheld objection rejects it
// (object).
const (
	StepSubmit    AppAction = "submit"
	StepWithdraw  AppAction = "withdraw"
	StepReturn    AppAction = "return"
	StepScore     AppAction = "score"
	StepRecommend AppAction = "recommend"
	StepInspect   AppAction = "inspect"
	StepAccept    AppAction = "accept"
	StepReject    AppAction = "reject"
	StepPublicize AppAction = "publicize"
	StepName      AppAction = "name"
	StepObject    AppAction = "object"
)

// AppActions returns every action, in a fresh slice.
func AppActions() []AppAction {
	return []AppAction{StepSubmit, StepWithdraw, StepReturn, StepScore, StepRecommend, StepInspect, StepAccept,
		StepReject, StepPublicize, StepName, StepObject}
}

// UserAppActions returns the actions a person may ask for over the API or
// the web (the others are the system's), in a fresh slice.
func UserAppActions() []AppAction {
	return []AppAction{StepSubmit, StepWithdraw, StepReturn, StepScore, StepRecommend, StepInspect, StepAccept, StepReject}
}

// AppParty is who takes a step.
type AppParty string

// The parties of an application.
const (
	PartyApplicant AppParty = "applicant" // the community or its bureau on its behalf
	PartyCity      AppParty = "city"      // the city's housing bureau (or the province for it)
	PartyProvince  AppParty = "province"  // the provincial department
	PartySystem    AppParty = "system"
)

type appTransition struct {
	action AppAction
	level  StandardLevel // "" for both levels
	from   []ApplicationStatus
	to     ApplicationStatus
	party  AppParty
	note   bool // a reason is required
}

// appTransitions is the one table of the application's state machine.
var appTransitions = []appTransition{
	{StepSubmit, "", []ApplicationStatus{AppDraft, AppReturned}, AppSubmitted, PartyApplicant, false},
	{StepWithdraw, "", []ApplicationStatus{AppDraft, AppSubmitted, AppReturned}, AppWithdrawn, PartyApplicant, false},
	{StepReturn, "", []ApplicationStatus{AppSubmitted, AppScored}, AppReturned, PartyCity, true},
	// Each assessor's sheet is a score action; the first moves the
	// application to scored, later ones keep it there.
	{StepScore, "", []ApplicationStatus{AppSubmitted, AppScored}, AppScored, PartyCity, false},
	{StepRecommend, LevelProvince, []ApplicationStatus{AppScored}, AppRecommended, PartyCity, false},
	{StepInspect, LevelProvince, []ApplicationStatus{AppRecommended, AppInspected}, AppInspected, PartyProvince, false},
	{StepAccept, LevelCity, []ApplicationStatus{AppScored}, AppAccepted, PartyCity, false},
	{StepAccept, LevelProvince, []ApplicationStatus{AppInspected}, AppAccepted, PartyProvince, false},
	{StepReject, LevelCity, []ApplicationStatus{AppScored}, AppRejected, PartyCity, true},
	{StepReject, LevelProvince, []ApplicationStatus{AppRecommended, AppInspected}, AppRejected, PartyProvince, true},
	{StepPublicize, "", []ApplicationStatus{AppAccepted}, AppPublicized, PartySystem, false},
	{StepName, "", []ApplicationStatus{AppPublicized}, AppNamed, PartySystem, false},
	{StepObject, "", []ApplicationStatus{AppPublicized}, AppRejected, PartySystem, true},
}

func findAppTransition(level StandardLevel, from ApplicationStatus, act AppAction) (appTransition, bool) {
	for _, t := range appTransitions {
		if t.action == act && (t.level == "" || t.level == level) && slices.Contains(t.from, from) {
			return t, true
		}
	}
	return appTransition{}, false
}

// AppNext returns the status an application at level in status from moves
// to on act, and the party who may take it; ErrConflict
// ("application.action_not_allowed") when the step is not allowed now.
func AppNext(level StandardLevel, from ApplicationStatus, act AppAction) (ApplicationStatus, AppParty, error) {
	t, ok := findAppTransition(level, from, act)
	if !ok {
		return "", "", Fail(ErrConflict, "application.action_not_allowed", string(act), string(from))
	}
	return t.to, t.party, nil
}

// AppActionsFrom returns the actions allowed from status at level, in
// AppActions order, for party ("" for every party).
func AppActionsFrom(level StandardLevel, from ApplicationStatus, party AppParty) []AppAction {
	var out []AppAction
	for _, act := range AppActions() {
		if t, ok := findAppTransition(level, from, act); ok && (party == "" || t.party == party) {
			out = append(out, act)
		}
	}
	return out
}

// AppNeedsNote reports whether act needs a reason (return, reject, and an
// upheld objection).
func AppNeedsNote(act AppAction) bool {
	for _, t := range appTransitions {
		if t.action == act {
			return t.note
		}
	}
	return false
}

// ApplicationEvent is one step in an application's record (留痕): who, in
// which organisation, through which channel, when, and why.
type ApplicationEvent struct {
	ID            int64
	ApplicationID int64
	At            time.Time
	ActorID       int64 // 0 for the system
	Actor         string
	ActorOrgID    int64
	Channel       Channel
	Action        AppAction
	Note          string
	From          ApplicationStatus
	To            ApplicationStatus
}

// ApplicationFilter narrows an application list. Scope fields are set by
// the service from the caller's CampaignScope; the rest come from the
// query.
type ApplicationFilter struct {
	Status      ApplicationStatus
	Statuses    []ApplicationStatus // any of these (an inbox)
	Level       StandardLevel
	CityCode    string // the campaign city (scope or ?region_code= of a city)
	RegionCode  string // exactly this region code (a county)
	CommunityID int64
}

// PublicNotice is an accepted application's public notice (公示): the period
// anyone may object in. It opens when the application is accepted, runs
// From..To (working days, inclusive), and ends named (every objection
// resolved, none upheld) or stopped (an objection upheld).
type PublicNotice struct {
	ID            int64
	ApplicationID int64
	CommunityID   int64
	CityCode      string
	Level         StandardLevel
	Score         float64 // the score the decision rests on, as announced
	From          Date
	To            Date
	Status        NoticeStatus
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// NoticeStatus is where a public notice is.
type NoticeStatus string

// The statuses of a public notice.
const (
	NoticeOpen    NoticeStatus = "open"    // in its period, or ended and waiting for objections to be resolved
	NoticeNamed   NoticeStatus = "named"   // ended clean: the community was named
	NoticeStopped NoticeStatus = "stopped" // an upheld objection stopped the naming
)

// NoticeStatuses returns every notice status, in a fresh slice.
func NoticeStatuses() []NoticeStatus { return []NoticeStatus{NoticeOpen, NoticeNamed, NoticeStopped} }

// Title is a harmonious-community title (和谐社区称号) a community holds at
// a level: granted when its application is named, for a term, then
// re-assessed (复核); it can expire or be revoked (动态管理，不搞终身制).
// History is kept: a title row is never deleted.
type Title struct {
	ID            int64
	CommunityID   int64
	CityCode      string
	ApplicationID int64 // the application that earned it
	Level         StandardLevel
	CertificateNo string
	GrantedOn     Date
	ExpiresOn     Date // the last day it is valid
	Status        TitleStatus
	// EndedOn is the day it stopped being valid (expired, revoked or
	// replaced by a re-assessed title); zero while active.
	EndedOn   Date
	Reason    string // why it was revoked
	RevokedBy int64
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TitleStatus is where a title is.
type TitleStatus string

// The statuses of a title.
const (
	TitleActive  TitleStatus = "active"
	TitleExpired TitleStatus = "expired"
	TitleRevoked TitleStatus = "revoked"
)

// TitleStatuses returns every title status, in a fresh slice.
func TitleStatuses() []TitleStatus { return []TitleStatus{TitleActive, TitleExpired, TitleRevoked} }

// TitleFilter narrows a title list.
type TitleFilter struct {
	Status      TitleStatus
	Level       StandardLevel
	CityCode    string
	RegionCode  string
	CommunityID int64
}
