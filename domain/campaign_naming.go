package domain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"xietong/domain/calendar"
)

// CampaignRun is what one run of the campaign job did (or, dry, would do)
// on its day.
type CampaignRun struct {
	At      time.Time
	Today   Date
	DryRun  bool
	Named   []NamingStep // notices named, with their new titles
	Waiting []NamingStep // ended notices waiting for an objection to be resolved
	// Reassessing lists the titles whose re-assessment application was
	// opened; Expired those that ran out.
	Reassessing []TitleStep
	Expired     []TitleStep
}

// NamingStep is one notice the job named or left waiting.
type NamingStep struct {
	NoticeID      int64
	ApplicationID int64
	Community     string
	City          string
	Level         StandardLevel
	CertificateNo string // the new title's ("" when waiting, or dry)
	TitleID       int64
	ExpiresOn     Date
	Replaced      int64 // the title the new one replaced, 0 for none
}

// TitleStep is one title the job opened a re-assessment for or expired.
type TitleStep struct {
	TitleID       int64
	CertificateNo string
	Community     string
	ExpiresOn     Date
	ApplicationID int64 // the re-assessment application
}

// errSkip rolls back a step another replica (or run) has taken already.
var errSkip = errors.New("already done")

// runBatch is how many rows the job reads at a time.
const runBatch = 200

// Run is the campaign's daily job as if it were at: it names the
// communities whose notices ended clean before that day, opens the
// re-assessment of titles that expire within the lead, and expires the
// titles whose re-assessment was not named by their last day. Each step
// runs in a transaction of its own and is guarded by the row it changes
// (the notice's status, the title's version, the one open application per
// community and level), so replicas running it at once, or a rerun, do
// each step once. dry reports what it would do and writes nothing.
func (s *CampaignNoticeService) Run(ctx context.Context, at time.Time, dry bool) (CampaignRun, error) {
	today := calendar.DateOf(at, s.loc())
	r := CampaignRun{At: at, Today: today, DryRun: dry}
	if err := s.nameEnded(ctx, &r); err != nil {
		return r, err
	}
	if err := s.reassess(ctx, &r); err != nil {
		return r, err
	}
	return r, s.expire(ctx, &r)
}

func (s *CampaignNoticeService) nameEnded(ctx context.Context, r *CampaignRun) error {
	var after Cursor
	for {
		rows, err := s.Store.NoticeViews(ctx, NoticeFilter{Statuses: []NoticeStatus{NoticeOpen}, EndedBefore: r.Today},
			Page{Limit: runBatch, After: after})
		if err != nil {
			return err
		}
		for _, n := range rows {
			obs, err := s.Store.NoticeObjections(ctx, n.ID)
			if err != nil {
				return err
			}
			st := NamingStep{NoticeID: n.ID, ApplicationID: n.ApplicationID, Community: n.Community,
				City: RegionName(n.CityCode, false), Level: n.Level}
			switch DecideNaming(n.PublicNotice, obs, r.Today) {
			case NamingWait:
				r.Waiting = append(r.Waiting, st)
				continue
			case NamingName:
			default:
				continue
			}
			if r.DryRun {
				st.ExpiresOn = s.titles().TermOf(n.Level).ExpiresOn(r.Today)
				r.Named = append(r.Named, st)
				continue
			}
			// A certificate number taken by a parallel naming elsewhere is
			// a conflict: the step is tried again with the next number.
			for try := 0; ; try++ {
				err = s.Store.InTx(ctx, func(tx Tx) error { return s.nameOne(ctx, tx, n, r.Today, &st) })
				if err == nil || try >= 4 || ErrorKey(err) != "title.certificate_taken" {
					break
				}
			}
			switch {
			case errors.Is(err, errSkip):
			case err != nil:
				return fmt.Errorf("name notice %d: %w", n.ID, err)
			default:
				r.Named = append(r.Named, st)
			}
		}
		if len(rows) < runBatch {
			return nil
		}
		after = Cursor{ID: rows[len(rows)-1].ID}
	}
}

// nameOne names the community of notice n on today, in tx.
func (s *CampaignNoticeService) nameOne(ctx context.Context, tx Tx, n NoticeView, today Date, st *NamingStep) error {
	now := tx.Now()
	// The guard: of two runs, the second finds the notice named already.
	ok, err := tx.MoveNotice(ctx, n.ID, NoticeOpen, NoticeNamed, now)
	if err != nil {
		return err
	}
	if !ok {
		return errSkip
	}
	obs, err := tx.NoticeObjections(ctx, n.ID)
	if err != nil {
		return err
	}
	if DecideNaming(n.PublicNotice, obs, today) != NamingName {
		return errSkip
	}
	app, err := tx.Application(ctx, n.ApplicationID)
	if err != nil {
		return err
	}
	to, _, err := AppNext(app.Level, app.Status, StepName)
	if err != nil {
		return err
	}
	from := app.Status
	app.Status, app.UpdatedAt = to, now
	if err := tx.UpdateApplication(ctx, &app); err != nil {
		return err
	}
	sys := SystemActor()
	// The title it replaces (a re-assessment named, or any other active
	// title at that level) ends the day before the new one's grant.
	if old, ok, err := tx.ActiveTitle(ctx, app.CommunityID, app.Level); err != nil {
		return err
	} else if ok {
		old.Status, old.EndedOn, old.UpdatedAt = TitleExpired, today.AddDays(-1), now
		if err := tx.UpdateTitle(ctx, &old); err != nil {
			return err
		}
		e := auditOf(sys, now, "title.replace", "title:"+itoa(old.ID), fmt.Sprintf("by application:%d", app.ID))
		if err := tx.AddAudit(ctx, &e); err != nil {
			return err
		}
		st.Replaced = old.ID
	}
	seq, err := tx.CountCertificates(ctx, CertificatePrefix(app.Level, n.CityCode, today.Year))
	if err != nil {
		return err
	}
	t := Title{CommunityID: app.CommunityID, CityCode: n.CityCode, ApplicationID: app.ID, Level: app.Level,
		CertificateNo: CertificateNo(app.Level, n.CityCode, today.Year, seq+1), GrantedOn: today,
		ExpiresOn: s.titles().TermOf(app.Level).ExpiresOn(today), Status: TitleActive, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateTitle(ctx, &t); err != nil {
		return err
	}
	ev := ApplicationEvent{ApplicationID: app.ID, At: now, Channel: ChannelSystem, Action: StepName,
		Note: t.CertificateNo, From: from, To: to}
	if err := tx.AddApplicationEvent(ctx, &ev); err != nil {
		return err
	}
	e := auditOf(sys, now, "title.grant", "title:"+itoa(t.ID), t.CertificateNo)
	if err := tx.AddAudit(ctx, &e); err != nil {
		return err
	}
	st.CertificateNo, st.TitleID, st.ExpiresOn = t.CertificateNo, t.ID, t.ExpiresOn
	rs, err := communityAndCity(ctx, tx, t.CommunityID, t.CityCode)
	if err != nil {
		return err
	}
	return enqueueCampaign(ctx, tx, MailTitleGranted, "title:"+itoa(t.ID)+":granted",
		s.titleMail(TitleView{Title: t, Community: n.Community}, t), rs, now)
}

// reassess opens the re-assessment of every active title within the lead
// of its expiry that has none yet.
func (s *CampaignNoticeService) reassess(ctx context.Context, r *CampaignRun) error {
	pol := s.titles()
	ts, err := s.Store.TitlesExpiringBy(ctx, r.Today.AddDays(pol.ReassessLeadDays), 10*runBatch)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if !pol.ReassessDue(t, r.Today) {
			continue
		}
		if _, ok, err := s.Store.ReassessmentOf(ctx, t.ID); err != nil {
			return err
		} else if ok {
			continue
		}
		c, err := s.Store.Community(ctx, t.CommunityID)
		if err != nil {
			return err
		}
		st := TitleStep{TitleID: t.ID, CertificateNo: t.CertificateNo, Community: c.Name, ExpiresOn: t.ExpiresOn}
		if r.DryRun {
			r.Reassessing = append(r.Reassessing, st)
			continue
		}
		err = s.Store.InTx(ctx, func(tx Tx) error { return s.openReassessment(ctx, tx, t, c, &st) })
		switch {
		case errors.Is(err, errSkip):
		case err != nil:
			return fmt.Errorf("re-assess title %d: %w", t.ID, err)
		default:
			r.Reassessing = append(r.Reassessing, st)
		}
	}
	return nil
}

// openReassessment opens the draft application re-assessing t, against
// the newest published standard that fits: for a city title its city's,
// else the province's; for a province title the province's.
func (s *CampaignNoticeService) openReassessment(ctx context.Context, tx Tx, t Title, c Community, st *TitleStep) error {
	if _, ok, err := tx.ReassessmentOf(ctx, t.ID); err != nil {
		return err
	} else if ok {
		return errSkip
	}
	std, ok, err := Standard{}, false, error(nil)
	if t.Level == LevelCity {
		if std, ok, err = tx.LatestStandard(ctx, LevelCity, t.CityCode); err != nil {
			return err
		}
	}
	if !ok {
		if std, ok, err = tx.LatestStandard(ctx, LevelProvince, ""); err != nil {
			return err
		}
	}
	if !ok {
		return Fail(ErrConflict, "title.no_standard")
	}
	now := tx.Now()
	region := c.RegionCode
	if region == "" {
		region = t.CityCode
	}
	app := Application{CommunityID: t.CommunityID, CityCode: t.CityCode, RegionCode: region, Level: t.Level,
		StandardID: std.ID, Status: AppDraft, Reassessment: t.ID, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateApplication(ctx, &app); err != nil {
		if ErrorKey(err) == "application.open_exists" {
			// The community has an application open at that level
			// already: it re-assesses the title in effect.
			return errSkip
		}
		return err
	}
	e := auditOf(SystemActor(), now, "application.reassess", "application:"+itoa(app.ID), fmt.Sprintf("title:%d", t.ID))
	if err := tx.AddAudit(ctx, &e); err != nil {
		return err
	}
	st.ApplicationID = app.ID
	rs, err := communityAndCity(ctx, tx, t.CommunityID, t.CityCode)
	if err != nil {
		return err
	}
	return enqueueCampaign(ctx, tx, MailReassessOpened, "title:"+itoa(t.ID)+":reassess",
		s.titleMail(TitleView{Title: t, Community: c.Name}, t), rs, now)
}

// expire ends the active titles whose last valid day is behind: EndedOn
// is that last day.
func (s *CampaignNoticeService) expire(ctx context.Context, r *CampaignRun) error {
	ts, err := s.Store.TitlesExpiringBy(ctx, r.Today.AddDays(-1), 10*runBatch)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if !TitleLapsed(t, r.Today) {
			continue
		}
		st := TitleStep{TitleID: t.ID, CertificateNo: t.CertificateNo, ExpiresOn: t.ExpiresOn}
		if r.DryRun {
			r.Expired = append(r.Expired, st)
			continue
		}
		err := s.Store.InTx(ctx, func(tx Tx) error {
			now := tx.Now()
			t.Status, t.EndedOn, t.UpdatedAt = TitleExpired, t.ExpiresOn, now
			if err := tx.UpdateTitle(ctx, &t); err != nil {
				if errors.Is(err, ErrConflict) {
					return errSkip
				}
				return err
			}
			e := auditOf(SystemActor(), now, "title.expire", "title:"+itoa(t.ID), t.CertificateNo)
			return tx.AddAudit(ctx, &e)
		})
		switch {
		case errors.Is(err, errSkip):
		case err != nil:
			return fmt.Errorf("expire title %d: %w", t.ID, err)
		default:
			r.Expired = append(r.Expired, st)
		}
	}
	return nil
}
