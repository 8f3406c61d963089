package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Campaign holds the rules of the campaign's public notice, objections and
// titles.
type Campaign struct {
	// TitleTermCity and TitleTermProvince are how long a title is valid,
	// as written ("3y", "1095d", "2y30d"): the domain parses them.
	// XIETONG_CAMPAIGN_TITLE_TERM_CITY, _PROVINCE.
	TitleTermCity, TitleTermProvince Term
	// ReassessLeadDays is how many days before a title expires its
	// re-assessment opens. XIETONG_CAMPAIGN_REASSESS_LEAD_DAYS.
	ReassessLeadDays int
	// ObjectionMaxLength is the longest objection, in characters.
	// XIETONG_CAMPAIGN_OBJECTION_MAX_LENGTH.
	ObjectionMaxLength int
	// ObjectionRate and ObjectionWindow: at most ObjectionRate objections
	// per ObjectionWindow from one client address.
	// XIETONG_CAMPAIGN_OBJECTION_RATE ("5/1h").
	ObjectionRate   int
	ObjectionWindow time.Duration
	// NamingSchedule is when the naming job runs (cron spec).
	// XIETONG_SCHEDULE_CAMPAIGN_NAMING.
	NamingSchedule string
}

// Term is a title's term in years and days.
type Term struct{ Years, Days int }

func (t Term) String() string {
	switch {
	case t.Days == 0:
		return fmt.Sprintf("%dy", t.Years)
	case t.Years == 0:
		return fmt.Sprintf("%dd", t.Days)
	}
	return fmt.Sprintf("%dy%dd", t.Years, t.Days)
}

// parseTerm reads "3y", "3" (years), "1095d" or "2y30d": positive, at most
// 50 years.
func parseTerm(s string) (Term, error) {
	bad := fmt.Errorf("want years or days, such as 3y or 1095d, got %q", s)
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "" {
		return Term{}, bad
	}
	if n, err := strconv.Atoi(v); err == nil {
		v = strconv.Itoa(n) + "y"
	}
	var t Term
	for v != "" {
		i := strings.IndexAny(v, "yd")
		if i <= 0 {
			return Term{}, bad
		}
		n, err := strconv.Atoi(v[:i])
		if err != nil || n < 0 || v[:i][0] == '+' {
			return Term{}, bad
		}
		if v[i] == 'y' {
			t.Years += n
		} else {
			t.Days += n
		}
		v = v[i+1:]
	}
	if t.Years+t.Days == 0 || t.Years > 50 || t.Days > 20000 {
		return Term{}, fmt.Errorf("term must be positive and at most 50 years, got %q", s)
	}
	return t, nil
}

// parseRate reads "N/DURATION" (5/1h) or "N" (per hour).
func parseRate(s string) (int, time.Duration, error) {
	n, w, ok := strings.Cut(strings.TrimSpace(s), "/")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || count < 1 || count > 10000 {
		return 0, 0, fmt.Errorf("want a count and a window such as 5/1h, got %q", s)
	}
	if !ok {
		return count, time.Hour, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(w))
	if err != nil || d < time.Second || d > 30*24*time.Hour {
		return 0, 0, fmt.Errorf("want a count and a window such as 5/1h (1s to 720h), got %q", s)
	}
	return count, d, nil
}

func termSpec(name, meaning string, field func(*Config) *Term) spec {
	return spec{
		name: name, def: "3y", meaning: meaning,
		set: func(c *Config, v string) error {
			t, err := parseTerm(v)
			if err != nil {
				return err
			}
			*field(c) = t
			return nil
		},
		get: func(c Config) string { return field(&c).String() },
	}
}

// campaignSpecs are the campaign's variables, in documentation order.
func campaignSpecs() []spec {
	return []spec{
		termSpec("XIETONG_CAMPAIGN_TITLE_TERM_CITY", "how long a city-level title is valid: years (3y or 3) or days (1095d); it expires on grant + term - 1 day",
			func(c *Config) *Term { return &c.Campaign.TitleTermCity }),
		termSpec("XIETONG_CAMPAIGN_TITLE_TERM_PROVINCE", "how long a province-level title is valid, as the city term",
			func(c *Config) *Term { return &c.Campaign.TitleTermProvince }),
		intSpec("XIETONG_CAMPAIGN_REASSESS_LEAD_DAYS", "90", "days before a title expires that its re-assessment application opens (1 to 730)", 1, 730,
			func(c *Config) *int { return &c.Campaign.ReassessLeadDays }),
		intSpec("XIETONG_CAMPAIGN_OBJECTION_MAX_LENGTH", "2000", "longest objection to a public notice, in characters (100 to 20000)", 100, 20000,
			func(c *Config) *int { return &c.Campaign.ObjectionMaxLength }),
		{
			name: "XIETONG_CAMPAIGN_OBJECTION_RATE", def: "5/1h",
			meaning: "most objections one client address may lodge per window, COUNT/DURATION (5/1h); more are answered 429",
			set: func(c *Config, v string) error {
				n, w, err := parseRate(v)
				if err != nil {
					return err
				}
				c.Campaign.ObjectionRate, c.Campaign.ObjectionWindow = n, w
				return nil
			},
			get: func(c Config) string {
				return strconv.Itoa(c.Campaign.ObjectionRate) + "/" + c.Campaign.ObjectionWindow.String()
			},
		},
		cronSpec("XIETONG_SCHEDULE_CAMPAIGN_NAMING", "5 1 * * *",
			"cron spec of the campaign job: naming after clean public notices, re-assessments, expiry",
			func(c *Config) *string { return &c.Campaign.NamingSchedule }),
	}
}
