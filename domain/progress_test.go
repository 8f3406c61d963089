package domain_test

import (
	"math"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
)

func day(s string) domain.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestTitleValidOn is the validity rule day by day: valid from GrantedOn,
// through ExpiresOn, and no longer on EndedOn.
func TestTitleValidOn(t *testing.T) {
	active := domain.Title{GrantedOn: day("2025-03-10"), ExpiresOn: day("2028-03-09"), Status: domain.TitleActive}
	revoked := active
	revoked.Status, revoked.EndedOn = domain.TitleRevoked, day("2026-01-15")
	lateEnd := active // ended after it expired: expiry decides
	lateEnd.EndedOn = day("2028-04-01")
	for _, tc := range []struct {
		name string
		t    domain.Title
		on   string
		want bool
	}{
		{"before the grant", active, "2025-03-09", false},
		{"the day granted", active, "2025-03-10", true},
		{"the last day", active, "2028-03-09", true},
		{"the day after expiry", active, "2028-03-10", false},
		{"revoked: the day before it ended", revoked, "2026-01-14", true},
		{"revoked: the day it ended", revoked, "2026-01-15", false},
		{"revoked: long after", revoked, "2027-01-01", false},
		{"revoked later: still valid last quarter", revoked, "2025-12-31", true},
		{"ended after expiry: expiry first", lateEnd, "2028-03-10", false},
	} {
		if got := domain.TitleValidOn(tc.t, day(tc.on)); got != tc.want {
			t.Errorf("%s (%s): got %v, want %v", tc.name, tc.on, got, tc.want)
		}
	}
}

// TestHoldsTitleOn: a province title counts at the city level too, a city
// title not at the province level.
func TestHoldsTitleOn(t *testing.T) {
	city := domain.Title{Level: domain.LevelCity, GrantedOn: day("2025-01-01"), ExpiresOn: day("2027-12-31")}
	prov := domain.Title{Level: domain.LevelProvince, GrantedOn: day("2026-01-01"), ExpiresOn: day("2028-12-31")}
	on := day("2026-06-01")
	for _, tc := range []struct {
		name  string
		ts    []domain.Title
		level domain.StandardLevel
		want  bool
	}{
		{"city title at city level", []domain.Title{city}, domain.LevelCity, true},
		{"city title at province level", []domain.Title{city}, domain.LevelProvince, false},
		{"province title at city level", []domain.Title{prov}, domain.LevelCity, true},
		{"province title at province level", []domain.Title{prov}, domain.LevelProvince, true},
		{"none", nil, domain.LevelCity, false},
	} {
		if got := domain.HoldsTitleOn(tc.ts, tc.level, on); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestProgressRate(t *testing.T) {
	for _, tc := range []struct {
		c    domain.ProgressCount
		want float64
	}{
		{domain.ProgressCount{Titled: 0, Communities: 0}, 0},
		{domain.ProgressCount{Titled: 3, Communities: 12}, 0.25},
		{domain.ProgressCount{Titled: 5, Communities: 10}, 0.5},
	} {
		if got := tc.c.Rate(); got != tc.want {
			t.Errorf("%+v: rate %v, want %v", tc.c, got, tc.want)
		}
	}
}

// TestProject is the projection on hand-computed fixtures.
func TestProject(t *testing.T) {
	asOf := day("2026-12-05")
	for _, tc := range []struct {
		name    string
		now     domain.ProgressCount
		before  int
		target  float64
		rate    float64
		needed  int
		reached bool
		on      string
	}{
		// 40 of 100 titled, 28 six months ago: 2 a month; 50 needed, 10
		// to go: 5 months = 5 × 30.4375 = 152.19 → 153 days.
		{"on its way", domain.ProgressCount{Titled: 40, Communities: 100}, 28, 0.5, 2, 50, false, "2027-05-07"},
		// 9 of 17: ceil(8.5) = 9 needed, met.
		{"reached", domain.ProgressCount{Titled: 9, Communities: 17}, 9, 0.5, 0, 9, true, ""},
		{"flat: not at this rate", domain.ProgressCount{Titled: 10, Communities: 100}, 10, 0.5, 0, 50, false, ""},
		{"losing titles", domain.ProgressCount{Titled: 10, Communities: 100}, 16, 0.5, -1, 50, false, ""},
		// 1 of 30 titled, 0 before: 1/6 a month; 15 needed, 14 to go:
		// 84 months = 2556.75 → 2557 days.
		{"slow", domain.ProgressCount{Titled: 1, Communities: 30}, 0, 0.5, 1.0 / 6, 15, false, "2033-12-05"},
		{"empty register", domain.ProgressCount{}, 0, 0.5, 0, 0, false, ""},
	} {
		p := domain.Project(asOf, tc.now, tc.before, tc.target)
		if math.Abs(p.MonthlyRate-tc.rate) > 1e-9 || p.Needed != tc.needed || p.Reached != tc.reached {
			t.Errorf("%s: %+v, want rate %v needed %d reached %v", tc.name, p, tc.rate, tc.needed, tc.reached)
		}
		want := domain.Date{}
		if tc.on != "" {
			want = day(tc.on)
		}
		if p.ReachesOn != want {
			t.Errorf("%s: reaches on %s, want %s", tc.name, p.ReachesOn, want)
		}
	}
}

func TestTrendPoints(t *testing.T) {
	got := domain.TrendPoints(day("2025-11-20"), day("2026-02-10"))
	want := []string{"2025-11-30", "2025-12-31", "2026-01-31", "2026-02-10"}
	if len(got) != len(want) {
		t.Fatalf("points %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("point %d: %s, want %s", i, got[i], want[i])
		}
	}
	if n := len(domain.TrendPoints(day("2026-01-01"), day("2025-12-31"))); n != 0 {
		t.Errorf("as of before the start: %d points, want none", n)
	}
	if got := domain.TrendPoints(day("2026-01-31"), day("2026-01-31")); len(got) != 1 || got[0] != day("2026-01-31") {
		t.Errorf("start on the day: %v", got)
	}
}

func TestMonthsBefore(t *testing.T) {
	for _, tc := range []struct{ d, want string }{
		{"2026-12-05", "2026-06-05"},
		{"2026-08-31", "2026-02-28"},
		{"2024-08-31", "2024-02-29"},
		{"2026-03-15", "2025-09-15"},
	} {
		if got := domain.MonthsBefore(day(tc.d), 6); got.String() != tc.want {
			t.Errorf("6 months before %s: %s, want %s", tc.d, got, tc.want)
		}
	}
}

func TestCampaignSettingsValidate(t *testing.T) {
	def := domain.DefaultCampaignSettings()
	if err := def.Validate(); err != nil || def.Target != 0.5 || def.StartOn.String() != "2014-08-07" ||
		def.TargetOn.String() != "2017-08-07" {
		t.Fatalf("defaults %+v: %v", def, err)
	}
	for _, tc := range []struct {
		name string
		s    domain.CampaignSettings
		key  string
	}{
		{"zero target", domain.CampaignSettings{Target: 0, StartOn: def.StartOn, TargetOn: def.TargetOn}, "progress.target_invalid"},
		{"above 100%", domain.CampaignSettings{Target: 1.2, StartOn: def.StartOn, TargetOn: def.TargetOn}, "progress.target_invalid"},
		{"NaN", domain.CampaignSettings{Target: math.NaN(), StartOn: def.StartOn, TargetOn: def.TargetOn}, "progress.target_invalid"},
		{"no start", domain.CampaignSettings{Target: 0.5, TargetOn: def.TargetOn}, "progress.start_required"},
		{"target before start", domain.CampaignSettings{Target: 0.5, StartOn: def.TargetOn, TargetOn: def.StartOn}, "progress.dates_order"},
	} {
		if got := domain.ErrorKey(tc.s.Validate()); got != tc.key {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.key)
		}
	}
}

// TestProgressFixture computes the figures of a small register by hand and
// with the rule: 4 communities in two cities, titles granted, revoked and
// expired at known days.
func TestProgressFixture(t *testing.T) {
	type community struct {
		city   string
		titles []domain.Title
	}
	ti := func(level domain.StandardLevel, from, to, ended string) domain.Title {
		t := domain.Title{Level: level, GrantedOn: day(from), ExpiresOn: day(to)}
		if ended != "" {
			t.EndedOn = day(ended)
		}
		return t
	}
	reg := []community{
		{"610100", []domain.Title{ti(domain.LevelCity, "2025-01-10", "2027-01-09", "")}},
		{"610100", []domain.Title{ti(domain.LevelCity, "2025-02-01", "2027-01-31", "2025-09-01"),
			ti(domain.LevelProvince, "2025-06-01", "2028-05-31", "")}},
		{"610300", []domain.Title{ti(domain.LevelCity, "2025-03-01", "2025-08-31", "")}},
		{"610300", nil},
	}
	count := func(level domain.StandardLevel, on string) map[string]int {
		out := map[string]int{}
		for _, c := range reg {
			if domain.HoldsTitleOn(c.titles, level, day(on)) {
				out[c.city]++
			}
		}
		return out
	}
	for _, tc := range []struct {
		level      domain.StandardLevel
		on         string
		xian, baoj int
	}{
		{domain.LevelCity, "2025-01-09", 0, 0},
		{domain.LevelCity, "2025-03-31", 2, 1},
		{domain.LevelCity, "2025-08-31", 2, 1}, // the last day of 610300's title
		{domain.LevelCity, "2025-09-01", 2, 0}, // city title ended, province title holds
		{domain.LevelProvince, "2025-09-01", 1, 0},
		{domain.LevelProvince, "2025-05-31", 0, 0},
		{domain.LevelCity, "2027-01-10", 1, 0},
	} {
		got := count(tc.level, tc.on)
		if got["610100"] != tc.xian || got["610300"] != tc.baoj {
			t.Errorf("%s %s: %v, want 610100 %d, 610300 %d", tc.level, tc.on, got, tc.xian, tc.baoj)
		}
	}
	// The rates of 2025-03-31: Xi'an 2 of 2, Baoji 1 of 2, the province 3 of 4.
	xa := domain.ProgressCount{Titled: 2, Communities: 2}
	bj := domain.ProgressCount{Titled: 1, Communities: 2}
	if p := xa.Add(bj); p.Rate() != 0.75 || xa.Rate() != 1 || bj.Rate() != 0.5 {
		t.Errorf("rates %v %v %v", p.Rate(), xa.Rate(), bj.Rate())
	}
}
