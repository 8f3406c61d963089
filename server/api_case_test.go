package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// pngSample is the smallest file the sniffer takes for a PNG picture.
var pngSample = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

// caseEnv is a server with the case service and attachments, the
// province, two city bureaus, leadership and a community.
type caseEnv struct {
	*attachEnv
	minan int64 // 民安花园, 汉中
}

func newCaseEnv(t *testing.T, db *storetest.DB) *caseEnv {
	t.Helper()
	w := newAttachEnv(t, db, 0, 0, func(d *Deps) {
		d.Cases = &domain.CaseService{Store: d.Tasks.Store.(domain.CaseStore), Now: d.Tasks.Now,
			Location: storetest.Shanghai}
		d.Notices = &domain.CampaignNoticeService{Store: d.Tasks.Store.(domain.NoticeStore), Now: d.Tasks.Now,
			Location: storetest.Shanghai, ObjectionRules: domain.ObjectionPolicy{MaxContent: 200, Rate: 3, Window: time.Hour}}
	})
	for _, u := range []struct{ name, org string }{{"hzbureau", "hanzhong-housing"}, {"xabureau", "xian-housing"}} {
		user, tok := w.mustUser(u.name, domain.RoleDepartment, u.org, "")
		w.tok[u.name], w.actor[u.name] = tok, domain.ActorOf(user, domain.ChannelAPI, "")
	}
	_, w.tok["minan"] = w.mustUser("minanuser", domain.RoleCommunity, "", "hanzhong-minan")
	c, err := db.CommunityByCode(t.Context(), "hanzhong-minan")
	if err != nil {
		t.Fatal(err)
	}
	return &caseEnv{attachEnv: w, minan: c.ID}
}

func (w *caseEnv) createCase(t *testing.T, tok string) caseJSON {
	t.Helper()
	r := w.do(request{method: http.MethodPost, path: casePath, token: tok,
		body: caseInputJSON{CommunityID: w.minan, Title: "民安花园：楼栋长议事", Text: "第一段<script>alert(1)</script>\n\n第二段"}})
	wantStatus(t, r, http.StatusCreated)
	var c caseJSON
	r.json(t, &c)
	return c
}

func TestCaseAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newCaseEnv(t, db)
		c := w.createCase(t, w.tok["hzbureau"])
		if c.Status != "draft" || c.CommunityName != "民安花园" || c.PublicURL != nil {
			t.Fatalf("created %+v, want a draft of 民安花园", c)
		}
		path := fmt.Sprintf("%s/%d", casePath, c.ID)

		// A bureau outside the region neither sees nor edits it (404), nor
		// records one for a community outside its region.
		wantStatus(t, w.get(path, w.tok["xabureau"]), http.StatusNotFound)
		wantStatus(t, w.do(request{method: http.MethodPut, path: path, token: w.tok["xabureau"],
			body: caseInputJSON{CommunityID: w.minan, Title: "x", Text: "y"}}), http.StatusNotFound)
		wantStatus(t, w.do(request{method: http.MethodPost, path: path + "/publish", token: w.tok["xabureau"]}),
			http.StatusNotFound)
		wantStatus(t, w.do(request{method: http.MethodPost, path: casePath, token: w.tok["xabureau"],
			body: caseInputJSON{CommunityID: w.minan, Title: "x", Text: "y"}}), http.StatusNotFound)
		// Leadership and the community read it but may not publish (403).
		wantStatus(t, w.get(path, w.tok["leadership"]), http.StatusOK)
		wantStatus(t, w.do(request{method: http.MethodPost, path: path + "/publish", token: w.tok["minan"]}),
			http.StatusForbidden)
		wantStatus(t, w.do(request{method: http.MethodPost, path: casePath, token: w.tok["hzbureau"],
			body: caseInputJSON{CommunityID: w.minan}}), http.StatusBadRequest)

		r := w.upload(t, w.tok["hzbureau"], path+"/attachments", upload{"楼栋长.png", pngSample})
		wantStatus(t, r, http.StatusCreated)
		var files listJSON[attachmentJSON]
		r.json(t, &files)
		photo := files.Items[0].ID
		wantStatus(t, w.upload(t, w.tok["hzbureau"], path+"/attachments", upload{"a.pdf", pdfBytes}), http.StatusBadRequest)
		wantStatus(t, w.upload(t, w.tok["xabureau"], path+"/attachments", upload{"x.png", pngSample}), http.StatusNotFound)

		// Not published: the public sees neither the case nor its photo.
		publicPhoto := publicCaseFile(c.ID, photo)
		wantStatus(t, w.get(publicCasePath(c.ID), ""), http.StatusNotFound)
		wantStatus(t, w.get(publicPhoto, ""), http.StatusNotFound)

		r = w.do(request{method: http.MethodPost, path: path + "/publish", token: w.tok["hzbureau"]})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &c)
		if c.Status != "published" || c.FirstPublishedAt == nil || c.PublicURL == nil {
			t.Fatalf("published %+v", c)
		}
		wantStatus(t, w.do(request{method: http.MethodPost, path: path + "/publish", token: w.tok["hzbureau"]}),
			http.StatusConflict)
		page := w.get(publicCasePath(c.ID), "")
		wantStatus(t, page, http.StatusOK)
		body := string(page.body)
		if !strings.Contains(body, "&lt;script&gt;") || strings.Contains(body, "<script>alert") ||
			!strings.Contains(body, "<p>第二段</p>") || !strings.Contains(body, publicPhoto) ||
			strings.Contains(body, "hzbureau") {
			t.Errorf("public page: the text is not escaped paragraphs with the photo, or shows the author:\n%s", body)
		}
		got := w.get(publicPhoto, "")
		wantStatus(t, got, http.StatusOK)
		if string(got.body) != string(pngSample) || got.header.Get("Content-Type") != domain.TypePNG ||
			got.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("public photo: %d bytes, %s", len(got.body), got.header)
		}
		wantStatus(t, w.get(publicCaseFile(c.ID+1, photo), ""), http.StatusNotFound)
		list := w.get("/public/cases", "")
		wantStatus(t, list, http.StatusOK)
		if !strings.Contains(string(list.body), "民安花园：楼栋长议事") {
			t.Errorf("public list lacks the case")
		}

		// The province unpublishes it: gone from the public at once.
		wantStatus(t, w.do(request{method: http.MethodPost, path: path + "/unpublish", token: w.tok["lead"]}),
			http.StatusOK)
		wantStatus(t, w.get(publicCasePath(c.ID), ""), http.StatusNotFound)
		wantStatus(t, w.get(publicPhoto, ""), http.StatusNotFound)
		if strings.Contains(string(w.get("/public/cases", "").body), "民安花园：楼栋长议事") {
			t.Errorf("public list still shows the unpublished case")
		}

		var l listJSON[caseJSON]
		r = w.get(casePath+"?status=unpublished", w.tok["hzbureau"])
		wantStatus(t, r, http.StatusOK)
		r.json(t, &l)
		if len(l.Items) != 1 || l.Items[0].ID != c.ID {
			t.Errorf("unpublished list: %+v", l.Items)
		}
		r = w.get(casePath, w.tok["xabureau"])
		r.json(t, &l)
		if len(l.Items) != 0 {
			t.Errorf("xian's list shows %d cases of 汉中", len(l.Items))
		}
		wantStatus(t, w.get(casePath+"?status=secret", w.tok["hzbureau"]), http.StatusBadRequest)
	})
}

func TestExchangeAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newCaseEnv(t, db)
		in := exchangeInputJSON{Title: "汉中市和谐社区创建经验交流会", HeldOn: "2025-02-27", Place: "勉县",
			Participants: "勉县住建局\n民安花园物业"}
		r := w.do(request{method: http.MethodPost, path: "/api/v1/campaign/exchanges", token: w.tok["hzbureau"], body: in})
		wantStatus(t, r, http.StatusCreated)
		var x exchangeJSON
		r.json(t, &x)
		if x.OrgID != w.actor["hzbureau"].OrgID || x.HeldOn == nil || *x.HeldOn != "2025-02-27" {
			t.Fatalf("created %+v", x)
		}
		path := fmt.Sprintf("/api/v1/campaign/exchanges/%d", x.ID)
		wantStatus(t, w.get(path, w.tok["xabureau"]), http.StatusNotFound)
		wantStatus(t, w.do(request{method: http.MethodPut, path: path, token: w.tok["xabureau"], body: in}),
			http.StatusNotFound)
		wantStatus(t, w.upload(t, w.tok["hzbureau"], path+"/attachments", upload{"议程.pdf", pdfBytes}),
			http.StatusCreated)
		in.HeldOn = "27/02/2025"
		wantStatus(t, w.do(request{method: http.MethodPut, path: path, token: w.tok["hzbureau"], body: in}),
			http.StatusBadRequest)
		in.HeldOn, in.Place = "2025-02-28", "汉中市"
		r = w.do(request{method: http.MethodPut, path: path, token: w.tok["hzbureau"], body: in})
		wantStatus(t, r, http.StatusOK)
		r.json(t, &x)
		if x.Place != "汉中市" || x.Version != 2 {
			t.Errorf("updated %+v", x)
		}
		var l listJSON[exchangeJSON]
		w.get("/api/v1/campaign/exchanges", w.tok["leadership"]).json(t, &l)
		if len(l.Items) != 1 {
			t.Errorf("leadership sees %d exchanges, want 1", len(l.Items))
		}
	})
}
