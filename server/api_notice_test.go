package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// noticeEnv is a server with the campaign's notice service, a user per
// role, and a publicized application of 民安花园 (汉中) with a notice open
// 2025-03-03 to 03-07.
type noticeEnv struct {
	*testEnv
	svc    *domain.CampaignNoticeService
	tok    map[string]string
	notice domain.PublicNotice
}

func newNoticeEnv(t *testing.T, db *storetest.DB, level domain.StandardLevel) *noticeEnv {
	t.Helper()
	var svc *domain.CampaignNoticeService
	e := newEnv(t, db, func(d *Deps) {
		svc = &domain.CampaignNoticeService{Store: d.Tasks.Store.(domain.NoticeStore), Now: d.Tasks.Now,
			Location: storetest.Shanghai, ObjectionRules: domain.ObjectionPolicy{MaxContent: 200, Rate: 3, Window: time.Hour}}
		d.Notices = svc
	})
	w := &noticeEnv{testEnv: e, svc: svc, tok: map[string]string{}}
	_, w.tok["lead"] = e.mustUser("lead", "lead", "", "")
	_, w.tok["hanzhong"] = e.mustUser("hzbureau", "department", "hanzhong-housing", "")
	_, w.tok["xian"] = e.mustUser("xabureau", "department", "xian-housing", "")
	_, w.tok["police"] = e.mustUser("police", "department", "xian-public_security", "")
	_, w.tok["leadership"] = e.mustUser("boss", "leadership", "", "")
	_, w.tok["community"] = e.mustUser("minan", "community", "", "hanzhong-minan")
	w.notice = publicizeFixture(t, db, "hanzhong-minan", level, "2025-03-03", "2025-03-07")
	return w
}

// publicizeFixture makes a publicized application with an open notice
// through the store, as the applications' review would.
func publicizeFixture(t testing.TB, db *storetest.DB, code string, level domain.StandardLevel, from, to string) domain.PublicNotice {
	t.Helper()
	ctx := context.Background()
	c, err := db.CommunityByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	std, ok, err := db.LatestStandard(ctx, domain.LevelProvince, "")
	if err != nil || !ok {
		t.Fatalf("standard: %v", err)
	}
	f, _ := calendar.ParseDate(from)
	to2, _ := calendar.ParseDate(to)
	n := domain.PublicNotice{CommunityID: c.ID, CityCode: c.CityCode, Level: level, Score: 88.5, From: f, To: to2,
		Status: domain.NoticeOpen, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
	err = db.InTx(ctx, func(tx domain.Tx) error {
		a := domain.Application{CommunityID: c.ID, CityCode: c.CityCode, RegionCode: c.RegionCode, Level: level,
			StandardID: std.ID, Status: domain.AppPublicized, CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
		if err := tx.CreateApplication(ctx, &a); err != nil {
			return err
		}
		n.ApplicationID = a.ID
		return tx.CreatePublicNotice(ctx, &n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *noticeEnv) call(t testing.TB, method, tok, path string, body any, header ...string) response {
	t.Helper()
	h := map[string]string{}
	for i := 0; i+1 < len(header); i += 2 {
		h[header[i]] = header[i+1]
	}
	return w.doT(t, request{method: method, path: path, token: tok, body: body, header: h})
}

func TestPublicNoticeAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newNoticeEnv(t, db, domain.LevelCity)
		future := publicizeFixture(t, db, "xian-mijiaya", domain.LevelCity, "2025-04-01", "2025-04-07")
		path := fmt.Sprintf("/api/v1/public/notices/%d", w.notice.ID)

		// No sign-in: the open notice, and only public fields.
		r := w.call(t, http.MethodGet, "", "/api/v1/public/notices", nil)
		wantStatus(t, r, http.StatusOK)
		var l struct {
			Items []map[string]any `json:"items"`
		}
		r.json(t, &l)
		if len(l.Items) != 1 || l.Items[0]["community"] != "民安花园" || l.Items[0]["city"] != "汉中市" ||
			l.Items[0]["level"] != "city" || l.Items[0]["score"] != 88.5 || l.Items[0]["from"] != "2025-03-03" ||
			l.Items[0]["to"] != "2025-03-07" || l.Items[0]["open"] != true {
			t.Fatalf("public list %v", l.Items)
		}
		for _, k := range []string{"community_id", "opened_by", "city_code", "self_score"} {
			if _, ok := l.Items[0][k]; ok {
				t.Errorf("public notice shows %s", k)
			}
		}
		wantStatus(t, w.call(t, http.MethodGet, "", path, nil), http.StatusOK)
		wantStatus(t, w.call(t, http.MethodGet, "", fmt.Sprintf("/api/v1/public/notices/%d", future.ID), nil), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodPost, "", fmt.Sprintf("/api/v1/public/notices/%d/objections", future.ID),
			map[string]any{"content": "x"}), http.StatusNotFound)

		// Objections: limits, escaping, rate.
		obj := path + "/objections"
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": ""}), http.StatusBadRequest)
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": strings.Repeat("长", 201)}), http.StatusBadRequest)
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "x", "name": strings.Repeat("名", 51)}), http.StatusBadRequest)
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "x", "extra": 1}), http.StatusBadRequest)
		r = w.call(t, http.MethodPost, "", obj, map[string]any{"content": "<script>alert(1)</script>材料不实",
			"name": "王五", "contact": "13800000000"})
		wantStatus(t, r, http.StatusAccepted)
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "二"}), http.StatusAccepted)
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "三"}), http.StatusAccepted)
		r = w.call(t, http.MethodPost, "", obj, map[string]any{"content": "四"})
		wantStatus(t, r, http.StatusTooManyRequests)
		if r.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		// Another client address (behind no trusted proxy the header is ignored: same address).
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "五"}, "X-Forwarded-For", "10.9.9.9"),
			http.StatusTooManyRequests)

		// Staff: scope.
		r = w.call(t, http.MethodGet, w.tok["hanzhong"], "/api/v1/campaign/objections?status=open", nil)
		wantStatus(t, r, http.StatusOK)
		var obs struct {
			Items []objectionJSON `json:"items"`
		}
		r.json(t, &obs)
		if len(obs.Items) != 3 || obs.Items[2].Content != "<script>alert(1)</script>材料不实" || obs.Items[2].Name != "王五" {
			t.Fatalf("city bureau's objections %+v", obs.Items)
		}
		if strings.Contains(string(r.body), "client_hash") || strings.Contains(string(r.body), "127.0.0.1") {
			t.Error("the client address shows")
		}
		r = w.call(t, http.MethodGet, w.tok["xian"], "/api/v1/campaign/objections", nil)
		r.json(t, &obs)
		if len(obs.Items) != 0 {
			t.Errorf("another city sees %d objections", len(obs.Items))
		}
		wantStatus(t, w.call(t, http.MethodGet, w.tok["leadership"], "/api/v1/campaign/objections", nil), http.StatusOK)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["community"], "/api/v1/campaign/objections", nil), http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["police"], "/api/v1/campaign/objections", nil), http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodGet, "", "/api/v1/campaign/objections", nil), http.StatusUnauthorized)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["lead"], "/api/v1/campaign/objections?status=maybe", nil), http.StatusBadRequest)

		r = w.call(t, http.MethodGet, w.tok["lead"], "/api/v1/campaign/objections", nil)
		r.json(t, &obs)
		first := obs.Items
		resolve := func(tok string, id int64, outcome, note string) response {
			return w.call(t, http.MethodPost, tok, fmt.Sprintf("/api/v1/campaign/objections/%d/resolve", id),
				map[string]any{"outcome": outcome, "note": note})
		}
		wantStatus(t, resolve(w.tok["xian"], first[0].ID, "dismissed", "不成立"), http.StatusNotFound)
		wantStatus(t, resolve(w.tok["leadership"], first[0].ID, "dismissed", "不成立"), http.StatusForbidden)
		wantStatus(t, resolve(w.tok["hanzhong"], first[0].ID, "dismissed", ""), http.StatusBadRequest)
		wantStatus(t, resolve(w.tok["hanzhong"], first[0].ID, "maybe", "x"), http.StatusBadRequest)
		wantStatus(t, resolve(w.tok["hanzhong"], 99999, "dismissed", "x"), http.StatusNotFound)

		// After the period: 409, and the job waits for the open objections.
		w.clock.Set(time.Date(2025, 3, 8, 10, 0, 0, 0, storetest.Shanghai))
		r = w.call(t, http.MethodPost, "", obj, map[string]any{"content": "晚了"}, "Accept-Language", "en")
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.message(t), "2025-03-07") {
			t.Errorf("409 message %q names no period", r.message(t))
		}
		r = w.call(t, http.MethodGet, w.tok["lead"], "/api/v1/campaign/notices?list=waiting", nil)
		var ns struct {
			Items []noticeJSON `json:"items"`
		}
		r.json(t, &ns)
		if len(ns.Items) != 1 {
			t.Errorf("waiting notices %+v", ns.Items)
		}
		for _, o := range first {
			wantStatus(t, resolve(w.tok["hanzhong"], o.ID, "dismissed", "经核查不成立"), http.StatusOK)
		}
		wantStatus(t, resolve(w.tok["hanzhong"], first[0].ID, "upheld", "again"), http.StatusConflict)
		run, err := w.svc.Run(context.Background(), w.clock.Now(), false)
		if err != nil || len(run.Named) != 1 {
			t.Fatalf("naming: %+v %v", run, err)
		}

		// Titles: scope and authority.
		r = w.call(t, http.MethodGet, w.tok["community"], "/api/v1/campaign/titles", nil)
		wantStatus(t, r, http.StatusOK)
		var ts struct {
			Items []titleJSON `json:"items"`
		}
		r.json(t, &ts)
		if len(ts.Items) != 1 || ts.Items[0].CertificateNo != "陕和谐〔2025〕市-610700-0001" ||
			*ts.Items[0].GrantedOn != "2025-03-08" || *ts.Items[0].ExpiresOn != "2028-03-07" || ts.Items[0].Status != "active" {
			t.Fatalf("titles %+v", ts.Items)
		}
		title := fmt.Sprintf("/api/v1/campaign/titles/%d", ts.Items[0].ID)
		r = w.call(t, http.MethodGet, w.tok["xian"], "/api/v1/campaign/titles", nil)
		r.json(t, &ts)
		if len(ts.Items) != 0 {
			t.Errorf("another city sees %d titles", len(ts.Items))
		}
		wantStatus(t, w.call(t, http.MethodGet, w.tok["lead"], "/api/v1/campaign/titles?region_code=610700&status=active&level=city", nil), http.StatusOK)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["lead"], "/api/v1/campaign/titles?status=gone", nil), http.StatusBadRequest)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["xian"], title, nil), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodGet, w.tok["leadership"], title, nil), http.StatusOK)
		check := map[string]any{"checked_on": "2025-03-08", "inspectors": "李四", "findings": "台账缺失", "passed": false}
		wantStatus(t, w.call(t, http.MethodPost, w.tok["xian"], title+"/spot-checks", check), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["leadership"], title+"/spot-checks", check), http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["community"], title+"/spot-checks", check), http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["hanzhong"], title+"/spot-checks",
			map[string]any{"checked_on": "2025-03-09", "inspectors": "李四", "findings": "x", "passed": true}), http.StatusBadRequest)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["hanzhong"], title+"/spot-checks", check), http.StatusCreated)
		r = w.call(t, http.MethodGet, w.tok["hanzhong"], title, nil)
		var det map[string]any
		r.json(t, &det)
		if det["failed_spot_check"] != true || len(det["spot_checks"].([]any)) != 1 || det["status"] != "active" {
			t.Errorf("title after a failed check %v", det)
		}

		// Public register.
		r = w.call(t, http.MethodGet, "", "/api/v1/public/titles", nil)
		wantStatus(t, r, http.StatusOK)
		var pub struct {
			Items []map[string]any `json:"items"`
		}
		r.json(t, &pub)
		if len(pub.Items) != 1 || pub.Items[0]["community"] != "民安花园" || pub.Items[0]["city"] != "汉中市" {
			t.Fatalf("public titles %v", pub.Items)
		}
		if _, ok := pub.Items[0]["id"]; ok {
			t.Error("public titles show ids")
		}
		wantStatus(t, w.call(t, http.MethodPost, w.tok["leadership"], title+"/revoke", map[string]any{"reason": "x"}), http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["xian"], title+"/revoke", map[string]any{"reason": "x"}), http.StatusNotFound)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["hanzhong"], title+"/revoke", map[string]any{"reason": " "}), http.StatusBadRequest)
		r = w.call(t, http.MethodPost, w.tok["hanzhong"], title+"/revoke", map[string]any{"reason": "抽查不合格"})
		wantStatus(t, r, http.StatusOK)
		var rv titleJSON
		r.json(t, &rv)
		if rv.Status != "revoked" || *rv.EndedOn != "2025-03-08" || rv.Reason != "抽查不合格" {
			t.Errorf("revoked %+v", rv)
		}
		wantStatus(t, w.call(t, http.MethodPost, w.tok["lead"], title+"/revoke", map[string]any{"reason": "x"}), http.StatusConflict)
		r = w.call(t, http.MethodGet, "", "/api/v1/public/titles", nil)
		r.json(t, &pub)
		if len(pub.Items) != 0 {
			t.Errorf("a revoked title is public: %v", pub.Items)
		}
	})
}

// TestProvinceObjectionAuthority: a province title's objection is the
// province's to resolve; upheld, the notice stops.
func TestProvinceObjectionAuthority(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newNoticeEnv(t, db, domain.LevelProvince)
		obj := fmt.Sprintf("/api/v1/public/notices/%d/objections", w.notice.ID)
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "违建"}), http.StatusAccepted)
		var obs struct {
			Items []objectionJSON `json:"items"`
		}
		w.call(t, http.MethodGet, w.tok["hanzhong"], "/api/v1/campaign/objections", nil).json(t, &obs)
		if len(obs.Items) != 1 {
			t.Fatalf("the city bureau sees %d", len(obs.Items))
		}
		path := fmt.Sprintf("/api/v1/campaign/objections/%d/resolve", obs.Items[0].ID)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["hanzhong"], path, map[string]any{"outcome": "upheld", "note": "属实"}),
			http.StatusForbidden)
		wantStatus(t, w.call(t, http.MethodPost, w.tok["lead"], path, map[string]any{"outcome": "upheld", "note": "属实"}),
			http.StatusOK)
		r := w.call(t, http.MethodGet, "", fmt.Sprintf("/api/v1/public/notices/%d", w.notice.ID), nil)
		var n map[string]any
		r.json(t, &n)
		if n["status"] != "stopped" || n["open"] != false {
			t.Errorf("notice after an upheld objection %v", n)
		}
		wantStatus(t, w.call(t, http.MethodPost, "", obj, map[string]any{"content": "再"}), http.StatusConflict)
	})
}
