package domain_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// noticeFixture is a community's publicized application with an open
// notice, made through the store as the applications' review would.
func noticeFixture(t *testing.T, db *storetest.DB, code string, level domain.StandardLevel, from, to string) (domain.Application, domain.PublicNotice) {
	t.Helper()
	ctx := context.Background()
	c, err := db.CommunityByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	std, err := db.Standards(ctx, domain.StandardFilter{}, domain.Page{Limit: 1})
	if err != nil || len(std) == 0 {
		t.Fatalf("standard: %v", err)
	}
	a := domain.Application{CommunityID: c.ID, CityCode: c.CityCode, RegionCode: c.RegionCode, Level: level,
		StandardID: std[0].ID, Status: domain.AppPublicized, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	n := domain.PublicNotice{CommunityID: c.ID, CityCode: c.CityCode, Level: level, Score: 88.5, From: d(from),
		To: d(to), Status: domain.NoticeOpen, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	err = db.InTx(ctx, func(tx domain.Tx) error {
		if err := tx.CreateApplication(ctx, &a); err != nil {
			return err
		}
		n.ApplicationID = a.ID
		return tx.CreatePublicNotice(ctx, &n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, n
}

// campaignActors are the roles the campaign's rules tell apart.
func campaignActors(t *testing.T, db *storetest.DB, clk *clock) map[string]domain.Actor {
	t.Helper()
	users := newUsers(db, clk)
	mk := func(name string, role domain.Role, org, community string) domain.Actor {
		return domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: name, Role: role, OrgCode: org,
			CommunityCode: community}), domain.ChannelAPI, "")
	}
	return map[string]domain.Actor{
		"lead":       mk("cn-lead", domain.RoleLead, "", ""),
		"hanzhong":   mk("cn-hz", domain.RoleDepartment, "hanzhong-housing", ""),
		"xian":       mk("cn-xa", domain.RoleDepartment, "xian-housing", ""),
		"leadership": mk("cn-boss", domain.RoleLeadership, "", ""),
		"community":  mk("cn-minan", domain.RoleCommunity, "", "hanzhong-minan"),
	}
}

func newNoticeService(db *storetest.DB, clk *clock) *domain.CampaignNoticeService {
	return &domain.CampaignNoticeService{Store: db.Store, Now: clk.Now, Location: storetest.Shanghai,
		ObjectionRules: domain.ObjectionPolicy{MaxContent: 2000, Rate: 3, Window: time.Hour}}
}

func atDay(day string) time.Time {
	return d(day).In(storetest.Shanghai).Add(10 * time.Hour)
}

func mailKinds(t *testing.T, db *storetest.DB) map[string]int {
	t.Helper()
	ms, err := db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, m := range ms {
		out[m.Kind]++
	}
	return out
}

// TestNoticeObjectionsAndNaming: objections are taken in the period only
// and rate-limited; an open objection makes the naming wait; once it is
// dismissed the job names the community once, however often it runs.
func TestNoticeObjectionsAndNaming(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: atDay("2026-03-03")}
		actors := campaignActors(t, db, clk)
		svc := newNoticeService(db, clk)
		app, n := noticeFixture(t, db, "hanzhong-minan", domain.LevelCity, "2026-03-02", "2026-03-06")
		_, future := noticeFixture(t, db, "xian-mijiaya", domain.LevelCity, "2026-04-01", "2026-04-07")

		l, err := svc.PublicNotices(ctx, domain.Page{Limit: 10})
		if err != nil || len(l.Items) != 1 || l.Items[0].ID != n.ID || l.Items[0].Community != "民安花园" {
			t.Fatalf("public list %+v %v", l.Items, err)
		}
		if _, err := svc.PublicNotice(ctx, future.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a notice before its period: %v, want not found", err)
		}
		o, err := svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: " <script>材料不实</script> ", Name: "王"}, "10.0.0.1")
		if err != nil || o.ID == 0 || o.Content != "<script>材料不实</script>" || o.Status != domain.ObjectionOpen ||
			o.ClientHash == "" || strings.Contains(o.ClientHash, "10.0.0.1") {
			t.Fatalf("lodge %+v %v", o, err)
		}
		if mailKinds(t, db)[domain.MailObjectionLodged] == 0 {
			t.Error("the province was not told of the objection")
		}
		if _, err := svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: strings.Repeat("长", 2001)}, "10.0.0.2"); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("too long: %v", err)
		}
		for i := 0; i < 2; i++ {
			if _, err := svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: "又一条"}, "10.0.0.1"); err != nil {
				t.Fatalf("objection %d: %v", i+2, err)
			}
		}
		_, err = svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: "第四条"}, "10.0.0.1")
		var de *domain.Error
		if !errors.Is(err, domain.ErrRateLimited) || !errors.As(err, &de) || de.RetryAfter <= 0 {
			t.Fatalf("fourth within the hour: %v, want rate limited with Retry-After", err)
		}
		if _, err := svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: "别处"}, "10.0.0.3"); err != nil {
			t.Errorf("another address: %v", err)
		}

		// The period ends; objections are refused and the job waits.
		clk.t = atDay("2026-03-07")
		if _, err := svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: "晚了"}, "10.0.0.9"); domain.ErrorKey(err) != "objection.period_over" {
			t.Errorf("after the period: %v", err)
		}
		r, err := svc.Run(ctx, clk.t, false)
		if err != nil || len(r.Named) != 0 || len(r.Waiting) != 1 {
			t.Fatalf("run with open objections: %+v %v", r, err)
		}
		obs, err := svc.Objections(ctx, actors["hanzhong"], domain.ObjectionFilter{Status: domain.ObjectionOpen}, domain.Page{Limit: 50})
		if err != nil || len(obs.Items) != 4 {
			t.Fatalf("city bureau's open objections: %d %v", len(obs.Items), err)
		}
		if l, err := svc.Objections(ctx, actors["xian"], domain.ObjectionFilter{}, domain.Page{Limit: 50}); err != nil || len(l.Items) != 0 {
			t.Errorf("another city's bureau sees %d, %v", len(l.Items), err)
		}
		if _, err := svc.Resolve(ctx, actors["xian"], o.ID, domain.ObjectionDismissed, "不成立"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another city's bureau resolves: %v, want not found", err)
		}
		if _, err := svc.Resolve(ctx, actors["leadership"], o.ID, domain.ObjectionDismissed, "不成立"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("leadership resolves: %v, want forbidden", err)
		}
		if _, err := svc.Objections(ctx, actors["community"], domain.ObjectionFilter{}, domain.Page{Limit: 50}); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a community lists objections: %v", err)
		}
		if _, err := svc.Resolve(ctx, actors["hanzhong"], o.ID, domain.ObjectionDismissed, ""); domain.ErrorKey(err) != "objection.note_required" {
			t.Errorf("without a note: %v", err)
		}
		for _, x := range obs.Items {
			if _, err := svc.Resolve(ctx, actors["hanzhong"], x.ID, domain.ObjectionDismissed, "经核查不成立"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Resolve(ctx, actors["hanzhong"], o.ID, domain.ObjectionUpheld, "再议"); domain.ErrorKey(err) != "objection.resolved" {
			t.Errorf("resolve twice: %v", err)
		}

		dry, err := svc.Run(ctx, clk.t, true)
		if err != nil || len(dry.Named) != 1 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		if got, _ := db.PublicNotice(ctx, n.ID); got.Status != domain.NoticeOpen {
			t.Fatalf("the dry run wrote: notice %s", got.Status)
		}
		r, err = svc.Run(ctx, clk.t, false)
		if err != nil || len(r.Named) != 1 || r.Named[0].CertificateNo != "陕和谐〔2026〕市-610700-0001" ||
			r.Named[0].ExpiresOn.String() != "2029-03-06" {
			t.Fatalf("run: %+v %v", r, err)
		}
		again, err := svc.Run(ctx, clk.t, false)
		if err != nil || len(again.Named) != 0 {
			t.Fatalf("rerun named again: %+v %v", again, err)
		}
		got, _ := db.PublicNotice(ctx, n.ID)
		gotApp, _ := db.Application(ctx, app.ID)
		if got.Status != domain.NoticeNamed || gotApp.Status != domain.AppNamed {
			t.Errorf("notice %s, application %s", got.Status, gotApp.Status)
		}
		ev, _ := db.ApplicationEvents(ctx, app.ID)
		if len(ev) != 1 || ev[0].Action != domain.StepName || ev[0].Channel != domain.ChannelSystem {
			t.Errorf("events %+v", ev)
		}
		ts, err := svc.Titles(ctx, actors["community"], domain.TitleFilter{}, domain.Page{Limit: 10})
		if err != nil || len(ts.Items) != 1 || ts.Items[0].GrantedOn.String() != "2026-03-07" {
			t.Fatalf("community's titles %+v %v", ts.Items, err)
		}
		if l, _ := svc.Titles(ctx, actors["xian"], domain.TitleFilter{}, domain.Page{Limit: 10}); len(l.Items) != 0 {
			t.Errorf("another city sees %d titles", len(l.Items))
		}
		pub, err := svc.PublicTitles(ctx, 100)
		if err != nil || len(pub) != 1 {
			t.Errorf("public titles %d %v", len(pub), err)
		}
		if mailKinds(t, db)[domain.MailTitleGranted] == 0 {
			t.Error("nobody was told of the title")
		}

		// Spot checks and revocation: the city bureau of its city.
		title := ts.Items[0].ID
		sc := domain.SpotCheck{CheckedOn: d("2026-03-07"), Inspectors: "李四、王五", Findings: "台账缺失", Passed: false}
		if _, err := svc.AddSpotCheck(ctx, actors["xian"], title, sc); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another city spot-checks: %v", err)
		}
		if _, err := svc.AddSpotCheck(ctx, actors["leadership"], title, sc); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("leadership spot-checks: %v", err)
		}
		if _, err := svc.AddSpotCheck(ctx, actors["hanzhong"], title, sc); err != nil {
			t.Fatal(err)
		}
		det, err := svc.Title(ctx, actors["leadership"], title)
		if err != nil || len(det.SpotChecks) != 1 || !det.FailedCheck || det.Status != domain.TitleActive {
			t.Fatalf("title after a failed check %+v %v", det, err)
		}
		if _, err := svc.Revoke(ctx, actors["hanzhong"], title, " "); domain.ErrorKey(err) != "title.reason_required" {
			t.Errorf("revoke without reason: %v", err)
		}
		rv, err := svc.Revoke(ctx, actors["hanzhong"], title, "抽查不合格")
		if err != nil || rv.Status != domain.TitleRevoked || rv.EndedOn.String() != "2026-03-07" || rv.Reason != "抽查不合格" {
			t.Fatalf("revoke %+v %v", rv, err)
		}
		if _, err := svc.Revoke(ctx, actors["lead"], title, "again"); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("revoke twice: %v", err)
		}
		if pub, _ := svc.PublicTitles(ctx, 100); len(pub) != 0 {
			t.Errorf("a revoked title is public")
		}
	})
}

// TestObjectionUpheld: an upheld objection stops the notice and rejects
// the application, and the job names nothing.
func TestObjectionUpheld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: atDay("2026-03-03")}
		actors := campaignActors(t, db, clk)
		svc := newNoticeService(db, clk)
		app, n := noticeFixture(t, db, "hanzhong-minan", domain.LevelProvince, "2026-03-02", "2026-03-06")
		o, err := svc.Lodge(ctx, n.ID, domain.ObjectionInput{Content: "存在违建"}, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Resolve(ctx, actors["hanzhong"], o.ID, domain.ObjectionUpheld, "属实"); !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("a city bureau resolves a province notice's objection: %v", err)
		}
		if _, err := svc.Resolve(ctx, actors["lead"], o.ID, domain.ObjectionUpheld, "经核查属实"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.PublicNotice(ctx, n.ID)
		gotApp, _ := db.Application(ctx, app.ID)
		if got.Status != domain.NoticeStopped || gotApp.Status != domain.AppRejected {
			t.Errorf("notice %s, application %s", got.Status, gotApp.Status)
		}
		ev, _ := db.ApplicationEvents(ctx, app.ID)
		if len(ev) != 1 || ev[0].Action != domain.StepObject || ev[0].Note != "经核查属实" || ev[0].ActorID != actors["lead"].UserID {
			t.Errorf("events %+v", ev)
		}
		if mailKinds(t, db)[domain.MailNamingStopped] == 0 {
			t.Error("nobody was told the naming stopped")
		}
		r, err := svc.Run(ctx, atDay("2026-03-09"), false)
		if err != nil || len(r.Named)+len(r.Waiting) != 0 {
			t.Errorf("run: %+v %v", r, err)
		}
	})
}

// TestReassessAndExpiry: a title within the lead gets its re-assessment
// application once; named, the new title replaces the old one; a title
// whose re-assessment was not named runs out after its last day.
func TestReassessAndExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: atDay("2026-03-07")}
		campaignActors(t, db, clk)
		svc := newNoticeService(db, clk)
		svc.TitleRules = domain.TitlePolicy{CityTerm: domain.Term{Years: 1}, ProvinceTerm: domain.Term{Years: 3},
			ReassessLeadDays: 30}
		_, n := noticeFixture(t, db, "hanzhong-minan", domain.LevelCity, "2026-03-02", "2026-03-06")
		_, n2 := noticeFixture(t, db, "baoji-jinhe", domain.LevelCity, "2026-03-02", "2026-03-06")
		if r, err := svc.Run(ctx, clk.t, false); err != nil || len(r.Named) != 2 {
			t.Fatalf("naming: %+v %v", r, err)
		}
		old, ok, err := db.ActiveTitle(ctx, n.CommunityID, domain.LevelCity)
		if err != nil || !ok || old.ExpiresOn.String() != "2027-03-06" {
			t.Fatalf("title %+v %v %v", old, ok, err)
		}
		clk.t = atDay("2027-02-03") // 31 days before: not yet
		if r, err := svc.Run(ctx, clk.t, false); err != nil || len(r.Reassessing) != 0 {
			t.Fatalf("early: %+v %v", r, err)
		}
		clk.t = atDay("2027-02-04")
		r, err := svc.Run(ctx, clk.t, false)
		if err != nil || len(r.Reassessing) != 2 {
			t.Fatalf("re-assess: %+v %v", r, err)
		}
		if r, _ := svc.Run(ctx, clk.t, false); len(r.Reassessing) != 0 {
			t.Errorf("re-assessment opened twice")
		}
		re, ok, err := db.ReassessmentOf(ctx, old.ID)
		if err != nil || !ok || re.Status != domain.AppDraft || re.Level != domain.LevelCity || re.StandardID == 0 {
			t.Fatalf("re-assessment %+v %v %v", re, ok, err)
		}
		if mailKinds(t, db)[domain.MailReassessOpened] == 0 {
			t.Error("nobody was told of the re-assessment")
		}
		// The review (another part) takes it to publicized with a notice.
		re.Status = domain.AppPublicized
		rn := domain.PublicNotice{ApplicationID: re.ID, CommunityID: re.CommunityID, CityCode: re.CityCode,
			Level: re.Level, Score: 90, From: d("2027-02-20"), To: d("2027-02-26"), Status: domain.NoticeOpen,
			CreatedAt: clk.t, UpdatedAt: clk.t}
		if err := db.InTx(ctx, func(tx domain.Tx) error {
			if err := tx.UpdateApplication(ctx, &re); err != nil {
				return err
			}
			return tx.CreatePublicNotice(ctx, &rn)
		}); err != nil {
			t.Fatal(err)
		}
		clk.t = atDay("2027-03-01")
		r, err = svc.Run(ctx, clk.t, false)
		if err != nil || len(r.Named) != 1 || r.Named[0].Replaced != old.ID ||
			r.Named[0].CertificateNo != "陕和谐〔2027〕市-610700-0001" {
			t.Fatalf("re-assessment named: %+v %v", r, err)
		}
		prev, _ := db.Title(ctx, old.ID)
		if prev.Status != domain.TitleExpired || prev.EndedOn.String() != "2027-02-28" {
			t.Errorf("replaced title %s ended %s", prev.Status, prev.EndedOn)
		}
		// The other community's re-assessment was never named.
		clk.t = atDay("2027-03-07")
		r, err = svc.Run(ctx, clk.t, false)
		if err != nil || len(r.Expired) != 1 {
			t.Fatalf("expiry: %+v %v", r, err)
		}
		lapsed, ok, _ := db.ActiveTitle(ctx, n2.CommunityID, domain.LevelCity)
		if ok {
			t.Errorf("title still active: %+v", lapsed)
		}
		all, _ := db.Titles(ctx, domain.TitleFilter{CommunityID: n2.CommunityID}, domain.Page{Limit: 10})
		if len(all) != 1 || all[0].Status != domain.TitleExpired || all[0].EndedOn.String() != "2027-03-06" {
			t.Errorf("lapsed title %+v", all)
		}
	})
}
