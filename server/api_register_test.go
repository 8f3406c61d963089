package server

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xietong/domain/store/storetest"
)

// registerCSVHeader is the template's header in Chinese.
const registerCSVHeader = "小区编码,小区名称,区划代码,地址,规模,住房类型,户数,社会化物业管理,物业服务企业\n"

// upload posts data as the multipart field "file" to path.
func (e *testEnv) upload(t testing.TB, path, token, name string, data []byte) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return e.doT(t, request{method: http.MethodPost, path: path, token: token, body: &body,
		header: map[string]string{"Content-Type": w.FormDataContentType()}})
}

func (e *testEnv) importRegister(t testing.TB, token string, dry bool, name string, data []byte) (response, registerImportJSON) {
	t.Helper()
	r := e.upload(t, fmt.Sprintf("/api/v1/communities/import?dry_run=%v", dry), token, name, data)
	var out registerImportJSON
	if r.status == http.StatusOK || r.status == http.StatusBadRequest && bytes.Contains(r.body, []byte(`"rows"`)) {
		r.json(t, &out)
	}
	return r, out
}

func registerCSV(rows ...string) []byte {
	return []byte(registerCSVHeader + strings.Join(rows, "\n") + "\n")
}

func TestRegisterImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		bad := registerCSV(
			"xa-r1,雁塔一区,610113,雁塔路 1 号,小区,公租房,1200,是,某物业",
			"xa-r2,,610199,,巨大,别墅,-1,也许,",
			"xa-r1,重复,610113,,组团,其他,5,否,")
		r, res := e.importRegister(t, e.admin, true, "bad.csv", bad)
		wantStatus(t, r, http.StatusOK)
		want := []struct {
			row int
			col string
		}{{3, "小区名称"}, {3, "区划代码"}, {3, "规模"}, {3, "住房类型"}, {3, "户数"}, {3, "社会化物业管理"}, {4, "小区编码"}}
		if len(res.Errors) != len(want) {
			t.Fatalf("dry run errors: %+v", res.Errors)
		}
		for i, w := range want {
			if res.Errors[i].Row != w.row || res.Errors[i].Column != w.col || res.Errors[i].Message == "" {
				t.Errorf("error %d: got %+v, want row %d column %s", i, res.Errors[i], w.row, w.col)
			}
		}
		if !strings.Contains(res.Errors[1].Message, "610199") || !strings.Contains(res.Errors[6].Message, "第 2 行") {
			t.Errorf("messages: %+v", res.Errors)
		}
		// A real import with one bad row writes nothing.
		r, res = e.importRegister(t, e.admin, false, "bad.csv", bad)
		wantStatus(t, r, http.StatusBadRequest)
		if len(res.Errors) != len(want) {
			t.Errorf("import errors: %+v", res.Errors)
		}
		if got, _ := allPages[communityJSON](t, e, "/api/v1/communities?q=xa-r"); len(got) != 0 {
			t.Fatalf("a failed import wrote %+v", got)
		}

		good := registerCSV(
			"xa-r1,雁塔一区,610113,雁塔路 1 号,小区,公租房,\"1,200\",是,某物业",
			"xa-r2,勉县二区,610725,,组团,棚改安置房,80,否,",
			"xa-r3,杨凌三区,610403,,居住区,other,0,false,")
		r, res = e.importRegister(t, e.admin, false, "good.csv", good)
		wantStatus(t, r, http.StatusOK)
		if res.Rows != 3 || res.Created != 3 || res.Updated != 0 || len(res.Errors) != 0 {
			t.Fatalf("import: %+v", res)
		}
		got, _ := allPages[communityJSON](t, e, "/api/v1/communities?q=xa-r")
		if len(got) != 3 {
			t.Fatalf("listed %d", len(got))
		}
		byCode := map[string]communityJSON{}
		for _, c := range got {
			byCode[c.Code] = c
		}
		if c := byCode["xa-r1"]; c.City != "西安市" || c.County != "雁塔区" || c.CityCode != "610100" || c.Region != "xian" ||
			c.Households != 1200 || !c.PropertyManaged || c.HousingType != "public_rental" || c.Scale != "neighborhood" || !c.Active {
			t.Errorf("xa-r1: %+v", c)
		}
		if c := byCode["xa-r3"]; c.City != "杨凌示范区" || c.County != "杨陵区" || c.CityCode != "yangling" {
			t.Errorf("xa-r3: %+v", c)
		}
		// The list's register filters.
		for q, n := range map[string]int{"region_code=610100&q=xa-r": 1, "region_code=610725&q=xa-r": 1,
			"region_code=610700&q=xa-r": 1, "region_code=yangling": 1, "housing_type=resettlement": 1,
			"property_managed=true&q=xa-r": 1, "q=雁塔路": 1, "active=true&q=xa-r": 3} {
			if l, _ := allPages[communityJSON](t, e, "/api/v1/communities?"+q); len(l) != n {
				t.Errorf("%s: got %d, want %d", q, len(l), n)
			}
		}
		wantStatus(t, e.get("/api/v1/communities?region_code=123", e.admin), http.StatusBadRequest)
		wantStatus(t, e.get("/api/v1/communities?housing_type=villa", e.admin), http.StatusBadRequest)

		// Set an English name by hand: a re-import leaves it.
		r = e.do(request{method: "PATCH", path: fmt.Sprintf("/api/v1/communities/%d", byCode["xa-r1"].ID), token: e.admin,
			body: map[string]any{"name_en": "Yanta One"}})
		wantStatus(t, r, http.StatusOK)
		r, res = e.importRegister(t, e.admin, false, "good.csv", good)
		wantStatus(t, r, http.StatusOK)
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 3 {
			t.Errorf("re-import: %+v", res)
		}
		changed := registerCSV("xa-r1,雁塔一区,610113,雁塔路 2 号,小区,公租房,1300,是,某物业", "xa-r4,新区,610100,,小区,公租房,,,")
		r, res = e.importRegister(t, e.admin, false, "changed.csv", changed)
		wantStatus(t, r, http.StatusOK)
		if res.Created != 1 || res.Updated != 1 || res.Unchanged != 0 {
			t.Errorf("changed import: %+v", res)
		}
		r = e.get(fmt.Sprintf("/api/v1/communities/%d", byCode["xa-r1"].ID), e.admin)
		var c communityJSON
		r.json(t, &c)
		if c.NameEn != "Yanta One" || c.Address != "雁塔路 2 号" || c.Households != 1300 {
			t.Errorf("after re-import: %+v", c)
		}
		if got, _ := allPages[communityJSON](t, e, "/api/v1/communities?q=xa-r"); len(got) != 4 {
			t.Errorf("duplicates: %d communities", len(got))
		}
		// Every change is audited.
		var audit listJSON[map[string]any]
		e.get("/api/v1/audit?action=community.import", e.admin).json(t, &audit)
		if len(audit.Items) != 3 {
			t.Errorf("import audit rows: %d", len(audit.Items))
		}
		e.get("/api/v1/audit?action=community.create", e.admin).json(t, &audit)
		if len(audit.Items) != 4 {
			t.Errorf("create audit rows: %d", len(audit.Items))
		}
	})
}

func TestRegisterImportFiles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db, func(d *Deps) { d.UploadLimit = 256 << 10 })
		// English keys, a BOM, CRLF.
		en := "\ufeffcode,name,region_code,scale,housing_type,households,pilot,active\r\n" +
			"en-1,English keys,610300,cluster,low_rent,3,false,true\r\n"
		r, res := e.importRegister(t, e.admin, false, "en.csv", []byte(en))
		wantStatus(t, r, http.StatusOK)
		if res.Created != 1 {
			t.Errorf("English keys: %+v", res)
		}
		// GB18030, as Chinese Excel saves CSV.
		gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(registerCSV("gb-1,宝鸡金台小区,610303,金台区,小区,经济适用房,10,否,"))
		if err != nil {
			t.Fatal(err)
		}
		r, res = e.importRegister(t, e.admin, false, "gbk.csv", gbk)
		wantStatus(t, r, http.StatusOK)
		if res.Created != 1 {
			t.Fatalf("GB18030: %+v", res)
		}
		got, _ := allPages[communityJSON](t, e, "/api/v1/communities?q=gb-1")
		if len(got) != 1 || got[0].Name != "宝鸡金台小区" || got[0].County != "金台区" {
			t.Errorf("GB18030 read as %+v", got)
		}
		// Unknown and missing columns are named.
		r, res = e.importRegister(t, e.admin, true, "cols.csv", []byte("code,名称,scale\nx1,a,cluster\n"))
		wantStatus(t, r, http.StatusOK)
		msgs := fmt.Sprint(res.Errors)
		for _, w := range []string{"名称", "小区名称", "区划代码", "住房类型"} {
			if !strings.Contains(msgs, w) {
				t.Errorf("column problems do not name %s: %s", w, msgs)
			}
		}
		// A PNG is not a register; a file over the limit is 413.
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
		r, _ = e.importRegister(t, e.admin, true, "x.csv", png)
		wantStatus(t, r, http.StatusUnsupportedMediaType)
		if r.errorCode(t) != "unsupported_media_type" || !strings.Contains(r.message(t), ".xlsx") {
			t.Errorf("PNG: %s", r.body)
		}
		r, _ = e.importRegister(t, e.admin, true, "big.csv", bytes.Repeat([]byte("a,b,c\n"), 60<<10))
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		// No file at all.
		r = e.do(request{method: http.MethodPost, path: "/api/v1/communities/import", token: e.admin, body: "{}"})
		wantStatus(t, r, http.StatusBadRequest)

		// The template opens, has the Chinese headers and imports as an
		// empty register.
		r = e.get("/api/v1/communities/import/template", e.admin)
		wantStatus(t, r, http.StatusOK)
		if _, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition")); err != nil ||
			params["filename"] != "保障房小区台账导入模板.xlsx" {
			t.Errorf("Content-Disposition %q", r.header.Get("Content-Disposition"))
		}
		x, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("template: %v", err)
		}
		rows, err := x.GetRows("小区台账")
		if err != nil || len(rows) != 1 || rows[0][0] != "小区编码" || rows[0][5] != "住房类型" {
			t.Errorf("template rows %v, %v", rows, err)
		}
		if notes, err := x.GetRows("说明"); err != nil || len(notes) < 120 {
			t.Errorf("notes: %d rows, %v", len(notes), err)
		}
		if dv, err := x.GetDataValidations("小区台账"); err != nil || len(dv) != 5 {
			t.Errorf("data validations: %d, %v", len(dv), err)
		}
		_ = x.Close()

		// Export → import: nothing created or changed.
		r = e.get("/api/v1/communities/export?format=xlsx&region_code=610300", e.admin)
		wantStatus(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != xlsxType {
			t.Errorf("export type %q", ct)
		}
		x, err = excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		rows, _ = x.GetRows("小区台账")
		// The header, the seeded 金合尙居 (city code 610300), en-1 and gb-1.
		if len(rows) != 4 || rows[2][0] != "en-1" || rows[2][4] != "组团" || rows[2][5] != "廉租房" || rows[2][6] != "3" {
			t.Errorf("export rows: %v", rows)
		}
		_ = x.Close()
		r2 := e.get("/api/v1/communities/export?housing_type=low_rent", e.admin)
		wantStatus(t, r2, http.StatusOK)
		r, res = e.importRegister(t, e.admin, false, "export.xlsx", r2.body)
		wantStatus(t, r, http.StatusOK)
		if res.Rows != 1 || res.Created != 0 || res.Updated != 0 || res.Unchanged != 1 {
			t.Errorf("export round trip: %+v", res)
		}
		wantStatus(t, e.get("/api/v1/communities/export?format=pdf", e.admin), http.StatusBadRequest)
	})
}

func TestRegisterScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		_, xian := e.mustUser("xian-bureau", "department", "xian-housing", "")
		_, mian := e.mustUser("mian-bureau", "department", "mianxian-housing", "")
		_, police := e.mustUser("xian-police", "department", "xian-public_security", "")
		_, comm := e.mustUser("mijiaya", "community", "", "xian-mijiaya")
		_, boss := e.mustUser("boss", "leadership", "", "")
		_, lead := e.mustUser("lead", "lead", "", "")

		// A city bureau imports its city's rows; another city's are row errors.
		mixed := registerCSV("sc-1,西安一区,610113,,小区,公租房,1,否,", "sc-2,宝鸡一区,610302,,小区,公租房,1,否,")
		r, res := e.importRegister(t, xian, false, "mixed.csv", mixed)
		wantStatus(t, r, http.StatusBadRequest)
		if len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Column != "区划代码" {
			t.Errorf("bureau, another city: %+v", res.Errors)
		}
		r, res = e.importRegister(t, xian, false, "own.csv", registerCSV("sc-1,西安一区,610113,,小区,公租房,1,否,"))
		wantStatus(t, r, http.StatusOK)
		if res.Created != 1 {
			t.Errorf("bureau, own city: %+v", res)
		}
		// The province imports anywhere; the Xi'an bureau cannot update
		// Baoji's community by its code.
		r, _ = e.importRegister(t, lead, false, "bj.csv", registerCSV("sc-2,宝鸡一区,610302,,小区,公租房,1,否,"))
		wantStatus(t, r, http.StatusOK)
		r, res = e.importRegister(t, xian, true, "steal.csv", registerCSV("sc-2,宝鸡一区,610113,,小区,公租房,1,否,"))
		wantStatus(t, r, http.StatusOK)
		if len(res.Errors) != 1 || res.Errors[0].Column != "小区编码" {
			t.Errorf("bureau, another city's code: %+v", res.Errors)
		}
		// A county bureau only its county.
		r, res = e.importRegister(t, mian, true, "county.csv", registerCSV("sc-3,勉县一区,610725,,小区,公租房,1,否,", "sc-4,汉台一区,610702,,小区,公租房,1,否,"))
		wantStatus(t, r, http.StatusOK)
		if len(res.Errors) != 1 || res.Errors[0].Row != 3 {
			t.Errorf("county bureau: %+v", res.Errors)
		}
		// Others cannot import at all.
		for name, tok := range map[string]string{"police": police, "community": comm, "leadership": boss} {
			r, _ = e.importRegister(t, tok, true, "x.csv", registerCSV("sc-5,x,610113,,小区,公租房,1,否,"))
			if r.status != http.StatusForbidden {
				t.Errorf("%s import: %d %s", name, r.status, r.body)
			}
			r = e.do(request{method: "POST", path: "/api/v1/communities", token: tok,
				body: map[string]any{"code": "sc-6", "name": "x", "region_code": "610113", "scale": "cluster"}})
			if r.status != http.StatusForbidden {
				t.Errorf("%s create: %d", name, r.status)
			}
			// Everyone still reads the list.
			wantStatus(t, e.get("/api/v1/communities", tok), http.StatusOK)
		}

		// Create and edit by hand: the bureau in its city only.
		body := map[string]any{"code": "sc-7", "name": "西安七区", "region_code": "610113", "scale": "cluster", "housing_type": "other"}
		r = e.do(request{method: "POST", path: "/api/v1/communities", token: xian, body: body})
		wantStatus(t, r, http.StatusCreated)
		var c communityJSON
		r.json(t, &c)
		if c.City != "西安市" || c.County != "雁塔区" || c.RegionCode != "610113" {
			t.Errorf("created: %+v", c)
		}
		body["code"], body["region_code"] = "sc-8", "610302"
		r = e.do(request{method: "POST", path: "/api/v1/communities", token: xian, body: body})
		wantStatus(t, r, http.StatusForbidden)
		path := fmt.Sprintf("/api/v1/communities/%d", c.ID)
		wantStatus(t, e.do(request{method: "PATCH", path: path, token: xian, body: map[string]any{"households": 9}}), http.StatusOK)
		wantStatus(t, e.do(request{method: "PATCH", path: path, token: xian, body: map[string]any{"region_code": "610302"}}), http.StatusForbidden)
		var baoji listJSON[communityJSON]
		e.get("/api/v1/communities?q=sc-2", e.admin).json(t, &baoji)
		other := fmt.Sprintf("/api/v1/communities/%d", baoji.Items[0].ID)
		wantStatus(t, e.do(request{method: "PATCH", path: other, token: xian, body: map[string]any{"households": 9}}), http.StatusNotFound)
		wantStatus(t, e.do(request{method: "PATCH", path: other, token: lead, body: map[string]any{"households": 9}}), http.StatusOK)

		// The export is the caller's scope.
		r = e.get("/api/v1/communities/export", xian)
		wantStatus(t, r, http.StatusOK)
		x, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("小区台账")
		for _, row := range rows[1:] {
			if !strings.HasPrefix(row[2], "6101") {
				t.Errorf("Xi'an's export has %v", row)
			}
		}
		if len(rows) < 3 {
			t.Errorf("Xi'an's export: %v", rows)
		}
	})
}

// TestRegisterImportXLSXRows: rows of a workbook are numbered as the sheet
// numbers them, across blank rows, and a region code typed as a number
// reads as its digits.
func TestRegisterImportXLSXRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		e := newEnv(t, db)
		x := excelize.NewFile()
		rows := [][]any{
			{"code", "name", "region_code", "scale", "housing_type", "households"},
			{"wb-1", "工作簿一区", 610113, "neighborhood", "public_rental", 12},
			nil,
			{"wb-2", "工作簿二区", 610113, "小区", "villa", 3},
		}
		for i, r := range rows {
			if r == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Fatal(err)
		}
		r, res := e.importRegister(t, e.admin, true, "book.xlsx", buf.Bytes())
		wantStatus(t, r, http.StatusOK)
		if len(res.Errors) != 1 || res.Errors[0].Row != 4 || res.Errors[0].Column != "housing_type" || res.Created != 1 {
			t.Fatalf("dry run: %+v", res)
		}
		// In English, the messages are English.
		r = e.upload(t, "/api/v1/communities/import?dry_run=true&lang=en", e.admin, "book.xlsx", buf.Bytes())
		var en registerImportJSON
		r.json(t, &en)
		if len(en.Errors) != 1 || !strings.Contains(en.Errors[0].Message, "Housing type") {
			t.Errorf("English: %+v", en.Errors)
		}
		// Not a workbook inside a zip.
		r, _ = e.importRegister(t, e.admin, true, "x.xlsx", []byte("PK\x03\x04garbage"))
		wantStatus(t, r, http.StatusBadRequest)
	})
}
