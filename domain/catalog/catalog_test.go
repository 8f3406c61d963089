package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"xietong/domain/catalog"
)

// contractTypes is the type list of the HTTP API, in its order.
var contractTypes = []string{
	"housing", "civil_affairs", "organization", "publicity", "culture",
	"sports", "health", "public_security", "justice", "labor", "education",
	"environment", "science_tech", "population_family_planning",
	"trade_union", "youth_league", "womens_federation",
	"disabled_federation", "ageing", "charity", "development_reform",
	"finance", "commerce", "financial_affairs", "taxation",
	"industry_commerce",
}

var pilotCities = []string{"xian", "baoji", "hanzhong", "ankang"}

// cities is every 设区市: the pilots, then the others in division order.
var cities = []string{"xian", "baoji", "hanzhong", "ankang",
	"tongchuan", "xianyang", "weinan", "yanan", "yulin", "shangluo"}

// counties is the pilot counties; countyOmitted the types that have no
// body of their own at county level (see org_county.go).
var (
	counties      = []string{"mianxian", "shiquan"}
	countyOmitted = []string{"sports", "science_tech", "financial_affairs"}
)

// wantOrgs is the catalogue's size: the provincial department, 26 per city,
// Xi'an's two extra housing bodies, the three other addressees and each
// pilot county's bodies.
var wantOrgs = 1 + 26*len(cities) + 2 + 3 + (26-len(countyOmitted))*len(counties)

// isPrintableASCII reports whether s is non-empty printable ASCII.
func isPrintableASCII(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}

// isCode reports whether s is made of lowercase segments joined by "-".
func isCode(s string) bool {
	segs := strings.Split(s, "-")
	for _, seg := range segs {
		if seg == "" || seg[0] < 'a' || seg[0] > 'z' {
			return false
		}
		for _, r := range seg {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
				return false
			}
		}
	}
	return true
}

// checkUnique fails for every value that occurs twice.
func checkUnique(t *testing.T, what string, values []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, v := range values {
		if seen[v] {
			t.Errorf("%s %q occurs twice", what, v)
		}
		seen[v] = true
	}
}

func regionsByCode(t *testing.T) map[string]catalog.Region {
	t.Helper()
	m := map[string]catalog.Region{}
	for _, r := range catalog.Regions() {
		m[r.Code] = r
	}
	return m
}

func TestOrgTypes(t *testing.T) {
	types := catalog.OrgTypes()
	var codes, names, namesEn []string
	groups := map[string]int{}
	for _, ty := range types {
		codes = append(codes, ty.Code)
		names = append(names, ty.Name)
		namesEn = append(namesEn, ty.NameEn)
		groups[ty.Group]++
		if ty.Name == "" {
			t.Errorf("type %q: empty Name", ty.Code)
		}
		if !isPrintableASCII(ty.NameEn) {
			t.Errorf("type %q: NameEn %q is not non-empty ASCII", ty.Code, ty.NameEn)
		}
	}
	if !slices.Equal(codes, contractTypes) {
		t.Errorf("codes:\ngot  %v\nwant %v", codes, contractTypes)
	}
	checkUnique(t, "type code", codes)
	checkUnique(t, "type name", names)
	checkUnique(t, "type English name", namesEn)
	wantGroups := map[string]int{"lead": 1, "supervise": 13, "participate": 6, "policy": 6}
	for g, n := range groups {
		if wantGroups[g] != n {
			t.Errorf("group %q: got %d types, want %d", g, n, wantGroups[g])
		}
	}
	if types[0].Group != "lead" {
		t.Errorf("housing group: got %q, want lead", types[0].Group)
	}
}

func TestRegions(t *testing.T) {
	var codes, names, namesEn, pilots []string
	provinces := 0
	for _, r := range catalog.Regions() {
		codes = append(codes, r.Code)
		names = append(names, r.Name)
		namesEn = append(namesEn, r.NameEn)
		if r.Pilot {
			pilots = append(pilots, r.Code)
		}
		switch r.Level {
		case "province":
			provinces++
		case "city", "county":
		default:
			t.Errorf("region %q: level %q", r.Code, r.Level)
		}
		if !isCode(r.Code) || strings.Contains(r.Code, "-") {
			t.Errorf("region code %q is not a lowercase word", r.Code)
		}
		if r.Name == "" {
			t.Errorf("region %q: empty Name", r.Code)
		}
		if !isPrintableASCII(r.NameEn) {
			t.Errorf("region %q: NameEn %q is not non-empty ASCII", r.Code, r.NameEn)
		}
	}
	want := []string{"shaanxi", "xian", "baoji", "hanzhong", "ankang",
		"tongchuan", "xianyang", "weinan", "yanan", "yulin", "shangluo",
		"yangling", "xixian", "hancheng", "mianxian", "shiquan"}
	if !slices.Equal(codes, want) {
		t.Errorf("codes: got %v, want %v", codes, want)
	}
	if !slices.Equal(pilots, pilotCities) {
		t.Errorf("pilots: got %v, want %v", pilots, pilotCities)
	}
	if provinces != 1 {
		t.Errorf("provinces: got %d, want 1", provinces)
	}
	checkUnique(t, "region name", names)
	checkUnique(t, "region English name", namesEn)
}

func TestOrgs(t *testing.T) {
	orgs := catalog.Orgs()
	if len(orgs) != wantOrgs {
		t.Errorf("got %d organisations, want %d", len(orgs), wantOrgs)
	}
	regions := regionsByCode(t)
	var codes, names, namesEn []string
	for _, o := range orgs {
		codes = append(codes, o.Code)
		names = append(names, o.Name)
		namesEn = append(namesEn, o.NameEn)
		if !slices.Contains(contractTypes, o.Type) {
			t.Errorf("org %q: unknown type %q", o.Code, o.Type)
		}
		r, ok := regions[o.Region]
		if !ok {
			t.Errorf("org %q: unknown region %q", o.Code, o.Region)
			continue
		}
		if !isCode(o.Code) || !strings.HasPrefix(o.Code, o.Region+"-") {
			t.Errorf("org code %q: want lowercase %q-<key>", o.Code, o.Region)
		}
		if o.Level != r.Level {
			t.Errorf("org %q: level %q, region level %q", o.Code, o.Level, r.Level)
		}
		if o.Name == "" || !strings.Contains(o.Name, r.Name) {
			t.Errorf("org %q: Name %q does not contain %q", o.Code, o.Name, r.Name)
		}
		if !isPrintableASCII(o.NameEn) {
			t.Errorf("org %q: NameEn %q is not non-empty ASCII", o.Code, o.NameEn)
		}
		if !strings.Contains(o.NameEn, r.NameEn) && !strings.Contains(o.NameEn, strings.TrimSuffix(r.NameEn, " Province")) {
			t.Errorf("org %q: NameEn %q does not name %q", o.Code, o.NameEn, r.NameEn)
		}
	}
	checkUnique(t, "org code", codes)
	checkUnique(t, "org name", names)
	checkUnique(t, "org English name", namesEn)
}

// TestCityCoverage checks the catalogue's promise, extended to every city:
// each 设区市 has its housing bureau and one organisation of every other
// type, and each pilot county one of every type it has a body of.
func TestCityCoverage(t *testing.T) {
	byCode := map[string]catalog.Org{}
	count := map[[2]string]int{}
	for _, o := range catalog.Orgs() {
		byCode[o.Code] = o
		count[[2]string{o.Region, o.Type}]++
	}
	// The only housing-type bodies beside a city's housing bureau are the
	// ones the notice addresses by name.
	extraHousing := map[string]int{"xian": 2}
	for _, city := range append(slices.Clone(cities), counties...) {
		county := slices.Contains(counties, city)
		for _, typ := range contractTypes {
			want := 1
			if typ == "housing" {
				want += extraHousing[city]
			}
			if county && slices.Contains(countyOmitted, typ) {
				want = 0
			}
			o, ok := byCode[city+"-"+typ]
			if want > 0 && (!ok || o.Type != typ || o.Region != city) {
				t.Errorf("%s: no organisation coded %s-%s of that type", city, city, typ)
			}
			if got := count[[2]string{city, typ}]; got != want {
				t.Errorf("%s, type %s: got %d organisations, want %d", city, typ, got, want)
			}
		}
	}
}

func TestNamedOrgs(t *testing.T) {
	tests := []struct {
		code, name, typ, region, level string
	}{
		{"shaanxi-housing", "陕西省住房和城乡建设厅", "housing", "shaanxi", "province"},
		{"xian-housing", "西安市住房和城乡建设局", "housing", "xian", "city"},
		{"baoji-housing", "宝鸡市住房和城乡建设局", "housing", "baoji", "city"},
		{"hanzhong-housing", "汉中市住房和城乡建设局", "housing", "hanzhong", "city"},
		{"ankang-housing", "安康市住房和城乡建设局", "housing", "ankang", "city"},
		{"xian-housing_security", "西安市住房保障和房屋管理局", "housing", "xian", "city"},
		{"xian-shanty_town_renovation", "西安市棚户区改造办公室", "housing", "xian", "city"},
		{"yangling-housing", "杨凌示范区规划建设局", "housing", "yangling", "city"},
		{"xixian-housing", "西咸新区建设局", "housing", "xixian", "city"},
		{"hancheng-housing", "韩城市住房和城乡建设局", "housing", "hancheng", "city"},
		{"xian-public_security", "西安市公安局", "public_security", "xian", "city"},
		{"xian-organization", "中共西安市委组织部", "organization", "xian", "city"},
		{"xian-youth_league", "共青团西安市委员会", "youth_league", "xian", "city"},
		{"xian-taxation", "国家税务总局西安市税务局", "taxation", "xian", "city"},
		{"tongchuan-housing", "铜川市住房和城乡建设局", "housing", "tongchuan", "city"},
		{"xianyang-housing", "咸阳市住房和城乡建设局", "housing", "xianyang", "city"},
		{"weinan-housing", "渭南市住房和城乡建设局", "housing", "weinan", "city"},
		{"yanan-housing", "延安市住房和城乡建设局", "housing", "yanan", "city"},
		{"yulin-housing", "榆林市住房和城乡建设局", "housing", "yulin", "city"},
		{"shangluo-housing", "商洛市住房和城乡建设局", "housing", "shangluo", "city"},
		{"yanan-organization", "中共延安市委组织部", "organization", "yanan", "city"},
		{"mianxian-housing", "勉县住房和城乡建设局", "housing", "mianxian", "county"},
		{"shiquan-housing", "石泉县住房和城乡建设局", "housing", "shiquan", "county"},
		{"mianxian-taxation", "国家税务总局勉县税务局", "taxation", "mianxian", "county"},
		{"shiquan-organization", "中共石泉县委组织部", "organization", "shiquan", "county"},
	}
	byCode := map[string]catalog.Org{}
	for _, o := range catalog.Orgs() {
		byCode[o.Code] = o
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			o, ok := byCode[tt.code]
			if !ok {
				t.Fatalf("missing")
			}
			got := [4]string{o.Name, o.Type, o.Region, o.Level}
			want := [4]string{tt.name, tt.typ, tt.region, tt.level}
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestCommunities(t *testing.T) {
	tests := []struct {
		code, name, nameEn, region, city, county string
	}{
		{"xian-mijiaya", "米家崖小区", "Mijiaya", "xian", "西安市", ""},
		{"xian-lanbo", "兰博公寓", "Lanbo Apartments", "xian", "西安市", ""},
		{"baoji-jinhe", "金合\u5c19居", "Jinhe Shangju", "baoji", "宝鸡市", ""},
		{"hanzhong-minan", "民安花园", "Min'an Garden", "hanzhong", "汉中市", "勉县"},
		{"ankang-zhuerwan", "竹儿湾小区", "Zhu'erwan", "ankang", "安康市", "石泉县"},
	}
	comms := catalog.Communities()
	if len(comms) != len(tests) {
		t.Fatalf("got %d communities, want %d", len(comms), len(tests))
	}
	regions := regionsByCode(t)
	scales := []string{"residential_district", "neighborhood", "cluster"}
	var names []string
	for i, tt := range tests {
		c := comms[i]
		names = append(names, c.Name)
		t.Run(tt.code, func(t *testing.T) {
			got := [6]string{c.Code, c.Name, c.NameEn, c.Region, c.City, c.County}
			want := [6]string{tt.code, tt.name, tt.nameEn, tt.region, tt.city, tt.county}
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
			if !c.Pilot {
				t.Errorf("Pilot: got false, want true")
			}
			if !slices.Contains(scales, c.Scale) {
				t.Errorf("Scale: got %q, want one of %v", c.Scale, scales)
			}
			r := regions[c.Region]
			if !r.Pilot || r.Name != c.City {
				t.Errorf("region %q (%q, pilot %v) does not match city %q", c.Region, r.Name, r.Pilot, c.City)
			}
			if !isCode(c.Code) || !strings.HasPrefix(c.Code, c.Region+"-") {
				t.Errorf("code %q: want lowercase %q-<key>", c.Code, c.Region)
			}
			if !isPrintableASCII(c.NameEn) {
				t.Errorf("NameEn %q is not non-empty ASCII", c.NameEn)
			}
		})
	}
	checkUnique(t, "community name", names)
	if strings.Contains(comms[2].Name, "尚") {
		t.Errorf("金合尙居 must keep 尙 (U+5C19), got %q", comms[2].Name)
	}
}

// TestFreshSlices checks that a caller's changes never leak into the next call.
func TestFreshSlices(t *testing.T) {
	ty := catalog.OrgTypes()
	ty[0].Code = "changed"
	if catalog.OrgTypes()[0].Code != "housing" {
		t.Error("OrgTypes shares its slice")
	}
	r := catalog.Regions()
	r[0].Name = "changed"
	if catalog.Regions()[0].Name != "陕西省" {
		t.Error("Regions shares its slice")
	}
	o := catalog.Orgs()
	o[0].Name = "changed"
	if catalog.Orgs()[0].Name != "陕西省住房和城乡建设厅" {
		t.Error("Orgs shares its slice")
	}
	c := catalog.Communities()
	c[0].Scale = "changed"
	if catalog.Communities()[0].Scale == "changed" {
		t.Error("Communities shares its slice")
	}
}
