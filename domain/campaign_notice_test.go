package domain_test

import (
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
)

func d(s string) domain.Date {
	v, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestDecideNaming(t *testing.T) {
	n := domain.PublicNotice{ID: 1, From: d("2026-03-02"), To: d("2026-03-06"), Status: domain.NoticeOpen}
	ob := func(ss ...domain.ObjectionStatus) []domain.Objection {
		var out []domain.Objection
		for _, s := range ss {
			out = append(out, domain.Objection{Status: s})
		}
		return out
	}
	stopped := n
	stopped.Status = domain.NoticeStopped
	named := n
	named.Status = domain.NoticeNamed
	for _, tt := range []struct {
		name  string
		n     domain.PublicNotice
		obs   []domain.Objection
		today string
		want  domain.NamingDecision
	}{
		{"in period", n, nil, "2026-03-04", domain.NamingPending},
		{"last day of period", n, nil, "2026-03-06", domain.NamingPending},
		{"period ended, no objection", n, nil, "2026-03-07", domain.NamingName},
		{"ended long ago", n, nil, "2026-06-01", domain.NamingName},
		{"all dismissed", n, ob(domain.ObjectionDismissed, domain.ObjectionDismissed), "2026-03-07", domain.NamingName},
		{"one open", n, ob(domain.ObjectionDismissed, domain.ObjectionOpen), "2026-03-07", domain.NamingWait},
		{"one upheld", n, ob(domain.ObjectionDismissed, domain.ObjectionUpheld), "2026-03-07", domain.NamingNone},
		{"open in period", n, ob(domain.ObjectionOpen), "2026-03-05", domain.NamingPending},
		{"stopped", stopped, nil, "2026-03-07", domain.NamingNone},
		{"named", named, nil, "2026-03-07", domain.NamingNone},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.DecideNaming(tt.n, tt.obs, d(tt.today)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNoticePeriod(t *testing.T) {
	n := domain.PublicNotice{ID: 1, From: d("2026-03-02"), To: d("2026-03-06"), Status: domain.NoticeOpen}
	for _, tt := range []struct {
		today          string
		public, period bool
	}{
		{"2026-03-01", false, false},
		{"2026-03-02", true, true},
		{"2026-03-06", true, true},
		{"2026-03-07", true, false},
	} {
		if got := domain.NoticePublic(n, d(tt.today)); got != tt.public {
			t.Errorf("%s public %v", tt.today, got)
		}
		if got := domain.NoticeInPeriod(n, d(tt.today)); got != tt.period {
			t.Errorf("%s in period %v", tt.today, got)
		}
	}
	n.Status = domain.NoticeNamed
	if domain.NoticeInPeriod(n, d("2026-03-03")) {
		t.Error("a named notice takes objections")
	}
}

func TestTermExpiry(t *testing.T) {
	for _, tt := range []struct {
		term, granted, want string
	}{
		{"3y", "2026-03-10", "2029-03-09"},
		{"3", "2026-01-01", "2028-12-31"},
		{"1y", "2028-02-29", "2029-02-28"}, // 29 Feb + 1 year is 1 March: the day before
		{"1095d", "2026-03-10", "2029-03-08"},
		{"2y30d", "2026-03-10", "2028-04-08"},
		{"1d", "2026-03-10", "2026-03-10"},
	} {
		term, err := domain.ParseTerm(tt.term)
		if err != nil {
			t.Fatalf("%s: %v", tt.term, err)
		}
		if got := term.ExpiresOn(d(tt.granted)).String(); got != tt.want {
			t.Errorf("%s from %s: got %s, want %s", tt.term, tt.granted, got, tt.want)
		}
	}
	for _, bad := range []string{"", "0", "0y", "y", "3x", "-1y", "3y-2d", "100y", "1.5y"} {
		if _, err := domain.ParseTerm(bad); err == nil {
			t.Errorf("ParseTerm(%q) accepted", bad)
		}
	}
	if s := (domain.Term{Years: 2, Days: 30}).String(); s != "2y30d" {
		t.Errorf("String %q", s)
	}
}

func TestReassessWindow(t *testing.T) {
	p := domain.TitlePolicy{CityTerm: domain.DefaultTerm(), ProvinceTerm: domain.DefaultTerm(), ReassessLeadDays: 90}
	ti := domain.Title{Status: domain.TitleActive, ExpiresOn: d("2029-03-09")}
	for _, tt := range []struct {
		today       string
		due, lapsed bool
	}{
		{"2028-12-08", false, false},
		{"2028-12-09", true, false}, // 90 days before
		{"2029-03-09", true, false}, // the last valid day
		{"2029-03-10", false, true},
	} {
		if got := p.ReassessDue(ti, d(tt.today)); got != tt.due {
			t.Errorf("%s: reassess due %v", tt.today, got)
		}
		if got := domain.TitleLapsed(ti, d(tt.today)); got != tt.lapsed {
			t.Errorf("%s: lapsed %v", tt.today, got)
		}
	}
	ti.Status = domain.TitleRevoked
	if p.ReassessDue(ti, d("2029-01-01")) || domain.TitleLapsed(ti, d("2030-01-01")) {
		t.Error("a revoked title is re-assessed or lapses")
	}
}

func TestCertificateNo(t *testing.T) {
	for _, tt := range []struct {
		level domain.StandardLevel
		city  string
		year  int
		seq   int
		want  string
	}{
		{domain.LevelCity, "610700", 2026, 1, "陕和谐〔2026〕市-610700-0001"},
		{domain.LevelCity, "yangling", 2027, 12, "陕和谐〔2027〕市-yangling-0012"},
		{domain.LevelProvince, "610100", 2026, 345, "陕和谐〔2026〕省-0345"},
	} {
		got := domain.CertificateNo(tt.level, tt.city, tt.year, tt.seq)
		if got != tt.want || !strings.HasPrefix(got, domain.CertificatePrefix(tt.level, tt.city, tt.year)) {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}

func TestObjectionValidate(t *testing.T) {
	p := domain.ObjectionPolicy{MaxContent: 10, Rate: 5, Window: time.Hour}
	for _, tt := range []struct {
		name string
		in   domain.ObjectionInput
		key  string
	}{
		{"ok", domain.ObjectionInput{Content: "材料不实"}, ""},
		{"ok at the limit", domain.ObjectionInput{Content: strings.Repeat("异", 10), Name: "张三", Contact: "13800000000"}, ""},
		{"empty", domain.ObjectionInput{Content: "  "}, "objection.content_required"},
		{"too long", domain.ObjectionInput{Content: strings.Repeat("异", 11)}, "objection.content_too_long"},
		{"name too long", domain.ObjectionInput{Content: "x", Name: strings.Repeat("名", 51)}, "objection.name_too_long"},
		{"contact too long", domain.ObjectionInput{Content: "x", Contact: strings.Repeat("1", 101)}, "objection.contact_too_long"},
		{"control", domain.ObjectionInput{Content: "a\x00b"}, "request.control_character"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := p.Validate(tt.in.Normalize())
			if got := domain.ErrorKey(err); got != tt.key {
				t.Errorf("got %q (%v), want %q", got, err, tt.key)
			}
		})
	}
}

func TestTitleAuthority(t *testing.T) {
	prov := domain.CampaignScope{Province: true}
	city := domain.CampaignScope{City: "610700"}
	reader := domain.CampaignScope{Reader: true}
	county := domain.CampaignScope{County: "610725"}
	for _, tt := range []struct {
		name  string
		s     domain.CampaignScope
		level domain.StandardLevel
		city  string
		want  bool
	}{
		{"province, city title", prov, domain.LevelCity, "610700", true},
		{"province, province title", prov, domain.LevelProvince, "610700", true},
		{"city bureau, its city title", city, domain.LevelCity, "610700", true},
		{"city bureau, another city", city, domain.LevelCity, "610100", false},
		{"city bureau, province title", city, domain.LevelProvince, "610700", false},
		{"leadership", reader, domain.LevelCity, "610700", false},
		{"county bureau", county, domain.LevelCity, "610700", false},
	} {
		if got := domain.CanActOnTitle(tt.s, tt.level, tt.city); got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}
}
