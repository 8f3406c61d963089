package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/reporttest"
	"xietong/notifications/golden"
	"xietong/notifications/i18n"
	"xietong/notifications/xlsx"
)

// open builds the workbook of the fixture report and opens it again.
func open(t testing.TB, r domain.Report, lang string) (*excelize.File, []byte) {
	t.Helper()
	b, err := books.Workbook(r, lang)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, b
}

// TestWorkbookCells checks cells of the fixture's workbook whose values
// domain/report_test.go proves by hand: 10 of 14 closed on time, the
// ranking with its ties, the overdue list's first item.
func TestWorkbookCells(t *testing.T) {
	f, raw := open(t, reporttest.Report(), "zh-CN")
	if got, want := strings.Join(f.GetSheetList(), ","), "汇总,图表,创建进度,排名,分类别,单位明细,逾期清单,任务明细,热点难点问题"; got != want {
		t.Fatalf("sheets: got %s, want %s", got, want)
	}
	cells := []struct {
		sheet, cell string
		want        string // as Excel shows it
		raw         string // the stored value, when it differs
		numFmt      string // the custom number format, when one is expected
	}{
		{"汇总", "A1", "项目", "", ""},
		{"汇总", "A12", "按期办结率", "", ""},
		{"汇总", "B12", "45.5%", "0.454545454545454", "0.0%"}, // 10 ÷ 22
		{"汇总", "B6", "22", "", ""},
		{"汇总", "B5", "1", "", ""}, // the policy version
		{"汇总", "B17", "14", "", ""},
		{"汇总", "B4", "2025-02-16", "45704", "yyyy-mm-dd"},
		{"汇总", "B21", "54.5%", "0.545454545454545", "0.0%"}, // 6 ÷ 11
		{"汇总", "B22", "6.4", "6.42857142857142", "0.0"},     // 90 ÷ 14
		{"排名", "A1", "分组", "", ""},
		{"排名", "C1", "单位", "", ""},
		{"排名", "J1", "按期办结率", "", ""},
		{"排名", "A2", "督促指导部门", "", ""},
		{"排名", "B2", "1", "", ""},
		{"排名", "C2", "西安市民政局", "", ""},
		{"排名", "J2", "100.0%", "1", "0.0%"},
		{"排名", "B3", "1", "", ""}, // 公安, tied with 民政, a lower score
		{"排名", "L3", "99.0", "99", "0.0"},
		{"排名", "B4", "3", "", ""}, // 人社 1/2
		{"排名", "B7", "6", "", ""}, // 司法 0/4: a real 0%
		{"排名", "J7", "0.0%", "0", "0.0%"},
		{"排名", "B8", "1", "", ""}, // 妇联 0/1, first of its group
		{"排名", "B9", "—", "", ""}, // the group's units with no work due
		{"排名", "C9", "本期无应办结事项：1 个单位", "", ""},
		{"排名", "J9", "—", "", ""},
		{"排名", "M9", "西安市残疾人联合会", "", ""},
		{"排名", "C10", "西安市", "", ""},
		{"分类别", "A15", "未分类", "", ""},
		{"分类别", "B15", "22", "", ""},
		{"单位明细", "Q7", "21.5", "21.5", "0.0"}, // 司法: 13.5 + 2 + 6
		{"逾期清单", "B2", "25", "", ""},
		{"逾期清单", "I2", "2025-01-22", "45679", "yyyy-mm-dd"},
		{"逾期清单", "J2", "13", "", ""},
		{"逾期清单", "K2", "挂牌督办", "", ""},
		{"逾期清单", "K6", "催办", "", ""},
		{"任务明细", "A2", "1", "", ""},
		{"任务明细", "B1", "督办事项", "", ""},
		{"热点难点问题", "K2", "100.0%", "1", "0.0%"},
		{"热点难点问题", "K4", "—", "", ""}, // 纺织城小区: no feedback
		{"创建进度", "A21", "西安市", "", ""},
		{"创建进度", "D21", "33.3%", "0.333333333333333", "0.0%"},
		{"创建进度", "D22", "—", "", ""}, // 铜川: no communities, no rate
	}
	for _, c := range cells {
		t.Run(c.sheet+"!"+c.cell, func(t *testing.T) {
			got, err := f.GetCellValue(c.sheet, c.cell)
			if err != nil || got != c.want {
				t.Errorf("shown: got %q (%v), want %q", got, err, c.want)
			}
			if c.raw != "" {
				got, _ := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
				if got != c.raw {
					t.Errorf("stored: got %q, want %q", got, c.raw)
				}
			}
			if c.numFmt != "" {
				id, _ := f.GetCellStyle(c.sheet, c.cell)
				st, err := f.GetStyle(id)
				if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != c.numFmt {
					t.Errorf("number format: got %+v (%v), want %q", st, err, c.numFmt)
				}
			}
		})
	}
	// Numbers are stored as numbers (no type attribute), "—" as text.
	for cell, text := range map[string]bool{"D2": false, "J2": false, "J9": true} {
		typ, _ := f.GetCellType("排名", cell)
		isText := typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString
		if isText != text || (!text && typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
			t.Errorf("排名!%s: got cell type %v, want text %v", cell, typ, text)
		}
	}
	checkPanes(t, f)
	if w, _ := f.GetColWidth("排名", "C"); w != 30 {
		t.Errorf("排名 column C width: got %v, want 30", w)
	}
	checkChart(t, raw, "图表", "'排名'!$J$2:$J$7", "'排名'!$C$2:$C$7")
}

func checkPanes(t *testing.T, f *excelize.File) {
	t.Helper()
	want := map[string]struct {
		x   int
		top string
	}{"汇总": {0, "A2"}, "排名": {3, "D2"}, "分类别": {1, "B2"}, "单位明细": {1, "B2"}, "逾期清单": {3, "D2"}, "任务明细": {2, "C2"}, "热点难点问题": {1, "B2"}}
	for sheet, w := range want {
		p, err := f.GetPanes(sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != w.x || p.TopLeftCell != w.top {
			t.Errorf("%s panes: got %+v (%v), want frozen at %s", sheet, p, err, w.top)
		}
	}
}

// checkChart follows the package's relationships from the named sheet to
// its chart and checks that it is a bar chart over the given ranges.
func checkChart(t *testing.T, raw []byte, sheet string, refs ...string) {
	t.Helper()
	_, chart := chartOf(t, raw, sheet)
	barDir, refs2 := chartFacts(t, chart)
	if barDir != "bar" {
		t.Errorf("%s: got barDir %q, want a horizontal bar chart", sheet, barDir)
	}
	for _, ref := range refs {
		if !slices.Contains(refs2, ref) {
			t.Errorf("%s's chart reads %q, not %s", sheet, refs2, ref)
		}
	}
}

// chartOf returns the drawing part of the named sheet and its first chart
// part, found through the package's relationships.
func chartOf(t *testing.T, raw []byte, sheet string) (drawingXML, chartXML string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		rc, err := zr.Open(name)
		if err != nil {
			t.Fatalf("package part %s: %v", name, err)
		}
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		return string(b)
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal([]byte(read("xl/workbook.xml")), &wb); err != nil {
		t.Fatal(err)
	}
	rid := ""
	for _, s := range wb.Sheets {
		if s.Name == sheet {
			rid = s.RID
		}
	}
	part := "xl/" + target(t, read("xl/_rels/workbook.xml.rels"), "", rid)
	drawing := path.Join(path.Dir(part), target(t, read(relsOf(part)), "/drawing", ""))
	chart := path.Join(path.Dir(drawing), target(t, read(relsOf(drawing)), "/chart", ""))
	return read(drawing), read(chart)
}

// chartFacts returns a chart part's bar direction ("" for no bar chart) and
// the cell ranges it reads.
func chartFacts(t *testing.T, x string) (barDir string, refs []string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(x))
	inBar, inF := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return barDir, refs
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "barChart":
				inBar = true
			case "barDir":
				for _, a := range e.Attr {
					if inBar && a.Name.Local == "val" {
						barDir = a.Value
					}
				}
			case "f":
				inF = true
			}
		case xml.EndElement:
			inF = inF && e.Name.Local != "f"
		case xml.CharData:
			if inF {
				refs = append(refs, string(e))
			}
		}
	}
}

// relsOf names the relationships part of a package part.
func relsOf(part string) string { return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels") }

// target returns the target of the relationship with id, or of the first
// one whose type ends in typ.
func target(t *testing.T, rels, typ, id string) string {
	t.Helper()
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal([]byte(rels), &r); err != nil {
		t.Fatal(err)
	}
	for _, x := range r.Rels {
		if (id != "" && x.ID == id) || (typ != "" && strings.HasSuffix(x.Type, typ)) {
			return strings.TrimPrefix(x.Target, "/xl/")
		}
	}
	t.Fatalf("no relationship %s%s in %s", typ, id, rels)
	return ""
}

// TestWorkbookEnglish checks that lang=en writes English sheets, headers
// and names.
func TestWorkbookEnglish(t *testing.T) {
	f, raw := open(t, reporttest.Report(), "en")
	if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Charts,Campaign progress,Ranking,Categories,Organisations,Overdue,Tasks,Hot-spots"; got != want {
		t.Fatalf("sheets: got %s, want %s", got, want)
	}
	for cell, want := range map[string]string{"C1": "Unit", "J1": "On-time closure rate",
		"C2": "Xi'an Civil Affairs Bureau", "M9": "Xi'an Disabled Persons' Federation"} {
		if got, _ := f.GetCellValue("Ranking", cell); got != want {
			t.Errorf("Ranking!%s: got %q, want %q", cell, got, want)
		}
	}
	checkChart(t, raw, "Charts", "'Ranking'!$J$2:$J$7")
}

// TestWorkbookNothingRanked: with no work due nothing is ranked; the
// charts are still there, empty but titled, at the top of their sheet.
func TestWorkbookNothingRanked(t *testing.T) {
	in := reporttest.Input()
	in.Tasks, in.Hotspots, in.Communities = nil, nil, nil
	f, raw := open(t, domain.BuildReport(in, reporttest.Calendar()), "zh-CN")
	if got, want := strings.Join(f.GetSheetList(), ","), "汇总,图表,排名,分类别,单位明细,逾期清单,任务明细"; got != want {
		t.Errorf("sheets: got %s, want %s", got, want)
	}
	if got, _ := f.GetCellValue("汇总", "B12"); got != "—" {
		t.Errorf("on-time rate with nothing due: got %q, want —", got)
	}
	// Three groups (督促指导, 参与, cities), each one line of idle units.
	if rows, _ := f.GetRows("排名"); len(rows) != 4 {
		t.Errorf("ranking rows: got %d, want header and 3", len(rows))
	}
	checkChart(t, raw, "图表", "'排名'!$Z$1:$Z$1")
}

// TestWorkbookChartsInView checks that the charts sheet's first chart is
// anchored at its top left corner, in view when the sheet opens.
func TestWorkbookChartsInView(t *testing.T) {
	_, raw := open(t, reporttest.Report(), "zh-CN")
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/drawings/drawing") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		x := string(b)
		i := strings.Index(x, "<xdr:from>")
		if i < 0 {
			continue
		}
		from := x[i : i+120]
		found = found || strings.Contains(from, "<xdr:col>0</xdr:col>") && strings.Contains(from, "<xdr:row>0</xdr:row>")
	}
	if !found {
		t.Error("no chart is anchored at A1")
	}
}

// TestWorkbookGolden compares a text dump of every sheet, as Excel shows the
// cells, with testdata/*.golden (go test ./notifications/xlsx -update).
func TestWorkbookGolden(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			f, _ := open(t, reporttest.Report(), lang)
			golden.Compare(t, "testdata/workbook."+lang+".golden", dump(t, f))
		})
	}
}

// dump writes each sheet's cells as shown, one row a line, cells joined by
// " | ".
func dump(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "## %s\n", sheet)
		for i, row := range rows {
			fmt.Fprintf(&b, "%d: %s\n", i+1, strings.Join(row, " | "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// BenchmarkWorkbook builds the workbook of a report over 200 organisations
// with 10,000 and 100,000 tasks in it; the task list dominates.
func BenchmarkWorkbook(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("tasks=%d", n), func(b *testing.B) {
			r := bigReport(200, n)
			b.ReportAllocs()
			var size int
			for b.Loop() {
				out, err := books.Workbook(r, "zh-CN")
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/workbook")
		})
	}
}

// bigReport makes a report of orgs organisations and n tasks spread over
// March 2025, a third of them still open.
func bigReport(orgs, n int) domain.Report {
	d := calendar.NewDate
	in := domain.ReportInput{Scope: "全省", From: d(2025, 3, 1), To: d(2025, 3, 31), Today: d(2025, 3, 31)}
	for i := range orgs {
		in.Orgs = append(in.Orgs, domain.ReportOrg{ID: int64(i + 1), Name: "单位" + strconv.Itoa(i+1), NameEn: "Org " + strconv.Itoa(i+1)})
	}
	for i := range n {
		assigned := d(2025, 3, 1).AddDays(i % 28) // all assigned in the period
		t := domain.ReportTask{ID: int64(i + 1), Title: "督办事项" + strconv.Itoa(i+1), LeadOrgID: int64(i%orgs + 1),
			Priority: domain.PriorityNormal, Status: domain.StatusInProgress, AssignedOn: assigned,
			AcceptedOn: assigned.AddDays(i % 3), Due: assigned.AddDays(10 + i%7), ExtensionsAsked: i % 2, LadderStep: "urge"}
		if i%3 != 0 {
			t.Status, t.ClosedOn = domain.StatusClosed, assigned.AddDays(5+i%11)
		}
		in.Tasks = append(in.Tasks, t)
	}
	return domain.BuildReport(in, calendar.New(calendar.Official()...))
}

// TestLongSheets: a task list of several chunks of rows reads back whole
// and in order, and text that needs escaping reads back exactly as it does
// when excelize writes it itself.
func TestLongSheets(t *testing.T) {
	tricky := []string{`a&b<c>"d'e`, "\ttab", " lead", "trail ", "line 1\nline 2\r\n", "_x0041_ and _x005F_",
		"ctrl\x01\x1f", "bad \xff utf-8", "😀 办结 ½", "\uFFFE\uFFFF", strings.Repeat("长", 33000)}
	const n = 12000 // several chunks of rows in both long sheets
	r := bigReport(20, n)
	for i, s := range tricky {
		r.Tasks[i*997].Title = s
	}
	f, _ := open(t, r, "zh-CN")
	rows, err := f.GetRows("任务明细")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 {
		t.Fatalf("task list: %d rows, want %d and the header", len(rows), n)
	}
	for i, row := range rows[1:] {
		if row[0] != strconv.FormatInt(r.Tasks[i].ID, 10) {
			t.Fatalf("row %d: task %s, want %d", i+2, row[0], r.Tasks[i].ID)
		}
	}
	overdue, err := f.GetRows("逾期清单")
	if err != nil {
		t.Fatal(err)
	}
	if len(overdue) != len(r.Overdue)+1 || len(r.Overdue) < 2001 {
		t.Errorf("overdue list: %d rows for %d overdue tasks", len(overdue), len(r.Overdue))
	}

	// The oracle: the same strings written by excelize's stream writer.
	o := excelize.NewFile()
	defer o.Close()
	sw, err := o.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range tricky {
		if err := sw.SetRow("A"+strconv.Itoa(i+1), []any{s}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := o.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	for i, s := range tricky {
		want, err := back.GetCellValue("Sheet1", "A"+strconv.Itoa(i+1))
		if err != nil {
			t.Fatal(err)
		}
		got := rows[i*997+1][1]
		if got != want {
			t.Errorf("%.20q: reads back as %.40q, excelize's own as %.40q", s, got, want)
		}
	}
}

// TestWorkbookDeterministic: the workbook's parts are a function of the
// report and the language alone, however they were cut into blocks and
// chunks on the way (excelize stores the parts in no fixed order, so the
// files are compared part by part).
func TestWorkbookDeterministic(t *testing.T) {
	r := bigReport(20, 5000)
	parts := func() map[string]string {
		b, err := books.Workbook(r, "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range z.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			out[f.Name] = string(data)
		}
		return out
	}
	a, b := parts(), parts()
	if len(a) != len(b) {
		t.Fatalf("%d parts, then %d", len(a), len(b))
	}
	for name, data := range a {
		// excelize lists the content types of [Content_Types].xml in map
		// order: the same set, in varying order.
		if b[name] != data && name != "[Content_Types].xml" {
			t.Errorf("%s differs between two workbooks of one report", name)
		}
	}
}

// books writes the tests' workbooks in the embedded catalogue's words.
var books = func() *xlsx.Writer {
	cat, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	return xlsx.NewWriter(cat)
}()

// weinanReport is a city report whose progress is worked out by hand: 4
// communities in the register at the period's end, 1 with a valid title
// (a second revoked before the end): 25%, target 50%, 1 to go; Linwei 1 of
// 3, Huazhou 0 of 1; no province title.
func weinanReport() domain.Report {
	in := reporttest.Input()
	in.Tasks, in.Hotspots, in.Communities = nil, nil, nil
	r := domain.BuildReport(in, reporttest.Calendar())
	c := func(titled, n int) domain.ProgressCount { return domain.ProgressCount{Titled: titled, Communities: n} }
	r.Scope = "渭南市"
	r.Progress = &domain.ReportProgress{AsOf: calendar.NewDate(2025, 2, 16), Target: 0.5, Levels: []domain.ReportProgressLevel{
		{Level: domain.LevelCity, Total: c(1, 4), Regions: []domain.ReportProgressRegion{
			{Code: "610502", ProgressCount: c(1, 3)}, {Code: "610503", ProgressCount: c(0, 1)}}},
		{Level: domain.LevelProvince, Total: c(0, 4), Regions: []domain.ReportProgressRegion{
			{Code: "610502", ProgressCount: c(0, 3)}, {Code: "610503", ProgressCount: c(0, 1)}}},
	}}
	return r
}

// anchoredAtA1 reports whether a drawing part's first anchor is at A1.
func anchoredAtA1(drawing string) bool {
	i := strings.Index(drawing, "<xdr:from>")
	if i < 0 {
		return false
	}
	from := drawing[i:min(len(drawing), i+120)]
	return strings.Contains(from, "<xdr:col>0</xdr:col>") && strings.Contains(from, "<xdr:row>0</xdr:row>")
}

// TestWorkbookProgress: 创建进度 holds the figures under a native column
// chart of both levels' rates with the target as a line, anchored at A1;
// a scope with no regions still gets the chart, empty but titled.
func TestWorkbookProgress(t *testing.T) {
	f, raw := open(t, weinanReport(), "zh-CN")
	for cell, want := range map[string]string{"B19": "2025-02-16", "A21": "临渭区", "D21": "33.3%", "A22": "华州区",
		"D22": "0.0%", "A23": "合计", "B23": "4", "C23": "1", "D23": "25.0%", "E23": "0", "G23": "50.0%", "H23": "1"} {
		if got, _ := f.GetCellValue("创建进度", cell); got != want {
			t.Errorf("创建进度!%s: got %q, want %q", cell, got, want)
		}
	}
	if got, _ := f.GetCellValue("汇总", "A35"); got != "统计日期" {
		t.Errorf("汇总!A35: got %q, want the progress rows after the hot-spots", got)
	}
	drawing, chart := chartOf(t, raw, "创建进度")
	if !anchoredAtA1(drawing) {
		t.Errorf("the progress chart is not anchored at A1")
	}
	dir, refs := chartFacts(t, chart)
	for _, ref := range []string{"'创建进度'!$A$21:$A$22", "'创建进度'!$D$21:$D$22", "'创建进度'!$F$21:$F$22", "'创建进度'!$G$21:$G$22"} {
		if !slices.Contains(refs, ref) {
			t.Errorf("the progress chart reads %q, not %s", refs, ref)
		}
	}
	if dir != "col" || !strings.Contains(chart, "lineChart>") || !strings.Contains(chart, "各地创建比例与目标（截至 2025-02-16）") {
		t.Errorf("the progress chart: got barDir %q, want a titled column chart with a target line", dir)
	}

	// No region (a city whose communities record no county): the chart is
	// still there, titled, over an empty range.
	empty := weinanReport()
	for i := range empty.Progress.Levels {
		empty.Progress.Levels[i].Regions = nil
	}
	_, raw = open(t, empty, "zh-CN")
	drawing, chart = chartOf(t, raw, "创建进度")
	if _, refs := chartFacts(t, chart); !anchoredAtA1(drawing) || !slices.Contains(refs, "'创建进度'!$Z$1:$Z$1") ||
		!strings.Contains(chart, "各地创建比例与目标") {
		t.Errorf("empty progress: want a titled chart at A1 over an empty range, got refs %q", refs)
	}
}
