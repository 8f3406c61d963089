package domain

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Case is a typical case (典型案例): a good practice of a community that a
// housing bureau records, with photos and video as attachments, and
// publishes on the public pages (宣传). The notice asks for such cases to be
// collected and spread; publishing is a step of its own, so a case is
// written and checked before anyone outside sees it.
type Case struct {
	ID          int64
	CommunityID int64
	// OrgID is the organisation of the user who recorded the case (the
	// city's or county's housing bureau); 0 for a provincial user without
	// one.
	OrgID     int64
	Title     string
	Text      string // plain text; paragraphs are separated by blank lines
	Status    CaseStatus
	CreatedBy int64
	Creator   string
	// FirstPublishedAt is when the case was first published, zero until
	// then; it never changes after, so a case unpublished and published
	// again is not "new" again in the monthly report.
	FirstPublishedAt time.Time
	PublishedAt      time.Time // the latest publication, zero until the first
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// CaseView is a case with the names the lists show: its community, where
// the community lies, and the recording bureau.
type CaseView struct {
	Case
	Community  string
	CityCode   string
	RegionCode string
	Bureau     string // the recording organisation's name, "" without one
}

// CaseStatus is where a case is in its publication.
type CaseStatus string

// The statuses of a case.
const (
	CaseDraft       CaseStatus = "draft"
	CasePublished   CaseStatus = "published"
	CaseUnpublished CaseStatus = "unpublished"
)

// CaseStatuses lists the statuses in their order.
func CaseStatuses() []CaseStatus { return []CaseStatus{CaseDraft, CasePublished, CaseUnpublished} }

// CaseAction is a step of a case's publication.
type CaseAction string

// The publication steps.
const (
	CasePublish   CaseAction = "publish"
	CaseUnpublish CaseAction = "unpublish"
)

var caseMoves = map[CaseAction]struct {
	from []CaseStatus
	to   CaseStatus
}{
	CasePublish:   {[]CaseStatus{CaseDraft, CaseUnpublished}, CasePublished},
	CaseUnpublish: {[]CaseStatus{CasePublished}, CaseUnpublished},
}

// NextCaseStatus returns the status that act leads to from cur: publish a
// draft or an unpublished case, unpublish a published one. Another step is
// ErrConflict; an unknown action ErrInvalid.
func NextCaseStatus(cur CaseStatus, act CaseAction) (CaseStatus, error) {
	m, ok := caseMoves[act]
	if !ok {
		return cur, Invalid("case.unknown_action", string(act))
	}
	if !slices.Contains(m.from, cur) {
		return cur, Fail(ErrConflict, "case.action_not_allowed", string(act), string(cur))
	}
	return m.to, nil
}

// Case limits.
const (
	maxCaseTitle = 200
	maxCaseText  = 20000
	maxPlace     = 200
	maxPeople    = 4000
)

// CaseInput is what a bureau writes of a case: its community, title and
// text. Creating and editing take the same input.
type CaseInput struct {
	CommunityID int64
	Title       string
	Text        string
}

// Validate checks the input on its own.
func (in *CaseInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.Text = strings.TrimSpace(strings.ReplaceAll(in.Text, "\r\n", "\n"))
	var p Problems
	p.Add(in.CommunityID <= 0, "case.community_required")
	p.Add(in.Title == "" || utf8.RuneCountInString(in.Title) > maxCaseTitle, "case.title_invalid", maxCaseTitle)
	p.Add(in.Text == "", "case.text_required")
	p.Add(utf8.RuneCountInString(in.Text) > maxCaseText, "case.text_too_long", maxCaseText)
	p.AddErr(checkText(in.Title + in.Text))
	return p.Err()
}

// CaseFilter narrows a case list. The scope's part (city, county,
// community) is set by the service from the actor.
type CaseFilter struct {
	Status      CaseStatus
	CommunityID int64
	CityCode    string
	RegionCode  string
	// ScopeCommunityID keeps one community's cases: a community user's.
	ScopeCommunityID int64
	// FirstPublishedFrom and FirstPublishedTo keep the cases first
	// published in [From, To).
	FirstPublishedFrom, FirstPublishedTo time.Time
}

// CaseReader reads cases and exchange activities.
type CaseReader interface {
	// Case returns one case with its names; ErrNotFound ("case.not_found").
	Case(ctx context.Context, id int64) (CaseView, error)
	// Cases lists cases newest first (by ID); no error kind of its own.
	Cases(ctx context.Context, f CaseFilter, p Page) ([]CaseView, error)
	// Exchange returns one exchange activity; ErrNotFound
	// ("exchange.not_found").
	Exchange(ctx context.Context, id int64) (ExchangeView, error)
	// Exchanges lists exchange activities newest first (by ID); no error
	// kind of its own.
	Exchanges(ctx context.Context, f ExchangeFilter, p Page) ([]ExchangeView, error)
}

// CaseWriter changes cases and exchange activities.
type CaseWriter interface {
	// CreateCase inserts c and sets c.ID and c.Version (1).
	CreateCase(ctx context.Context, c *Case) error
	// UpdateCase writes c if the stored version is still c.Version, and
	// bumps it; ErrConflict ("case.changed") otherwise.
	UpdateCase(ctx context.Context, c *Case) error
	// CreateExchange inserts x and sets x.ID and x.Version (1).
	CreateExchange(ctx context.Context, x *Exchange) error
	// UpdateExchange writes x if the stored version is still x.Version,
	// and bumps it; ErrConflict ("exchange.changed") otherwise.
	UpdateExchange(ctx context.Context, x *Exchange) error
}

// caseTarget names a case in the audit trail.
func caseTarget(id int64) string { return "case:" + itoa(id) }

// exchangeTarget names an exchange activity in the audit trail.
func exchangeTarget(id int64) string { return "exchange:" + itoa(id) }

// casePlace is the community a case is about, as scopes judge it.
func casePlace(v CaseView) Community {
	return Community{ID: v.CommunityID, CityCode: v.CityCode, RegionCode: v.RegionCode}
}

// scopeCases narrows f to what scope sees; false when it sees nothing.
func scopeCases(scope CampaignScope, f *CaseFilter) bool {
	cf := CommunityFilter{}
	if !scope.Filter(&cf) {
		return false
	}
	f.CityCode, f.RegionCode, f.ScopeCommunityID = cf.CityCode, cf.RegionCode, cf.ID
	return true
}
