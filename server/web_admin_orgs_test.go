package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// orgSheetBad has every kind of row problem; orgSheetGood fills two
// organisations (Chinese headers, an empty cell left alone).
const (
	orgSheetBad = "code,contact_email,head_name,head_email\n" +
		orgHealth + ",office@health.example.cn,王主任,wang@health.example.cn\n" +
		"no-such-org,a@example.cn,,\n" +
		orgPolice + ",not-an-address,,\n" +
		orgHealth + ",,,\n" +
		",x@example.cn,,\n"
	orgSheetGood = "组织编码,名称,联系邮箱,负责人,负责人邮箱\n" +
		orgHealth + ",西安市卫生健康委员会,office@health.example.cn,王主任,wang@health.example.cn\n" +
		orgPolice + ",西安市公安局,,李局长,li@police.example.cn\n"
)

func TestWebOrgAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		env := newWebEnvOn(t, db, false)
		ctx := context.Background()
		admin := env.client()
		admin.mustLogin()
		police := strconv.FormatInt(env.orgID(orgPolice), 10)

		for lang, want := range map[string]string{"zh-CN": "单位地址管理", "en": "Organisation addresses"} {
			res, doc := admin.get("/admin/organizations?no_contact=1&lang=" + lang)
			wantWebStatus(t, res, http.StatusOK)
			if got := strings.TrimSpace(doc.Find("main h1").Text()); got != want {
				t.Errorf("%s heading: got %q, want %q", lang, got, want)
			}
			if n := doc.Find("#org-addresses tbody tr[data-id]").Length(); n != orgAdminPageSize {
				t.Errorf("%s: %d rows on the first page, want %d", lang, n, orgAdminPageSize)
			}
			if doc.Find(`nav.pager a.next`).Length() != 1 {
				t.Errorf("%s: no next page", lang)
			}
		}
		admin.get("/admin/organizations?lang=zh-CN")
		_, doc := admin.get("/admin/organizations?q=" + orgPolice)
		if doc.Find(`#org-addresses tr[data-code="`+orgPolice+`"]`).Length() != 1 {
			t.Error("the search does not find the police")
		}

		// The edit form: CSRF, the API's checks, then a head address.
		form := url.Values{"name": {"西安市公安局"}, "name_en": {"Xi'an Municipal Public Security Bureau"},
			"type": {"public_security"}, "region": {"xian"}, "level": {"city"}, "active": {"1"},
			"head_name": {"李局长"}, "head_email": {"not an address"}}
		res, _ := admin.post("/admin/organizations/"+police, form)
		wantWebStatus(t, res, http.StatusForbidden)
		o0, _ := db.OrganizationByCode(ctx, orgPolice)
		form.Set("type", o0.Type)
		res, doc = admin.form("/admin/organizations/"+police, "/admin/organizations/"+police, form)
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := doc.Find("#org-error").Text(); got != "邮箱地址无效" {
			t.Errorf("bad address: got %q", got)
		}
		form.Set("head_email", "Li@Police.example.cn")
		res, _ = admin.form("/admin/organizations/"+police, "/admin/organizations/"+police, form)
		wantWebStatus(t, res, http.StatusSeeOther)
		if o, _ := db.OrganizationByCode(ctx, orgPolice); o.HeadEmail != "li@police.example.cn" || o.HeadName != "李局长" {
			t.Errorf("after saving: %+v", o)
		}

		// The import: the dry run lists every problem and writes nothing.
		_, page := admin.get("/admin/organizations/import")
		csrf := webCSRFOf(t, page)
		// The headers the sheet may use, as written in it (the two
		// sheets below use them), in <code>.
		cols := strings.Join(page.Find("#import-columns code").Map(func(_ int, s *goquery.Selection) string { return s.Text() }), " ")
		if cols != "组织编码 code 联系邮箱 contact_email 负责人 head_name 负责人邮箱 head_email" {
			t.Errorf("the import's columns: got %q", cols)
		}
		fields := url.Values{"_csrf": {csrf}, "mode": {"dry_run"}}
		res, doc = admin.upload("/admin/organizations/import", fields, "addresses.csv", []byte(orgSheetBad))
		wantWebStatus(t, res, http.StatusOK)
		rows := doc.Find("#import-problems tbody tr").Map(func(_ int, s *goquery.Selection) string {
			return strings.Join(s.Find("td").Map(func(_ int, td *goquery.Selection) string { return td.Text() }), " ")
		})
		want := []string{"3 组织编码 找不到组织编码 no-such-org", "4 联系邮箱 邮箱地址“not-an-address”无效",
			"5 组织编码 组织编码与第 2 行重复", "6 组织编码 请填写组织编码"}
		if strings.Join(rows, "|") != strings.Join(want, "|") {
			t.Errorf("problems:\n got %q\nwant %q", rows, want)
		}
		if o, _ := db.OrganizationByCode(ctx, orgHealth); o.ContactEmail != "" {
			t.Fatal("the dry run wrote")
		}
		fields.Set("mode", "import")
		res, _ = admin.upload("/admin/organizations/import", fields, "addresses.csv", []byte(orgSheetBad))
		wantWebStatus(t, res, http.StatusUnprocessableEntity)
		if o, _ := db.OrganizationByCode(ctx, orgHealth); o.ContactEmail != "" {
			t.Fatal("an import with problems wrote")
		}
		// Without CSRF nothing runs.
		res, _ = admin.upload("/admin/organizations/import", url.Values{"mode": {"import"}}, "a.csv", []byte(orgSheetGood))
		wantWebStatus(t, res, http.StatusForbidden)

		// The real import (GB18030, as Excel writes on Chinese Windows).
		gb, err := simplifiedchinese.GB18030.NewEncoder().String(orgSheetGood)
		if err != nil {
			t.Fatal(err)
		}
		res, doc = admin.upload("/admin/organizations/import", fields, "addresses.csv", []byte(gb))
		wantWebStatus(t, res, http.StatusOK)
		// The police's head was set on the form already: one organisation changes.
		if got := doc.Find("#import-result").AttrOr("data-updated", ""); got != "1" {
			t.Errorf("updated: got %s, want 1", got)
		}
		health, _ := db.OrganizationByCode(ctx, orgHealth)
		if health.ContactEmail != "office@health.example.cn" || health.HeadName != "王主任" {
			t.Errorf("after the import: %+v", health)
		}
		res, doc = admin.upload("/admin/organizations/import", fields, "addresses.csv", []byte(gb))
		wantWebStatus(t, res, http.StatusOK)
		if got := doc.Find("#import-result").AttrOr("data-updated", ""); got != "0" {
			t.Errorf("the same sheet again: updated %s, want 0", got)
		}

		// Bad files.
		for name, data := range map[string]string{"a.txt": "hello", "b.xlsx": "not a zip", "c.csv": "name\nx\n", "": ""} {
			res, doc = admin.upload("/admin/organizations/import", fields, name, []byte(data))
			wantWebStatus(t, res, http.StatusBadRequest)
			if doc.Find("#import-error").Text() == "" {
				t.Errorf("%q: no error shown", name)
			}
		}

		// The template: every organisation, with its current addresses.
		res, _ = admin.get("/admin/organizations/import/template")
		wantWebStatus(t, res, http.StatusOK)
	})
}

// multipartFile is a multipart body with one file field, and its type.
func multipartFile(t *testing.T, name string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	return &body, w.FormDataContentType()
}

func TestAPIOrgImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		_, lead := e.mustUser("lead1", domain.RoleLead, "", "")
		post := func(tok, query, name, data string) response {
			body, ct := multipartFile(t, name, []byte(data))
			return e.do(request{method: http.MethodPost, path: "/api/v1/organizations/import" + query, token: tok,
				body: body, header: map[string]string{"Content-Type": ct}})
		}
		wantStatus(t, post(lead, "?dry_run=true", "a.csv", orgSheetGood), http.StatusForbidden)
		wantStatus(t, e.get("/api/v1/organizations/import/template", lead), http.StatusForbidden)

		var out orgImportJSON
		r := post(e.admin, "?dry_run=true", "a.csv", orgSheetBad)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &out)
		if out.Rows != 5 || len(out.Errors) != 4 || out.Errors[0].Row != 3 || out.Errors[0].Column != "code" ||
			out.Errors[0].Message != "找不到组织编码 no-such-org" {
			t.Errorf("dry run: %+v", out)
		}
		r = post(e.admin, "?dry_run=false&lang=en", "a.csv", orgSheetBad)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		out = orgImportJSON{}
		r.json(t, &out)
		if len(out.Errors) != 4 || out.Errors[0].Message != "No organisation has the code no-such-org" {
			t.Errorf("import with problems: %+v", out)
		}
		if o, _ := db.OrganizationByCode(context.Background(), orgHealth); o.ContactEmail != "" {
			t.Fatal("an import with problems wrote")
		}
		if r = post(e.admin, "?dry_run=maybe", "a.csv", orgSheetGood); r.status != http.StatusBadRequest {
			t.Errorf("dry_run=maybe: got %d", r.status)
		}
		r = post(e.admin, "", "a.csv", orgSheetGood)
		wantStatus(t, r, http.StatusOK)
		out = orgImportJSON{}
		r.json(t, &out)
		if out.Rows != 2 || out.Updated != 2 || len(out.Errors) != 0 {
			t.Errorf("import: %+v", out)
		}
		r = post(e.admin, "", "a.csv", orgSheetGood)
		out = orgImportJSON{}
		r.json(t, &out)
		if out.Updated != 0 {
			t.Errorf("again: %+v, want nothing updated", out)
		}
		r = post(e.admin, "", "a.pdf", "%PDF")
		if r.status != http.StatusBadRequest || r.errorCode(t) != "invalid" {
			t.Errorf("a PDF: %d %s", r.status, r.body)
		}

		// The template round-trips: filled in and imported, it changes
		// only what was filled in.
		r = e.get("/api/v1/organizations/import/template?lang=en", e.admin)
		wantStatus(t, r, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil || len(rows) < 313 || strings.Join(rows[0], ",") != "code,name (for reference),contact_email,head_name,head_email" {
			t.Fatalf("template: %d rows, header %v (%v)", len(rows), rows[0], err)
		}
		var row int
		for i, rw := range rows {
			if rw[0] == orgFinance {
				row = i + 1
			}
			if rw[0] == orgHealth && (len(rw) < 5 || rw[2] != "office@health.example.cn") {
				t.Errorf("the template lacks the current address: %v", rw)
			}
		}
		if err := f.SetCellValue(f.GetSheetList()[0], "E"+strconv.Itoa(row), "head@finance.example.cn"); err != nil {
			t.Fatal(err)
		}
		buf, _ := f.WriteToBuffer()
		r = post(e.admin, "", "template.xlsx", buf.String())
		wantStatus(t, r, http.StatusOK)
		out = orgImportJSON{}
		r.json(t, &out)
		if out.Updated != 1 || out.Rows != len(rows)-1 {
			t.Errorf("the filled-in template: %+v", out)
		}
	})
}
