package domain

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/domain/calendar"
)

// CampaignNoticeService runs what follows an accepted application: the
// public notice (公示) and its objections, the naming job that grants
// titles, and the titles' life (spot checks, revocation, re-assessment,
// expiry).
type CampaignNoticeService struct {
	Store    NoticeStore
	Now      func() time.Time
	Location *time.Location
	// Objections bounds what the public may lodge; the zero value means
	// DefaultObjectionPolicy.
	ObjectionRules ObjectionPolicy
	// Titles are the terms and the re-assessment lead; the zero value
	// means DefaultTitlePolicy.
	TitleRules TitlePolicy
	// HashKey keys the hash a client address is kept as (HMAC-SHA-256);
	// empty hashes without a key.
	HashKey []byte
}

func (s *CampaignNoticeService) objections() ObjectionPolicy {
	if s.ObjectionRules.MaxContent <= 0 || s.ObjectionRules.Rate <= 0 || s.ObjectionRules.Window <= 0 {
		return DefaultObjectionPolicy()
	}
	return s.ObjectionRules
}

func (s *CampaignNoticeService) titles() TitlePolicy {
	if s.TitleRules.CityTerm == (Term{}) || s.TitleRules.ProvinceTerm == (Term{}) {
		p := DefaultTitlePolicy()
		if s.TitleRules.ReassessLeadDays > 0 {
			p.ReassessLeadDays = s.TitleRules.ReassessLeadDays
		}
		return p
	}
	return s.TitleRules
}

// ObjectionPolicy returns the policy in force.
func (s *CampaignNoticeService) ObjectionPolicy() ObjectionPolicy { return s.objections() }

func (s *CampaignNoticeService) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

func (s *CampaignNoticeService) today() Date { return calendar.DateOf(s.Now(), s.loc()) }

// ---- the public side: no sign-in -------------------------------------

// PublicNotices lists the notices whose period has begun, newest first:
// open ones and past ones.
func (s *CampaignNoticeService) PublicNotices(ctx context.Context, p Page) (List[NoticeView], error) {
	rows, err := s.Store.NoticeViews(ctx, NoticeFilter{PublicOn: s.today()}, p)
	if err != nil {
		return List[NoticeView]{}, err
	}
	return Paginate(rows, p.Limit, func(n NoticeView) Cursor { return Cursor{ID: n.ID} }), nil
}

// PublicNotice returns a notice the public may see; any other is
// ErrNotFound.
func (s *CampaignNoticeService) PublicNotice(ctx context.Context, id int64) (NoticeView, error) {
	n, err := s.Store.NoticeView(ctx, id)
	if err != nil {
		return NoticeView{}, err
	}
	if !NoticePublic(n.PublicNotice, s.today()) {
		return NoticeView{}, Fail(ErrNotFound, "notice.not_found", id)
	}
	return n, nil
}

// InPeriod reports whether objections to n may be lodged today.
func (s *CampaignNoticeService) InPeriod(n PublicNotice) bool { return NoticeInPeriod(n, s.today()) }

// ClientHash is how a client address is kept: a keyed hash, never the
// address.
func (s *CampaignNoticeService) ClientHash(addr string) string {
	m := hmac.New(sha256.New, append([]byte("xietong objection client\x00"), s.HashKey...))
	m.Write([]byte(addr))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// Lodge records an objection to notice id from client address addr, and
// mails the province. The notice must be public and in its period
// (ErrConflict "objection.period_over" after it); one address may lodge
// ObjectionPolicy.Rate per Window (ErrRateLimited with RetryAfter).
func (s *CampaignNoticeService) Lodge(ctx context.Context, id int64, in ObjectionInput, addr string) (Objection, error) {
	pol := s.objections()
	in = in.Normalize()
	if err := pol.Validate(in); err != nil {
		return Objection{}, err
	}
	n, err := s.PublicNotice(ctx, id)
	if err != nil {
		return Objection{}, err
	}
	if !s.InPeriod(n.PublicNotice) {
		return Objection{}, Fail(ErrConflict, "objection.period_over", n.From.String(), n.To.String())
	}
	hash := s.ClientHash(addr)
	// Counted in a transaction of its own, so a refused attempt counts too.
	var t Throttle
	if err := s.Store.InTx(ctx, func(tx Tx) error {
		var err error
		t, err = tx.CountLoginAttempt(ctx, "objection:"+hash, tx.Now(), pol.Window)
		return err
	}); err != nil {
		return Objection{}, err
	}
	if t.Failures > pol.Rate {
		e := Fail(ErrRateLimited, "objection.rate_limited", pol.Rate, pol.Window.String())
		e.RetryAfter = max(1, int(pol.Window/time.Second))
		return Objection{}, e
	}
	var o Objection
	err = s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		cur, err := tx.PublicNotice(ctx, id)
		if err != nil {
			return err
		}
		if !NoticeInPeriod(cur, calendar.DateOf(now, s.loc())) {
			return Fail(ErrConflict, "objection.period_over", cur.From.String(), cur.To.String())
		}
		o = Objection{NoticeID: cur.ID, ApplicationID: cur.ApplicationID, CommunityID: cur.CommunityID,
			CityCode: cur.CityCode, Level: cur.Level, Content: in.Content, Name: in.Name, Contact: in.Contact,
			ClientHash: hash, Status: ObjectionOpen, CreatedAt: now}
		if err := tx.CreateObjection(ctx, &o); err != nil {
			return err
		}
		m := s.mailOf(n, now)
		m.Note, m.ObjectionID = o.Content, o.ID
		rs, err := provinceRecipients(ctx, tx)
		if err != nil {
			return err
		}
		return enqueueCampaign(ctx, tx, MailObjectionLodged, "objection:"+itoa(o.ID), m, rs, now)
	})
	return o, err
}

// PublicTitles lists the active titles with their communities, at most
// limit, newest first: the public register of named communities.
func (s *CampaignNoticeService) PublicTitles(ctx context.Context, limit int) ([]TitleView, error) {
	return s.Store.TitleViews(ctx, TitleFilter{Status: TitleActive}, Page{Limit: limit})
}

// ---- staff ------------------------------------------------------------

// scope returns a's campaign scope; ErrUnauthenticated without one.
func (s *CampaignNoticeService) scope(ctx context.Context, a Actor) (CampaignScope, error) {
	if a.Role == "" {
		return CampaignScope{}, Fail(ErrUnauthenticated, "auth.required")
	}
	var org Organization
	if a.OrgID != 0 {
		o, err := s.Store.Organization(ctx, a.OrgID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return CampaignScope{}, err
		}
		org = o
	}
	return CampaignScopeOf(a, org), nil
}

// Scope returns a's campaign scope, for pages that choose what to show.
func (s *CampaignNoticeService) Scope(ctx context.Context, a Actor) (CampaignScope, error) {
	return s.scope(ctx, a)
}

// staffScope is the scope of someone who reads notices and objections:
// the province, leadership or a city bureau; anyone else is ErrForbidden.
func (s *CampaignNoticeService) staffScope(ctx context.Context, a Actor) (CampaignScope, error) {
	sc, err := s.scope(ctx, a)
	if err != nil {
		return sc, err
	}
	if !sc.Province && !sc.Reader && sc.City == "" {
		return sc, Fail(ErrForbidden, "auth.forbidden")
	}
	return sc, nil
}

// NoticeList is which notices a staff list shows.
type NoticeList string

// The staff lists of notices.
const (
	NoticesOpen    NoticeList = "open"    // in their period
	NoticesWaiting NoticeList = "waiting" // ended, an objection still open
	NoticesPast    NoticeList = "past"    // named or stopped
	NoticesAll     NoticeList = ""
)

// Notices lists notices for staff: the province and leadership all, a city
// bureau its city's.
func (s *CampaignNoticeService) Notices(ctx context.Context, a Actor, which NoticeList, p Page) (List[NoticeView], error) {
	sc, err := s.staffScope(ctx, a)
	if err != nil {
		return List[NoticeView]{}, err
	}
	f := NoticeFilter{CityCode: sc.City}
	switch which {
	case NoticesOpen:
		f.Statuses, f.InPeriodOn = []NoticeStatus{NoticeOpen}, s.today()
	case NoticesWaiting:
		f.Statuses, f.EndedBefore, f.Waiting = []NoticeStatus{NoticeOpen}, s.today(), true
	case NoticesPast:
		f.Statuses = []NoticeStatus{NoticeNamed, NoticeStopped}
	case NoticesAll:
	default:
		return List[NoticeView]{}, Invalid("notice.list_invalid", string(which))
	}
	rows, err := s.Store.NoticeViews(ctx, f, p)
	if err != nil {
		return List[NoticeView]{}, err
	}
	return Paginate(rows, p.Limit, func(n NoticeView) Cursor { return Cursor{ID: n.ID} }), nil
}

// Notice returns a notice with its objections, for staff in scope.
func (s *CampaignNoticeService) Notice(ctx context.Context, a Actor, id int64) (NoticeView, []Objection, error) {
	sc, err := s.staffScope(ctx, a)
	if err != nil {
		return NoticeView{}, nil, err
	}
	n, err := s.Store.NoticeView(ctx, id)
	if err != nil {
		return NoticeView{}, nil, err
	}
	if !SeesCampaignCity(sc, n.CityCode) {
		return NoticeView{}, nil, Fail(ErrNotFound, "notice.not_found", id)
	}
	obs, err := s.Store.NoticeObjections(ctx, id)
	return n, obs, err
}

// Objections lists objections for staff in scope, newest first.
func (s *CampaignNoticeService) Objections(ctx context.Context, a Actor, f ObjectionFilter, p Page) (List[Objection], error) {
	sc, err := s.staffScope(ctx, a)
	if err != nil {
		return List[Objection]{}, err
	}
	if err := f.Validate(); err != nil {
		return List[Objection]{}, err
	}
	f.CityCode = sc.City
	rows, err := s.Store.Objections(ctx, f, p)
	if err != nil {
		return List[Objection]{}, err
	}
	return Paginate(rows, p.Limit, func(o Objection) Cursor { return Cursor{ID: o.ID} }), nil
}

// Resolve decides an objection: upheld stops the naming (the notice is
// stopped and the application rejected, with the note as its reason);
// dismissed lets it go on. The province resolves any objection, a city
// bureau those to its city's city-level notices; the note is required.
func (s *CampaignNoticeService) Resolve(ctx context.Context, a Actor, id int64, outcome ObjectionStatus, note string) (Objection, error) {
	note = strings.TrimSpace(note)
	var o Objection
	err := s.Store.InTx(ctx, func(tx Tx) error {
		sc, err := s.scope(ctx, a)
		if err != nil {
			return err
		}
		if o, err = tx.Objection(ctx, id); err != nil {
			return err
		}
		if !SeesCampaignCity(sc, o.CityCode) {
			return Fail(ErrNotFound, "objection.not_found", id)
		}
		if !CanResolveObjection(sc, o.Level, o.CityCode) {
			return Fail(ErrForbidden, "auth.forbidden")
		}
		var p Problems
		p.Add(outcome != ObjectionUpheld && outcome != ObjectionDismissed, "objection.outcome_invalid", string(outcome))
		p.Add(note == "", "objection.note_required")
		p.Add(utf8.RuneCountInString(note) > MaxResolutionNote, "objection.note_too_long", MaxResolutionNote)
		p.AddErr(storable(note))
		if err := p.Err(); err != nil {
			return err
		}
		if o.Status != ObjectionOpen {
			return Fail(ErrConflict, "objection.resolved", string(o.Status))
		}
		now := tx.Now()
		o.Status, o.Note, o.ResolvedBy, o.ResolvedAt = outcome, note, a.UserID, now
		if err := tx.ResolveObjection(ctx, &o); err != nil {
			return err
		}
		e := auditOf(a, now, "objection."+string(outcome), "objection:"+itoa(o.ID), fmt.Sprintf("notice:%d", o.NoticeID))
		if err := tx.AddAudit(ctx, &e); err != nil {
			return err
		}
		if outcome == ObjectionUpheld {
			return s.stop(ctx, tx, a, o, note, now)
		}
		return nil
	})
	return o, err
}

// stop ends a notice whose objection was upheld: the notice is stopped,
// the application rejected (StepObject, recorded as the resolver's), and
// the community and its city are told.
func (s *CampaignNoticeService) stop(ctx context.Context, tx Tx, a Actor, o Objection, note string, now time.Time) error {
	ok, err := tx.MoveNotice(ctx, o.NoticeID, NoticeOpen, NoticeStopped, now)
	if err != nil {
		return err
	}
	if !ok {
		return Fail(ErrConflict, "notice.not_open")
	}
	app, err := tx.Application(ctx, o.ApplicationID)
	if err != nil {
		return err
	}
	to, _, err := AppNext(app.Level, app.Status, StepObject)
	if err != nil {
		return err
	}
	from := app.Status
	app.Status, app.DecidedAt, app.UpdatedAt = to, now, now
	if err := tx.UpdateApplication(ctx, &app); err != nil {
		return err
	}
	ev := ApplicationEvent{ApplicationID: app.ID, At: now, ActorID: a.UserID, Actor: a.Username, ActorOrgID: a.OrgID,
		Channel: channelOf(a), Action: StepObject, Note: note, From: from, To: to}
	if err := tx.AddApplicationEvent(ctx, &ev); err != nil {
		return err
	}
	n, err := tx.NoticeView(ctx, o.NoticeID)
	if err != nil {
		return err
	}
	m := s.mailOf(n, now)
	m.Reason, m.ObjectionID = note, o.ID
	rs, err := communityAndCity(ctx, tx, n.CommunityID, n.CityCode)
	if err != nil {
		return err
	}
	return enqueueCampaign(ctx, tx, MailNamingStopped, "notice:"+itoa(n.ID)+":stopped", m, rs, now)
}

func channelOf(a Actor) Channel {
	if a.Channel == "" {
		return ChannelSystem
	}
	return a.Channel
}

// ---- titles -------------------------------------------------------------

// TitleDetail is a title with its history: its spot checks, the
// application that earned it, and its re-assessment.
type TitleDetail struct {
	TitleView
	SpotChecks []SpotCheck
	// Reassesses is the title the one's application re-assessed (0 for a
	// first title); Reassessment the application re-assessing this one.
	Reassesses   int64
	Reassessment *Application
	// FailedCheck reports whether the latest spot check failed.
	FailedCheck bool
}

// Titles lists titles in a's scope: the province and leadership all, a
// city bureau its city's, a county bureau its county's, a community its
// own.
func (s *CampaignNoticeService) Titles(ctx context.Context, a Actor, f TitleFilter, p Page) (List[TitleView], error) {
	sc, err := s.scope(ctx, a)
	if err != nil {
		return List[TitleView]{}, err
	}
	var pr Problems
	pr.Add(f.Status != "" && f.Status != TitleActive && f.Status != TitleExpired && f.Status != TitleRevoked,
		"title.status_invalid", string(f.Status))
	pr.Add(f.Level != "" && f.Level != LevelCity && f.Level != LevelProvince, "title.level_invalid", string(f.Level))
	if err := pr.Err(); err != nil {
		return List[TitleView]{}, err
	}
	switch {
	case sc.Province || sc.Reader:
	case sc.City != "":
		f.CityCode = sc.City
	case sc.County != "":
		f.RegionCode = sc.County
	case sc.CommunityID != 0:
		f.CommunityID = sc.CommunityID
	default:
		return List[TitleView]{Items: []TitleView{}}, nil
	}
	rows, err := s.Store.TitleViews(ctx, f, p)
	if err != nil {
		return List[TitleView]{}, err
	}
	return Paginate(rows, p.Limit, func(t TitleView) Cursor { return Cursor{ID: t.ID} }), nil
}

// sees reports whether sc may read title t.
func seesTitle(sc CampaignScope, t TitleView) bool {
	return sc.Province || sc.Reader || sc.City != "" && sc.City == t.CityCode ||
		sc.County != "" && sc.County == t.RegionCode || sc.CommunityID != 0 && sc.CommunityID == t.CommunityID
}

// Title returns one title in a's scope with its history.
func (s *CampaignNoticeService) Title(ctx context.Context, a Actor, id int64) (TitleDetail, error) {
	sc, err := s.scope(ctx, a)
	if err != nil {
		return TitleDetail{}, err
	}
	tv, err := s.Store.TitleView(ctx, id)
	if err != nil {
		return TitleDetail{}, err
	}
	if !seesTitle(sc, tv) {
		return TitleDetail{}, Fail(ErrNotFound, "title.not_found", id)
	}
	d := TitleDetail{TitleView: tv}
	if d.SpotChecks, err = s.Store.SpotChecks(ctx, id); err != nil {
		return TitleDetail{}, err
	}
	d.FailedCheck = len(d.SpotChecks) > 0 && !d.SpotChecks[0].Passed
	if d.ApplicationID != 0 {
		app, err := s.Store.Application(ctx, d.ApplicationID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return TitleDetail{}, err
		}
		d.Reassesses = app.Reassessment
	}
	if app, ok, err := s.Store.ReassessmentOf(ctx, id); err != nil {
		return TitleDetail{}, err
	} else if ok {
		d.Reassessment = &app
	}
	return d, nil
}

// actOnTitle loads title id for a change by a: out of sight is
// ErrNotFound, in sight but not a's to change ErrForbidden.
func (s *CampaignNoticeService) actOnTitle(ctx context.Context, tx Tx, a Actor, id int64) (TitleView, error) {
	sc, err := s.scope(ctx, a)
	if err != nil {
		return TitleView{}, err
	}
	tv, err := tx.TitleView(ctx, id)
	if err != nil {
		return TitleView{}, err
	}
	if !seesTitle(sc, tv) {
		return TitleView{}, Fail(ErrNotFound, "title.not_found", id)
	}
	if !CanActOnTitle(sc, tv.Level, tv.CityCode) {
		return TitleView{}, Fail(ErrForbidden, "auth.forbidden")
	}
	return tv, nil
}

// Revoke ends an active title for a reason (撤销): the city bureau for its
// city's city titles, the province for any. EndedOn is today.
func (s *CampaignNoticeService) Revoke(ctx context.Context, a Actor, id int64, reason string) (Title, error) {
	reason = strings.TrimSpace(reason)
	var t Title
	err := s.Store.InTx(ctx, func(tx Tx) error {
		tv, err := s.actOnTitle(ctx, tx, a, id)
		if err != nil {
			return err
		}
		var p Problems
		p.Add(reason == "", "title.reason_required")
		p.Add(utf8.RuneCountInString(reason) > MaxReason, "title.reason_too_long", MaxReason)
		p.AddErr(storable(reason))
		if err := p.Err(); err != nil {
			return err
		}
		t = tv.Title
		if t.Status != TitleActive {
			return Fail(ErrConflict, "title.not_active", string(t.Status))
		}
		now := tx.Now()
		t.Status, t.EndedOn, t.Reason, t.RevokedBy, t.UpdatedAt = TitleRevoked, calendar.DateOf(now, s.loc()), reason,
			a.UserID, now
		if err := tx.UpdateTitle(ctx, &t); err != nil {
			return err
		}
		e := auditOf(a, now, "title.revoke", "title:"+itoa(t.ID), t.CertificateNo)
		if err := tx.AddAudit(ctx, &e); err != nil {
			return err
		}
		m := s.titleMail(tv, t)
		m.Reason = reason
		rs, err := communityAndCity(ctx, tx, t.CommunityID, t.CityCode)
		if err != nil {
			return err
		}
		return enqueueCampaign(ctx, tx, MailTitleRevoked, "title:"+itoa(t.ID)+":revoked", m, rs, now)
	})
	return t, err
}

// AddSpotCheck records a spot check of title id, with the authority of
// Revoke; a failed one is shown on the title and does not revoke it.
func (s *CampaignNoticeService) AddSpotCheck(ctx context.Context, a Actor, id int64, c SpotCheck) (SpotCheck, error) {
	c.Inspectors, c.Findings = strings.TrimSpace(c.Inspectors), strings.TrimSpace(c.Findings)
	err := s.Store.InTx(ctx, func(tx Tx) error {
		tv, err := s.actOnTitle(ctx, tx, a, id)
		if err != nil {
			return err
		}
		now := tx.Now()
		if err := c.Validate(calendar.DateOf(now, s.loc())); err != nil {
			return err
		}
		c.ID, c.TitleID, c.CreatedBy, c.CreatedAt = 0, tv.ID, a.UserID, now
		if err := tx.CreateSpotCheck(ctx, &c); err != nil {
			return err
		}
		res := "passed"
		if !c.Passed {
			res = "failed"
		}
		e := auditOf(a, now, "title.spot_check", "title:"+itoa(tv.ID), c.CheckedOn.String()+" "+res)
		return tx.AddAudit(ctx, &e)
	})
	return c, err
}

// ---- mail -------------------------------------------------------------

// mailOf is what campaign mail says of notice n.
func (s *CampaignNoticeService) mailOf(n NoticeView, _ time.Time) Notice {
	return Notice{Community: n.Community, City: RegionName(n.CityCode, false), Level: string(n.Level),
		NoticeID: n.ID, PeriodFrom: n.From.String(), PeriodTo: n.To.String()}
}

func (s *CampaignNoticeService) titleMail(tv TitleView, t Title) Notice {
	return Notice{Community: tv.Community, City: RegionName(t.CityCode, false), Level: string(t.Level),
		TitleID: t.ID, CertificateNo: t.CertificateNo, GrantedOn: t.GrantedOn.String(),
		ExpiresOn: t.ExpiresOn.String()}
}

// campaignReader is what resolving campaign recipients reads.
type campaignReader interface {
	OrgReader
	UserReader
}

// communityAndCity are a community's active users and its city's housing
// bureau (users and contact).
func communityAndCity(ctx context.Context, q campaignReader, communityID int64, city string) ([]recipient, error) {
	active := true
	users, err := q.Users(ctx, UserFilter{CommunityID: communityID, Active: &active}, Page{Limit: MaxPageSize})
	if err != nil {
		return nil, err
	}
	var out []recipient
	for _, u := range users {
		out = append(out, recipient{userID: u.ID, addr: u.Email, name: u.DisplayName, lang: u.Lang, mailOn: !u.MailOff})
	}
	orgs, err := q.Organizations(ctx, OrgFilter{Type: "housing", Active: &active}, Page{Limit: MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.Level == "county" || o.Level == "province" {
			continue
		}
		if code := OrgRegionCode(o); code != "" && CityCodeOf(code) == city {
			rs, err := orgRecipients(ctx, q, o.ID, "")
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
	}
	return out, nil
}

// provinceRecipients are the bureau leads and the provincial housing
// department (its users and contact).
func provinceRecipients(ctx context.Context, q campaignReader) ([]recipient, error) {
	active := true
	users, err := q.Users(ctx, UserFilter{Role: RoleLead, Active: &active}, Page{Limit: MaxPageSize})
	if err != nil {
		return nil, err
	}
	var out []recipient
	for _, u := range users {
		out = append(out, recipient{userID: u.ID, orgID: u.OrgID, addr: u.Email, name: u.DisplayName, lang: u.Lang,
			mailOn: !u.MailOff})
	}
	orgs, err := q.Organizations(ctx, OrgFilter{Type: "housing", Active: &active}, Page{Limit: MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.Level == "province" {
			rs, err := orgRecipients(ctx, q, o.ID, "")
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
	}
	return out, nil
}

// enqueueCampaign queues campaign mail of kind to rs, once per address
// (key makes a retried change mail nothing twice). Campaign mail is
// essential: it reaches users who turned mail off.
func enqueueCampaign(ctx context.Context, tx OutboxWriter, kind, key string, n Notice, rs []recipient, now time.Time) error {
	seen := map[string]bool{}
	var msgs []OutboxMessage
	for _, r := range rs {
		if r.addr == "" || seen[strings.ToLower(r.addr)] {
			continue
		}
		seen[strings.ToLower(r.addr)] = true
		n.RecipientName = r.name
		msgs = append(msgs, OutboxMessage{DedupeKey: "campaign:" + key + ":" + kind + ":" + r.addr, Kind: kind,
			Lang: r.lang, UserID: r.userID, OrgID: r.orgID, To: r.addr, ToName: r.name, Payload: n.Encode(),
			Essential: true, Status: OutboxQueued, NextAttemptAt: now, CreatedAt: now})
	}
	if len(msgs) == 0 {
		return nil
	}
	return tx.EnqueueMails(ctx, msgs)
}
