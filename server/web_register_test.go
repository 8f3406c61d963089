package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestWebRegisterForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newWebEnvOn(t, db, false)
		e.user("xabureau", domain.RoleDepartment, "xian-housing", "")
		e.user("resident", domain.RoleCommunity, "", "xian-mijiaya")
		e.user("police", domain.RoleDepartment, "xian-public_security", "")
		bureau, resident := e.as("xabureau"), e.as("resident")

		// Those who may not change the register see no import or edit.
		for _, b := range []*webClient{resident, e.as("police")} {
			doc := b.mustGet("/communities")
			if doc.Find("#register-import, #community-new, a.edit").Length() != 0 {
				t.Error("a reader is offered the register's changes")
			}
			if res, _ := b.get("/communities/new"); res.StatusCode != http.StatusForbidden {
				t.Errorf("new form for a reader: %d", res.StatusCode)
			}
		}

		// The import form carries the list's filters back (and nothing
		// else), so the page after a check shows the same list.
		if got := bureau.mustGet("/communities?city=610100&q=%E7%B1%B3&x=1").Find("#register-import form").AttrOr("action", ""); got != "/communities/import?city=610100&q=%E7%B1%B3" {
			t.Errorf("import form action %q", got)
		}

		// The bureau edits only its city's communities.
		doc := bureau.mustGet("/communities")
		if n := doc.Find("a.edit").Length(); n != 2 {
			t.Errorf("the Xi'an bureau may edit %d communities, want 2", n)
		}
		if res, _ := bureau.get("/communities/" + webID(e.communityID("baoji-jinhe")) + "/edit"); res.StatusCode != http.StatusNotFound {
			t.Errorf("another city's edit form: %d", res.StatusCode)
		}

		// Add: outside its city is refused on the form, inside it is saved
		// with its city and county from the region code.
		doc = bureau.mustGet("/communities/new")
		if doc.Find(`#region_code option[value="610113"]`).Length() != 1 || doc.Find(`#region_code option[value="xixian"]`).Length() != 1 {
			t.Error("the region select lacks counties or areas")
		}
		fields := url.Values{"code": {"xa-form-1"}, "name": {"表单小区"}, "region_code": {"610302"}, "scale": {"cluster"},
			"housing_type": {"economical"}, "households": {"42"}, "property_managed": {"1"}, "active": {"1"}}
		res, doc := bureau.submit(doc, "#community-form", fields)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(webText(doc.Find(".alert")), "610302") {
			t.Errorf("outside the city: %d %q", res.StatusCode, webText(doc.Find(".alert")))
		}
		fields.Set("region_code", "610113")
		doc = bureau.follow(bureau.submit(doc, "#community-form", fields))
		row := doc.Find("#communities tbody tr")
		if row.Length() != 1 || !strings.Contains(webText(row), "雁塔区") || !strings.Contains(webText(row), "经济适用房") {
			t.Fatalf("after adding: %q", webText(row))
		}
		// Edit it: the form comes back filled in.
		doc = bureau.mustGet(row.Find("a.edit").AttrOr("href", ""))
		if v := doc.Find("#households").AttrOr("value", ""); v != "42" {
			t.Errorf("edit form households %q", v)
		}
		fields.Set("households", "-5")
		res, doc = bureau.submit(doc, "#community-form", fields)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("bad households: %d", res.StatusCode)
		}
		fields.Set("households", "50")
		doc = bureau.follow(bureau.submit(doc, "#community-form", fields))
		if !strings.Contains(webText(doc.Find("#communities tbody tr")), "50") {
			t.Errorf("after editing: %q", webText(doc.Find("#communities tbody tr")))
		}
		// The export link carries the filters.
		doc = bureau.mustGet("/communities?city=610100&housing_type=economical&managed=1")
		if href := doc.Find("#register-export").AttrOr("href", ""); !strings.Contains(href, "region_code=610100") ||
			!strings.Contains(href, "housing_type=economical") || !strings.Contains(href, "property_managed=true") {
			t.Errorf("export link %q", href)
		}
		if n := doc.Find("#communities tbody tr").Length(); n != 1 {
			t.Errorf("filtered rows: %d", n)
		}
	})
}
