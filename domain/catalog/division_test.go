package catalog_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"xietong/domain/catalog"
)

// isDivisionCode reports whether s is a 6-digit Shaanxi division code.
func isDivisionCode(s string) bool {
	if len(s) != 6 || !strings.HasPrefix(s, "61") {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func TestDivisionsCSV(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(catalog.DivisionsCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "code,name,level,parent" {
		t.Errorf("header: got %q", got)
	}
	if n := len(rows) - 1; n != 117 {
		t.Errorf("got %d data rows, want 117", n)
	}
	if n := len(catalog.Divisions()); n != len(rows)-1 {
		t.Errorf("Divisions has %d, the file %d rows", n, len(rows)-1)
	}
}

func TestDivisions(t *testing.T) {
	divs := catalog.Divisions()
	byCode := map[string]catalog.Division{}
	names := map[[2]string]bool{}
	levels := map[string]int{}
	prev := ""
	for _, d := range divs {
		if !isDivisionCode(d.Code) {
			t.Errorf("code %q is not 6 digits", d.Code)
		}
		if d.Code <= prev {
			t.Errorf("code %q after %q: not in code order", d.Code, prev)
		}
		prev = d.Code
		if _, dup := byCode[d.Code]; dup {
			t.Errorf("code %q occurs twice", d.Code)
		}
		byCode[d.Code] = d
		k := [2]string{d.Parent, d.Name}
		if names[k] {
			t.Errorf("name %q occurs twice under %q", d.Name, d.Parent)
		}
		names[k] = true
		if !isPrintableASCII(d.NameEn) {
			t.Errorf("%s %s: English name %q", d.Code, d.Name, d.NameEn)
		}
		levels[d.Level]++
		switch d.Level {
		case "city":
			if d.Parent != "" || !strings.HasSuffix(d.Code, "00") || !strings.HasSuffix(d.Name, "市") {
				t.Errorf("city %+v", d)
			}
		case "county":
			if d.Parent != d.Code[:4]+"00" {
				t.Errorf("county %s: parent %q", d.Code, d.Parent)
			}
		default:
			t.Errorf("%s: level %q", d.Code, d.Level)
		}
	}
	if levels["city"] != 10 || levels["county"] != 107 {
		t.Errorf("levels: %v, want 10 cities and 107 counties", levels)
	}
	for _, d := range divs {
		if d.Level == "county" && byCode[d.Parent].Level != "city" {
			t.Errorf("county %s: parent %q is not a city", d.Code, d.Parent)
		}
		// The English name follows the kind of division.
		var suffix string
		switch {
		case strings.HasSuffix(d.Name, "区"):
			suffix = " District"
		case strings.HasSuffix(d.Name, "县"):
			suffix = " County"
		}
		if suffix != "" && !strings.HasSuffix(d.NameEn, suffix) ||
			suffix == "" && strings.ContainsAny(d.NameEn, " ") {
			t.Errorf("%s %s: English name %q", d.Code, d.Name, d.NameEn)
		}
	}
	spot := []struct{ code, name, en, parent string }{
		{"610100", "西安市", "Xi'an", ""},
		{"610113", "雁塔区", "Yanta District", "610100"},
		{"610116", "长安区", "Chang'an District", "610100"},
		{"610323", "岐山县", "Qishan County", "610300"},
		{"610403", "杨陵区", "Yangling District", "610400"},
		{"610581", "韩城市", "Hancheng", "610500"},
		{"610600", "延安市", "Yan'an", ""},
		{"610722", "城固县", "Chenggu County", "610700"},
		{"610725", "勉县", "Mian County", "610700"},
		{"610922", "石泉县", "Shiquan County", "610900"},
		{"611025", "镇安县", "Zhen'an County", "611000"},
	}
	for _, s := range spot {
		d := byCode[s.code]
		if d.Name != s.name || d.NameEn != s.en || d.Parent != s.parent {
			t.Errorf("%s: got %+v, want %s %q parent %q", s.code, d, s.name, s.en, s.parent)
		}
	}
}

func TestAreas(t *testing.T) {
	divs := map[string]catalog.Division{}
	for _, d := range catalog.Divisions() {
		divs[d.Code] = d
	}
	want := map[string][]string{"yangling": {"610403"}, "hancheng": {"610581"}, "xixian": nil}
	areas := catalog.Areas()
	if len(areas) != len(want) {
		t.Errorf("got %d areas, want %d", len(areas), len(want))
	}
	for _, a := range areas {
		w, ok := want[a.Code]
		if !ok || strings.Join(a.Covers, ",") != strings.Join(w, ",") {
			t.Errorf("area %q covers %v, want %v", a.Code, a.Covers, w)
		}
		if a.Name == "" || !isPrintableASCII(a.NameEn) || len(a.Within) == 0 {
			t.Errorf("area %+v", a)
		}
		for _, c := range append(a.Covers, a.Within...) {
			if _, ok := divs[c]; !ok {
				t.Errorf("area %q: unknown division %q", a.Code, c)
			}
		}
	}
}

// TestRegionDivisions checks how today's region codes map to division codes.
func TestRegionDivisions(t *testing.T) {
	divs := map[string]catalog.Division{}
	for _, d := range catalog.Divisions() {
		divs[d.Code] = d
	}
	want := map[string]string{"shaanxi": "610000", "xian": "610100", "baoji": "610300", "hanzhong": "610700",
		"ankang": "610900", "yangling": "610403", "hancheng": "610581", "xixian": "",
		"tongchuan": "610200", "xianyang": "610400", "weinan": "610500", "yanan": "610600",
		"yulin": "610800", "shangluo": "611000", "mianxian": "610725", "shiquan": "610922"}
	for _, r := range catalog.Regions() {
		w, ok := want[r.Code]
		if !ok || r.Division != w {
			t.Errorf("region %q: division %q, want %q", r.Code, r.Division, w)
		}
		d, ok := divs[r.Division]
		if ok && d.Name != r.Name && r.Code != "yangling" {
			t.Errorf("region %q is %s, its division %s", r.Code, r.Name, d.Name)
		}
		if ok && r.Code != "yangling" && r.Code != "hancheng" && r.Level != d.Level && r.Level != "province" {
			t.Errorf("region %q: level %q, its division's %q", r.Code, r.Level, d.Level)
		}
		if ok && r.Code != "yangling" && r.Code != "hancheng" && r.NameEn != d.NameEn && r.Level != "province" {
			t.Errorf("region %q: English name %q, its division's %q", r.Code, r.NameEn, d.NameEn)
		}
	}
}

// TestDivisionsFresh checks that a caller's changes never leak into the next call.
func TestDivisionsFresh(t *testing.T) {
	d := catalog.Divisions()
	d[0].Name = "changed"
	if catalog.Divisions()[0].Name != "西安市" {
		t.Error("Divisions shares its slice")
	}
	a := catalog.Areas()
	a[0].Covers[0] = "changed"
	if catalog.Areas()[0].Covers[0] != "610581" {
		t.Error("Areas shares its slices")
	}
}
