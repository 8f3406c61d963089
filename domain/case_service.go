package domain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"xietong/domain/calendar"
)

// CaseService keeps the typical cases and the exchange activities. A
// housing bureau records cases for the communities it manages
// (CampaignScope.Manages: the province for all, a city bureau its city's,
// a county bureau its county's) and publishes or unpublishes them; the
// province may unpublish any. Leadership reads all; a community user reads
// their own community's. Every change writes an audit row in its
// transaction. The public reads only published cases and only their
// photos and video.
type CaseService struct {
	Store    CaseStore
	Now      func() time.Time
	Location *time.Location // the zone of the report's months
}

// CaseStore is CaseService's.
type CaseStore interface {
	Transactor
	CaseReader
	OrgReader
	CommunityReader
	AttachmentReader
}

// caseQueries is what the case and exchange checks read.
type caseQueries interface {
	CaseReader
	OrgReader
	CommunityReader
}

// CaseRights are what an actor may do on one case, for the pages' buttons.
type CaseRights struct {
	Edit      bool
	Publish   bool
	Unpublish bool
}

// IsMediaType reports whether a sniffed content type is a picture or a
// video: what a case's files may be.
func IsMediaType(ct string) bool {
	return strings.HasPrefix(ct, "image/") || strings.HasPrefix(ct, "video/")
}

// visibleCase loads a case a may read; one outside a's scope is
// ErrNotFound.
func visibleCase(ctx context.Context, q caseQueries, a Actor, id int64) (CaseView, CampaignScope, error) {
	scope, err := scopeOf(ctx, q, a)
	if err != nil {
		return CaseView{}, scope, err
	}
	v, err := q.Case(ctx, id)
	if err != nil {
		return CaseView{}, scope, err
	}
	if !scope.Sees(casePlace(v)) {
		return CaseView{}, scope, Fail(ErrNotFound, "case.not_found", id)
	}
	return v, scope, nil
}

// editableCase loads a case a may change: ErrNotFound when a cannot see
// it, ErrForbidden when a only reads it.
func editableCase(ctx context.Context, q caseQueries, a Actor, id int64) (CaseView, CampaignScope, error) {
	v, scope, err := visibleCase(ctx, q, a, id)
	if err != nil {
		return v, scope, err
	}
	if !scope.Manages(casePlace(v)) {
		return v, scope, Fail(ErrForbidden, "case.forbidden")
	}
	return v, scope, nil
}

// RightsOf says what a may do on v.
func (s *CaseService) RightsOf(ctx context.Context, a Actor, v CaseView) (CaseRights, error) {
	scope, err := scopeOf(ctx, s.Store, a)
	if err != nil {
		return CaseRights{}, err
	}
	m := scope.Manages(casePlace(v))
	_, pubErr := NextCaseStatus(v.Status, CasePublish)
	_, unpubErr := NextCaseStatus(v.Status, CaseUnpublish)
	return CaseRights{Edit: m, Publish: m && pubErr == nil, Unpublish: m && unpubErr == nil}, nil
}

// Create records a draft case for a community a manages. A community a
// cannot see is ErrNotFound; one a sees but does not manage ErrForbidden.
func (s *CaseService) Create(ctx context.Context, a Actor, in CaseInput) (CaseView, error) {
	if err := in.Validate(); err != nil {
		return CaseView{}, err
	}
	var id int64
	err := s.Store.InTx(ctx, func(tx Tx) error {
		if err := checkCaseCommunity(ctx, tx, a, in.CommunityID); err != nil {
			return err
		}
		now := tx.Now().UTC()
		c := Case{CommunityID: in.CommunityID, OrgID: a.OrgID, Title: in.Title, Text: in.Text, Status: CaseDraft,
			CreatedBy: a.UserID, Creator: a.Username, CreatedAt: now, UpdatedAt: now}
		if err := tx.CreateCase(ctx, &c); err != nil {
			return err
		}
		id = c.ID
		e := auditOf(a, now, "case.create", caseTarget(c.ID), c.Title)
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return CaseView{}, err
	}
	return s.Store.Case(ctx, id)
}

// checkCaseCommunity checks that a manages the community a case is about.
func checkCaseCommunity(ctx context.Context, q caseQueries, a Actor, communityID int64) error {
	scope, err := scopeOf(ctx, q, a)
	if err != nil {
		return err
	}
	c, err := q.Community(ctx, communityID)
	if err != nil {
		return err
	}
	switch {
	case scope.Manages(c):
		return nil
	case scope.Sees(c):
		return Fail(ErrForbidden, "case.forbidden")
	}
	return Fail(ErrNotFound, "community.not_found", communityID)
}

// Update rewrites a case's community, title and text, in any status: a
// published case shows the new text at once.
func (s *CaseService) Update(ctx context.Context, a Actor, id int64, in CaseInput) (CaseView, error) {
	if err := in.Validate(); err != nil {
		return CaseView{}, err
	}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		v, _, err := editableCase(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if in.CommunityID != v.CommunityID {
			if err := checkCaseCommunity(ctx, tx, a, in.CommunityID); err != nil {
				return err
			}
		}
		c := v.Case
		c.CommunityID, c.Title, c.Text, c.UpdatedAt = in.CommunityID, in.Title, in.Text, tx.Now().UTC()
		if err := tx.UpdateCase(ctx, &c); err != nil {
			return err
		}
		e := auditOf(a, c.UpdatedAt, "case.update", caseTarget(id), c.Title)
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return CaseView{}, err
	}
	return s.Store.Case(ctx, id)
}

// Act publishes or unpublishes a case (NextCaseStatus), for a bureau that
// manages its community; the province manages every community, so it may
// unpublish any. The first publication stamps FirstPublishedAt.
func (s *CaseService) Act(ctx context.Context, a Actor, id int64, act CaseAction) (CaseView, error) {
	err := s.Store.InTx(ctx, func(tx Tx) error {
		v, _, err := editableCase(ctx, tx, a, id)
		if err != nil {
			return err
		}
		to, err := NextCaseStatus(v.Status, act)
		if err != nil {
			return err
		}
		c, now := v.Case, tx.Now().UTC()
		from := c.Status
		c.Status, c.UpdatedAt = to, now
		if to == CasePublished {
			c.PublishedAt = now
			if c.FirstPublishedAt.IsZero() {
				c.FirstPublishedAt = now
			}
		}
		if err := tx.UpdateCase(ctx, &c); err != nil {
			return err
		}
		e := auditOf(a, now, "case."+string(act), caseTarget(id), fmt.Sprintf("%s → %s", from, to))
		return tx.AddAudit(ctx, &e)
	})
	if err != nil {
		return CaseView{}, err
	}
	return s.Store.Case(ctx, id)
}

// Get returns a case a may read; ErrNotFound otherwise.
func (s *CaseService) Get(ctx context.Context, a Actor, id int64) (CaseView, error) {
	v, _, err := visibleCase(ctx, s.Store, a, id)
	return v, err
}

// List returns the cases in a's scope that f keeps, newest first.
func (s *CaseService) List(ctx context.Context, a Actor, f CaseFilter, p Page) (List[CaseView], error) {
	scope, err := scopeOf(ctx, s.Store, a)
	if err != nil {
		return List[CaseView]{}, err
	}
	if f.Status != "" && !caseStatusKnown(f.Status) {
		return List[CaseView]{}, Invalid("case.status_invalid", string(f.Status))
	}
	if !scopeCases(scope, &f) {
		return List[CaseView]{}, nil
	}
	rows, err := s.Store.Cases(ctx, f, p)
	if err != nil {
		return List[CaseView]{}, err
	}
	return Paginate(rows, p.Limit, func(v CaseView) Cursor { return Cursor{ID: v.ID} }), nil
}

func caseStatusKnown(st CaseStatus) bool {
	for _, x := range CaseStatuses() {
		if x == st {
			return true
		}
	}
	return false
}

// PublicCases lists the published cases, newest first, for everyone.
func (s *CaseService) PublicCases(ctx context.Context, p Page) (List[CaseView], error) {
	rows, err := s.Store.Cases(ctx, CaseFilter{Status: CasePublished}, p)
	if err != nil {
		return List[CaseView]{}, err
	}
	return Paginate(rows, p.Limit, func(v CaseView) Cursor { return Cursor{ID: v.ID} }), nil
}

// PublicCase returns a published case and its photos and video, for
// everyone; any other case is ErrNotFound.
func (s *CaseService) PublicCase(ctx context.Context, id int64) (CaseView, []Attachment, error) {
	v, err := s.Store.Case(ctx, id)
	if err != nil {
		return CaseView{}, nil, err
	}
	if v.Status != CasePublished {
		return CaseView{}, nil, Fail(ErrNotFound, "case.not_found", id)
	}
	files, err := s.caseFiles(ctx, id)
	return v, files, err
}

// caseFiles returns every photo and video of a case, oldest first.
func (s *CaseService) caseFiles(ctx context.Context, id int64) ([]Attachment, error) {
	var out []Attachment
	p := Page{Limit: MaxPageSize}
	for {
		rows, err := s.Store.Attachments(ctx, AttachmentTarget{CaseID: id}, p)
		if err != nil {
			return nil, err
		}
		l := Paginate(rows, p.Limit, func(x Attachment) Cursor { return Cursor{ID: x.ID} })
		for _, att := range l.Items {
			if IsMediaType(att.ContentType) {
				out = append(out, att)
			}
		}
		if l.Next == nil {
			return out, nil
		}
		p.After = *l.Next
	}
}

// PublicFile returns a photo or video of a published case and a reader of
// its bytes, for everyone. An attachment of another case, of anything
// else, or of a case not published now is ErrNotFound: the public URL
// works only while the case is published.
func (s *CaseService) PublicFile(ctx context.Context, caseID, id int64) (Attachment, io.Reader, error) {
	notFound := Fail(ErrNotFound, "attachment.not_found", id)
	att, err := s.Store.Attachment(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Attachment{}, nil, notFound
	}
	if err != nil {
		return Attachment{}, nil, err
	}
	if att.CaseID != caseID || caseID == 0 || !IsMediaType(att.ContentType) {
		return Attachment{}, nil, notFound
	}
	v, err := s.Store.Case(ctx, caseID)
	if errors.Is(err, ErrNotFound) || err == nil && v.Status != CasePublished {
		return Attachment{}, nil, notFound
	}
	if err != nil {
		return Attachment{}, nil, err
	}
	data, err := s.Store.AttachmentData(ctx, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	return att, data, nil
}

// NewCases lists the cases first published from the start of from to the
// end of to (civil dates in the service's zone) that are published now:
// the monthly report's 本月新发布典型案例. It implements ReportCaseSource.
func (s *CaseService) NewCases(ctx context.Context, from, to Date) ([]ReportCase, error) {
	f := CaseFilter{Status: CasePublished, FirstPublishedFrom: from.In(s.Location).UTC(),
		FirstPublishedTo: to.AddDays(1).In(s.Location).UTC()}
	var out []ReportCase
	p := Page{Limit: MaxPageSize}
	for {
		rows, err := s.Store.Cases(ctx, f, p)
		if err != nil {
			return nil, err
		}
		l := Paginate(rows, p.Limit, func(v CaseView) Cursor { return Cursor{ID: v.ID} })
		for _, v := range l.Items {
			out = append(out, ReportCase{ID: v.ID, Title: v.Title, Community: v.Community, CityCode: v.CityCode,
				Bureau: v.Bureau, PublishedOn: calendar.DateOf(v.FirstPublishedAt, s.Location)})
		}
		if l.Next == nil {
			return out, nil
		}
		p.After = *l.Next
	}
}

// checkCampaignFileAttach checks that a may add files to a case or an
// exchange activity: whoever may edit it.
func checkCampaignFileAttach(ctx context.Context, tx Tx, a Actor, target AttachmentTarget) error {
	if target.CaseID != 0 {
		_, _, err := editableCase(ctx, tx, a, target.CaseID)
		if errors.Is(err, ErrForbidden) {
			return Fail(ErrForbidden, "attachment.forbidden")
		}
		return err
	}
	_, err := editableExchange(ctx, tx, a, target.ExchangeID)
	if errors.Is(err, ErrForbidden) {
		return Fail(ErrForbidden, "attachment.forbidden")
	}
	return err
}

// checkCampaignFileSee reports ErrNotFound unless a may read the case or
// exchange activity target names.
func checkCampaignFileSee(ctx context.Context, q caseQueries, a Actor, target AttachmentTarget) error {
	if target.CaseID != 0 {
		_, _, err := visibleCase(ctx, q, a, target.CaseID)
		return err
	}
	_, _, err := visibleExchange(ctx, q, a, target.ExchangeID)
	return err
}
