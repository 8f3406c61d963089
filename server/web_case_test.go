package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestWebCaseForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newWebEnvOn(t, db, false)
		e.user("hz", domain.RoleDepartment, "hanzhong-housing", "")
		e.user("xa", domain.RoleDepartment, "xian-housing", "")
		e.user("boss", domain.RoleLeadership, "", "")
		hz, xa, boss := e.as("hz"), e.as("xa"), e.as("boss")
		minan := webID(e.communityID("hanzhong-minan"))

		// The form offers only the bureau's own communities.
		doc := hz.mustGet("/campaign/cases/new")
		if doc.Find(`#community_id option[value="`+minan+`"]`).Length() != 1 ||
			doc.Find(`#community_id option[value="`+webID(e.communityID(commMijia))+`"]`).Length() != 0 {
			t.Fatalf("community options: %s", doc.Find("#community_id").Text())
		}
		res, doc := hz.submit(doc, "#case-form", url.Values{"community_id": {minan}, "title": {""}, "text": {"x"}})
		if res.StatusCode != http.StatusBadRequest || doc.Find(".alert").Length() == 0 {
			t.Fatalf("empty title: got %d", res.StatusCode)
		}
		page := hz.follow(hz.submit(hz.mustGet("/campaign/cases/new"), "#case-form", url.Values{
			"community_id": {minan}, "title": {"<b>议事</b>"}, "text": {"一段\n\n两段"}}))
		if got := page.Find("#case-title").Text(); got != "<b>议事</b>" {
			t.Errorf("title %q", got)
		}
		if page.Find("#case-publish").Length() != 1 || page.Find("#upload-form").Length() != 1 {
			t.Errorf("the bureau's page lacks the publish button or the upload form")
		}
		path := strings.TrimSuffix(page.Find("#case-edit").AttrOr("href", ""), "/edit")

		// Another city's bureau: not found; leadership reads without buttons.
		if res, _ := xa.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("xian's bureau: got %d, want 404", res.StatusCode)
		}
		res, doc = boss.get(path)
		if res.StatusCode != http.StatusOK || doc.Find("#case-publish, #case-edit, #upload-form").Length() != 0 {
			t.Errorf("leadership: got %d, with buttons %d", res.StatusCode, doc.Find("#case-publish, #case-edit").Length())
		}
		page = hz.follow(hz.submit(page, `form[action="`+path+`/publish"]`, nil))
		if got := page.Find("#case-status").Text(); got != "已发布" {
			t.Errorf("status after publishing: %q", got)
		}

		// Exchange activities: the bureau's own organisation organises.
		doc = hz.mustGet("/campaign/exchanges/new")
		if doc.Find("#org_id").Length() != 0 {
			t.Errorf("a bureau is offered other organisers")
		}
		page = hz.follow(hz.submit(doc, "#exchange-form", url.Values{"title": {"经验交流会"}, "held_on": {"2099-03-01"},
			"place": {"勉县"}, "participants": {"勉县住建局"}}))
		if got := page.Find("#exchange-organiser").Text(); !strings.Contains(got, "汉中") {
			t.Errorf("organiser %q", got)
		}
		if page.Find("#upload-form").Length() != 1 {
			t.Errorf("no upload form for the materials")
		}
		if _, doc := xa.get("/campaign/exchanges"); doc.Find("#exchanges tbody tr[data-id]").Length() != 0 {
			t.Errorf("xian sees 汉中's exchange")
		}
		if _, doc := hz.get("/campaign"); doc.Find("#link-cases").Length() != 1 || doc.Find("#link-exchanges").Length() != 1 {
			t.Errorf("the campaign hub lacks the case or exchange links")
		}
	})
}
