package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// progressToday is the day the progress service thinks it is.
var progressToday = time.Date(2026, 12, 5, 10, 0, 0, 0, storetest.Shanghai)

// progressEnv is a server with the progress service, a user per role, and
// a register: the seed's five pilots (from 2025-03-03) plus 雁塔区 and
// 碑林区 in 西安 and 渭滨区 in 宝鸡; 雁塔 holds a city title from
// 2025-07-01, 碑林 a province title from 2025-09-01, 渭滨 a city title
// 2025-10-01..2026-03-31.
type progressEnv struct {
	*testEnv
	tok   map[string]string
	yanta domain.Title
	n     int
}

func newProgressEnv(t *testing.T, db *storetest.DB) *progressEnv {
	t.Helper()
	e := newEnv(t, db, func(d *Deps) {
		d.Progress = &domain.ProgressService{Store: db.Store, Location: storetest.Shanghai,
			Now: func() time.Time { return progressToday }}
	})
	w := &progressEnv{testEnv: e, tok: map[string]string{"admin": e.admin}}
	_, w.tok["lead"] = e.mustUser("lead", "lead", "", "")
	_, w.tok["leadership"] = e.mustUser("leadership", "leadership", "", "")
	_, w.tok["xian"] = e.mustUser("xianbureau", "department", "xian-housing", "")
	_, w.tok["mianxian"] = e.mustUser("mianbureau", "department", "mianxian-housing", "")
	_, w.tok["police"] = e.mustUser("police", "department", "xian-public_security", "")
	_, w.tok["community"] = e.mustUser("mijiaya", "community", "", "xian-mijiaya")
	yanta := w.community(t, "610113", "2025-01-01")
	beilin := w.community(t, "610103", "2025-01-01")
	weibin := w.community(t, "610302", "2025-06-01")
	w.yanta = w.title(t, yanta, domain.LevelCity, "2025-07-01", "2028-06-30")
	w.title(t, beilin, domain.LevelProvince, "2025-09-01", "2028-08-31")
	w.title(t, weibin, domain.LevelCity, "2025-10-01", "2026-03-31")
	return w
}

func (w *progressEnv) community(t *testing.T, region, created string) domain.Community {
	t.Helper()
	w.n++
	d, _ := calendar.ParseDate(created)
	at := d.In(storetest.Shanghai).Add(12 * time.Hour)
	c := domain.Community{Code: fmt.Sprintf("p-%d", w.n), Name: fmt.Sprintf("小区%d", w.n), Region: "xian",
		Scale: "neighborhood", Active: true, RegionCode: region, CityCode: domain.CityCodeOf(region),
		CreatedAt: at, UpdatedAt: at}
	ctx := context.Background()
	if err := w.db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateCommunity(ctx, &c) }); err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *progressEnv) title(t *testing.T, c domain.Community, level domain.StandardLevel, from, to string) domain.Title {
	t.Helper()
	w.n++
	f, _ := calendar.ParseDate(from)
	u, _ := calendar.ParseDate(to)
	ti := domain.Title{CommunityID: c.ID, CityCode: c.CityCode, Level: level, CertificateNo: fmt.Sprintf("C-%d", w.n),
		GrantedOn: f, ExpiresOn: u, Status: domain.TitleActive, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	ctx := context.Background()
	if err := w.db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateTitle(ctx, &ti) }); err != nil {
		t.Fatal(err)
	}
	return ti
}

func (w *progressEnv) progress(t *testing.T, tok, query string) campaignProgressJSON {
	t.Helper()
	r := w.get(progressPath+query, tok)
	wantStatus(t, r, http.StatusOK)
	var p campaignProgressJSON
	r.json(t, &p)
	return p
}

func findCity(p campaignProgressJSON, code string) cityProgressJSON {
	for _, c := range p.Cities {
		if c.RegionCode == code {
			return c
		}
	}
	return cityProgressJSON{}
}

func TestProgressAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newProgressEnv(t, db)
		p := w.progress(t, w.tok["leadership"], "?as_of=2025-12-31")
		if p.AsOf != "2025-12-31" || p.Level != "city" || p.Target != 0.5 || p.StartDate != "2014-08-07" ||
			p.TargetDate != "2017-08-07" {
			t.Errorf("head: %+v", p)
		}
		if p.Province == nil || *p.Province != (figureJSON{Titled: 3, Communities: 8, Rate: 0.375}) {
			t.Fatalf("province: %+v", p.Province)
		}
		if len(p.Cities) != 13 {
			t.Errorf("%d cities, want the 10 cities and 3 areas", len(p.Cities))
		}
		xa := findCity(p, "610100")
		if xa.Name != "西安市" || xa.NameEn != "Xi'an" || xa.Titled != 2 || xa.Communities != 4 || xa.Rate != 0.5 {
			t.Errorf("西安: %+v", xa)
		}
		var sum int
		for _, co := range xa.Counties {
			sum += co.Communities
		}
		if len(xa.Counties) != 2 || xa.Counties[0].RegionCode != "610103" || xa.Counties[0].Name != "碑林区" || sum != 2 {
			t.Errorf("西安's counties: %+v", xa.Counties)
		}
		if len(p.Trend) == 0 || p.Trend[0].Month != "2014-08" || p.Trend[len(p.Trend)-1].Month != "2025-12" ||
			p.Trend[len(p.Trend)-1].figureJSON != *p.Province {
			t.Errorf("trend: %d points, first %+v", len(p.Trend), p.Trend[0])
		}
		// 6 months earlier (2025-06-30) none was titled: 3 in 6 months is
		// 0.5 a month; ceil(0.5 × 8) = 4 needed, one to go: 2 months =
		// 60.875 → 61 days after 2025-12-31.
		if p.Projection.MonthlyRate != 0.5 || p.Projection.Needed != 4 || p.Projection.ReachesTargetOn == nil ||
			*p.Projection.ReachesTargetOn != "2026-03-02" {
			t.Errorf("projection: %+v", p.Projection)
		}
		if len(p.Pipeline) != len(domain.ApplicationStatuses()) || p.Pipeline["draft"] != 0 {
			t.Errorf("pipeline: %+v", p.Pipeline)
		}

		// The level filter: only 碑林's province title counts.
		pr := w.progress(t, w.tok["admin"], "?as_of=2025-12-31&level=province")
		if pr.Level != "province" || pr.Province.Titled != 1 || findCity(pr, "610300").Titled != 0 {
			t.Errorf("province level: %+v", pr.Province)
		}

		// A revocation today leaves 2025-12-31 alone.
		w.yanta.Status, w.yanta.EndedOn = domain.TitleRevoked, calendar.DateOf(progressToday, storetest.Shanghai)
		ctx := context.Background()
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateTitle(ctx, &w.yanta) }); err != nil {
			t.Fatal(err)
		}
		if again := w.progress(t, w.tok["lead"], "?as_of=2025-12-31"); *again.Province != *p.Province {
			t.Errorf("after a revocation today: %+v, was %+v", again.Province, p.Province)
		}
		if now := w.progress(t, w.tok["lead"], ""); now.AsOf != "2026-12-05" || now.Province.Titled != 1 {
			t.Errorf("today: %s %+v, want 1 titled (碑林)", now.AsOf, now.Province)
		}
	})
}

// TestProgressAPIScope: the province and leadership see all; a city's
// bureau its city, without the province; others 403.
func TestProgressAPIScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newProgressEnv(t, db)
		for _, role := range []string{"admin", "lead", "leadership"} {
			if p := w.progress(t, w.tok[role], "?as_of=2025-12-31"); p.Province == nil || len(p.Cities) != 13 {
				t.Errorf("%s: %d cities, province %v", role, len(p.Cities), p.Province)
			}
		}
		p := w.progress(t, w.tok["xian"], "?as_of=2025-12-31")
		if p.Province != nil || len(p.Cities) != 1 || p.Cities[0].RegionCode != "610100" || p.Cities[0].Titled != 2 ||
			len(p.Cities[0].Counties) != 2 {
			t.Errorf("西安's bureau: %+v", p)
		}
		if last := p.Trend[len(p.Trend)-1]; last.Titled != 2 || last.Communities != 4 {
			t.Errorf("西安's trend ends at %+v, want its city's 2 of 4", last)
		}
		for _, role := range []string{"community", "police", "mianxian"} {
			r := w.get(progressPath, w.tok[role])
			wantStatus(t, r, http.StatusForbidden)
		}
		wantStatus(t, w.get(progressPath, ""), http.StatusUnauthorized)
	})
}

func TestProgressAPIErrors(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newProgressEnv(t, db)
		for _, q := range []string{"?as_of=2025-13-01", "?as_of=yesterday", "?as_of=2026-12-06", "?level=county",
			"?as_of=2025-02-30"} {
			r := w.get(progressPath+q, w.tok["leadership"])
			wantStatus(t, r, http.StatusBadRequest)
			if r.errorCode(t) != "invalid" {
				t.Errorf("%s: %s", q, r.body)
			}
		}
		r := w.get(progressPath+"?as_of=2026-12-06&lang=en", w.tok["leadership"])
		if msg := r.message(t); !strings.Contains(msg, "after today") {
			t.Errorf("future day: %q", msg)
		}
		if p := w.progress(t, w.tok["leadership"], "?as_of=2010-01-01"); len(p.Trend) != 0 ||
			p.Province.Communities != 0 || p.Projection.Reached || p.Projection.ReachesTargetOn != nil {
			t.Errorf("before the campaign: %+v", p)
		}
	})
}

func TestCampaignSettingsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newProgressEnv(t, db)
		var s settingsJSON
		r := w.get(settingsPath, w.tok["community"])
		wantStatus(t, r, http.StatusOK)
		r.json(t, &s)
		if s.Version != 0 || s.Target != 0.5 || s.StartDate != "2014-08-07" || s.TargetDate != "2017-08-07" ||
			s.UpdatedAt != nil {
			t.Errorf("defaults: %s", r.body)
		}
		body := map[string]any{"target": 0.6, "start_date": "2025-01-01", "target_date": "2027-12-31", "version": 0}
		put := func(tok string, b any) response {
			return w.doT(t, request{method: http.MethodPut, path: settingsPath, token: tok, body: b})
		}
		wantStatus(t, put(w.tok["lead"], body), http.StatusForbidden)
		wantStatus(t, put(w.tok["leadership"], body), http.StatusForbidden)
		r = put(w.admin, body)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &s)
		if s.Version != 1 || s.Target != 0.6 || s.UpdatedAt == nil {
			t.Errorf("saved: %s", r.body)
		}
		wantStatus(t, put(w.admin, body), http.StatusConflict) // version 0 is stale now
		for _, bad := range []map[string]any{
			{"target": 0, "start_date": "2025-01-01", "target_date": "2027-12-31", "version": 1},
			{"target": 1.5, "start_date": "2025-01-01", "target_date": "2027-12-31", "version": 1},
			{"target": 0.5, "start_date": "2025-01-01", "target_date": "2024-12-31", "version": 1},
			{"target": 0.5, "start_date": "2025/01/01", "target_date": "2027-12-31", "version": 1},
			{"target": 0.5, "target_date": "2027-12-31", "version": 1},
			{"target": 0.5, "start_date": "2025-01-01", "target_date": "2027-12-31", "version": 1, "colour": "red"},
		} {
			wantStatus(t, put(w.admin, bad), http.StatusBadRequest)
		}
		// The figures use the saved target and start.
		p := w.progress(t, w.tok["leadership"], "?as_of=2025-12-31")
		if p.Target != 0.6 || p.Trend[0].Month != "2025-01" || p.Projection.Needed != 5 {
			t.Errorf("figures with the new settings: target %v, first month %s, needed %d", p.Target, p.Trend[0].Month,
				p.Projection.Needed)
		}
		var audit listJSON[map[string]any]
		w.get("/api/v1/audit?action=campaign.settings", w.admin).json(t, &audit)
		if len(audit.Items) != 1 {
			t.Errorf("audit rows: %d, want 1", len(audit.Items))
		}
	})
}

// webAs signs username in on the web UI. The clock moves to webNow first:
// the session cookie must outlive the wall clock.
func (w *progressEnv) webAs(t *testing.T, username string) *webClient {
	t.Helper()
	w.clock.Set(webNow)
	b := (&webEnv{t: t, URL: w.ts.URL, db: w.db, users: w.users}).client()
	pw := "user-password-1"
	if username == "admin" {
		pw = adminPassword
	}
	if res, _ := b.login(username, pw, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: got %d", username, res.StatusCode)
	}
	return b
}

func TestWebProgressPage(t *testing.T) {
	w := newProgressEnv(t, storetest.SQLite(t))
	b := w.webAs(t, "leadership")
	res, doc := b.get("/campaign/progress?as_of=2025-12-31")
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`nav.main a[href="/campaign/progress"][aria-current="page"]`).Length() != 1 {
		t.Error("the navigation does not mark the progress page")
	}
	if h := webText(doc.Find("#progress-head")); h != "全省 · 市级及以上称号 · 截至 2025-12-31" {
		t.Errorf("head %q", h)
	}
	if got := webText(doc.Find(`#progress-summary [data-figure="rate"] .num`)); got != "37.5%" {
		t.Errorf("rate tile %q", got)
	}
	if got := webText(doc.Find("#progress-projection")); !strings.Contains(got, "2026-03-02") ||
		!strings.Contains(got, "晚于目标日期 2017-08-07") {
		t.Errorf("projection %q", got)
	}
	for _, id := range []string{"#progress-trend", "#progress-cities", "#progress-pipeline"} {
		svg := doc.Find(id + " svg")
		if svg.Length() != 1 || svg.AttrOr("width", "") != "100%" || svg.AttrOr("role", "") != "img" ||
			svg.Find("title").First().Text() == "" || svg.Find("desc").Text() == "" {
			t.Errorf("%s: no accessible inline SVG", id)
		}
	}
	if n := doc.Find("#progress-cities svg rect.bar").Length(); n != 13 {
		t.Errorf("%d city bars, want 13", n)
	}
	if got := doc.Find("#progress-cities svg text.label").First().Text(); got != "西安市" {
		t.Errorf("first bar %q", got)
	}
	if doc.Find("#progress-pipeline svg text.empty").Text() != "暂无申报" {
		t.Error("the empty pipeline has no label")
	}
	if doc.Find(`tr.county[data-region="610113"]`).Length() != 1 {
		t.Error("雁塔区 is not under 西安")
	}
	if doc.Find("#progress-settings").Length() != 0 {
		t.Error("leadership sees the settings form")
	}

	_, doc = b.get("/campaign/progress?as_of=2025-12-31&lang=en")
	if h := webText(doc.Find("main h1")); !strings.Contains(h, "progress to the target") {
		t.Errorf("English heading %q", h)
	}
	if got := doc.Find("#progress-cities svg text.label").First().Text(); got != "Xi'an" {
		t.Errorf("English first bar %q", got)
	}
	if got := webText(doc.Find("#progress-projection")); !strings.Contains(got, "after the target date 2017-08-07") {
		t.Errorf("English projection %q", got)
	}

	res, _ = b.get("/campaign/progress?as_of=nonsense")
	wantWebStatus(t, res, http.StatusBadRequest)
	community := w.webAs(t, "mijiaya")
	res, _ = community.get("/campaign/progress")
	wantWebStatus(t, res, http.StatusForbidden)
	xian := w.webAs(t, "xianbureau")
	res, doc = xian.get("/campaign/progress?as_of=2025-12-31")
	wantWebStatus(t, res, http.StatusOK)
	if n := doc.Find("#progress-cities svg rect.bar").Length(); n != 1 {
		t.Errorf("西安's bureau sees %d bars", n)
	}
}

func TestWebProgressSettings(t *testing.T) {
	w := newProgressEnv(t, storetest.SQLite(t))
	b := w.webAs(t, "admin")
	res, doc := b.get("/campaign/progress")
	wantWebStatus(t, res, http.StatusOK)
	form := doc.Find(`#progress-settings form[action="/campaign/settings"]`)
	if form.Length() != 1 || form.Find(`input[name="target"]`).AttrOr("value", "") != "50" {
		t.Fatalf("settings form: %q", webText(doc.Find("#progress-settings")))
	}
	csrf := webCSRFOf(t, doc)
	res, doc = b.post("/campaign/settings", url.Values{"_csrf": {csrf}, "version": {"0"}, "target": {"120"},
		"start_date": {"2025-01-01"}, "target_date": {"2027-12-31"}})
	wantWebStatus(t, res, http.StatusBadRequest)
	if msg := webText(doc.Find("#progress-settings .alert")); !strings.Contains(msg, "目标比例") {
		t.Errorf("form error %q", msg)
	}
	res, _ = b.post("/campaign/settings", url.Values{"_csrf": {csrf}, "version": {"0"}, "target": {"60"},
		"start_date": {"2025-01-01"}, "target_date": {"2027-12-31"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/campaign/progress?saved=1" {
		t.Fatalf("save: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, doc = b.get("/campaign/progress?saved=1")
	if doc.Find(".notice").Length() != 1 || doc.Find(`input[name="target"]`).AttrOr("value", "") != "60" ||
		doc.Find(`input[name="version"]`).AttrOr("value", "") != "1" {
		t.Errorf("after saving: %q", webText(doc.Find("#progress-settings")))
	}
	res, _ = b.post("/campaign/settings", url.Values{"version": {"1"}, "target": {"55"},
		"start_date": {"2025-01-01"}, "target_date": {"2027-12-31"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("no CSRF token: %d", res.StatusCode)
	}
	lead := w.webAs(t, "lead")
	_, doc = lead.get("/campaign/progress")
	res, _ = lead.post("/campaign/settings", url.Values{"_csrf": {webCSRFOf(t, doc)}, "version": {"1"},
		"target": {"55"}, "start_date": {"2025-01-01"}, "target_date": {"2027-12-31"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a lead saves: %d", res.StatusCode)
	}
}

// TestWebProgressNav: the navigation lists the dashboard for a city's
// housing bureau as for leadership, and not for another department.
func TestWebProgressNav(t *testing.T) {
	w := newProgressEnv(t, storetest.SQLite(t))
	for _, tc := range []struct {
		user string
		want bool
	}{{"leadership", true}, {"xianbureau", true}, {"police", false}, {"mijiaya", false}} {
		b := w.webAs(t, tc.user)
		res, doc := b.get("/")
		wantWebStatus(t, res, http.StatusOK)
		if got := doc.Find(`nav.main a[href="/campaign/progress"]`).Length() == 1; got != tc.want {
			t.Errorf("%s: progress link %v, want %v", tc.user, got, tc.want)
		}
	}
}
