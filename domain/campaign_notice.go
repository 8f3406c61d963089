package domain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/domain/calendar"
)

// Objection is an objection (异议) anyone lodged against a public notice
// during its period, without signing in. Content, Name and Contact are
// stored as typed and always shown back as text. The client address is
// kept only as a hash, for rate limiting (ClientHash).
type Objection struct {
	ID            int64
	NoticeID      int64
	ApplicationID int64
	CommunityID   int64
	CityCode      string
	Level         StandardLevel
	Content       string
	Name          string // optional: who objects
	Contact       string // optional: how to reach them
	ClientHash    string
	Status        ObjectionStatus
	Note          string // the resolver's reason
	ResolvedBy    int64
	ResolvedAt    time.Time
	CreatedAt     time.Time
}

// ObjectionStatus is where an objection is.
type ObjectionStatus string

// The statuses of an objection: open until a bureau resolves it, upheld
// (the naming stops) or dismissed.
const (
	ObjectionOpen      ObjectionStatus = "open"
	ObjectionUpheld    ObjectionStatus = "upheld"
	ObjectionDismissed ObjectionStatus = "dismissed"
)

// ObjectionStatuses returns every objection status, in a fresh slice.
func ObjectionStatuses() []ObjectionStatus {
	return []ObjectionStatus{ObjectionOpen, ObjectionUpheld, ObjectionDismissed}
}

// ObjectionFilter narrows an objection list; CityCode is set from the
// caller's scope.
type ObjectionFilter struct {
	Status   ObjectionStatus
	NoticeID int64
	CityCode string
}

// Validate rejects a status that could never match.
func (f ObjectionFilter) Validate() error {
	if f.Status != "" && f.Status != ObjectionOpen && f.Status != ObjectionUpheld && f.Status != ObjectionDismissed {
		return Invalid("objection.status_invalid", string(f.Status))
	}
	return nil
}

// Limits of an objection's text, in characters.
const (
	MaxObjectionName    = 50
	MaxObjectionContact = 100
	MaxResolutionNote   = 2000
)

// ObjectionPolicy bounds what the public may lodge: the content's length
// and how many objections one client address may lodge per window.
type ObjectionPolicy struct {
	MaxContent int           // characters; 2,000 by default
	Rate       int           // objections per Window per client address
	Window     time.Duration // the rate's window
}

// DefaultObjectionPolicy returns 2,000 characters and 5 an hour.
func DefaultObjectionPolicy() ObjectionPolicy {
	return ObjectionPolicy{MaxContent: 2000, Rate: 5, Window: time.Hour}
}

// ObjectionInput is what a visitor sends.
type ObjectionInput struct {
	Content string
	Name    string
	Contact string
}

// Normalize trims the input's fields.
func (in ObjectionInput) Normalize() ObjectionInput {
	return ObjectionInput{Content: strings.TrimSpace(in.Content), Name: strings.TrimSpace(in.Name),
		Contact: strings.TrimSpace(in.Contact)}
}

// Validate checks an objection's text: content required and at most
// MaxContent characters, name and contact optional and short, no control
// characters but line breaks and tabs in the content.
func (p ObjectionPolicy) Validate(in ObjectionInput) error {
	var pr Problems
	pr.Add(in.Content == "", "objection.content_required")
	pr.Add(utf8.RuneCountInString(in.Content) > p.MaxContent, "objection.content_too_long", p.MaxContent)
	pr.AddErr(storable(in.Content))
	pr.Add(utf8.RuneCountInString(in.Name) > MaxObjectionName, "objection.name_too_long", MaxObjectionName)
	pr.AddErr(storable(in.Name))
	pr.Add(utf8.RuneCountInString(in.Contact) > MaxObjectionContact, "objection.contact_too_long", MaxObjectionContact)
	pr.AddErr(storable(in.Contact))
	return pr.Err()
}

// NoticePublic reports whether notice n is shown to the public on today:
// from the first day of its period on, whatever its outcome.
func NoticePublic(n PublicNotice, today Date) bool {
	return n.ID != 0 && !n.From.IsZero() && !today.Before(n.From)
}

// NoticeInPeriod reports whether objections to n may be lodged on today:
// n is open and today lies in From..To, both inclusive.
func NoticeInPeriod(n PublicNotice, today Date) bool {
	return n.Status == NoticeOpen && !today.Before(n.From) && !today.After(n.To)
}

// NamingDecision is what the naming job does with a notice.
type NamingDecision string

// The decisions: name the community; wait (the period has not ended, or
// an objection is still open); nothing (the notice is not open, or an
// objection was upheld, which stopped it already).
const (
	NamingName    NamingDecision = "name"
	NamingWait    NamingDecision = "wait"
	NamingPending NamingDecision = "pending" // the period has not ended yet
	NamingNone    NamingDecision = "none"
)

// DecideNaming says what the naming job does on today with notice n and
// its objections: it names once the period has ended (To before today)
// and every objection is resolved with none upheld.
func DecideNaming(n PublicNotice, objections []Objection, today Date) NamingDecision {
	if n.Status != NoticeOpen {
		return NamingNone
	}
	if !n.To.Before(today) {
		return NamingPending
	}
	for _, o := range objections {
		switch o.Status {
		case ObjectionUpheld:
			return NamingNone
		case ObjectionOpen:
			return NamingWait
		}
	}
	return NamingName
}

// Term is how long a title is valid: Years and Days added to the grant.
type Term struct {
	Years int
	Days  int
}

// DefaultTerm is three years.
func DefaultTerm() Term { return Term{Years: 3} }

// ParseTerm reads "3y", "3", "1095d" or "2y30d"; the term must be positive.
func ParseTerm(s string) (Term, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	var t Term
	rest := s
	if rest == "" {
		return Term{}, fmt.Errorf("empty term")
	}
	if n, ok := parseCount(rest); ok {
		t.Years = n
		rest = ""
	}
	for rest != "" {
		i := strings.IndexAny(rest, "yd")
		if i <= 0 {
			return Term{}, fmt.Errorf("want years or days, such as 3y or 1095d, got %q", s)
		}
		n, ok := parseCount(rest[:i])
		if !ok {
			return Term{}, fmt.Errorf("want years or days, such as 3y or 1095d, got %q", s)
		}
		if rest[i] == 'y' {
			t.Years += n
		} else {
			t.Days += n
		}
		rest = rest[i+1:]
	}
	if t.Years*366+t.Days <= 0 || t.Years > 50 || t.Days > 20000 {
		return Term{}, fmt.Errorf("term must be positive and at most 50 years, got %q", s)
	}
	return t, nil
}

func parseCount(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// String writes the term as ParseTerm reads it.
func (t Term) String() string {
	switch {
	case t.Days == 0:
		return fmt.Sprintf("%dy", t.Years)
	case t.Years == 0:
		return fmt.Sprintf("%dd", t.Days)
	}
	return fmt.Sprintf("%dy%dd", t.Years, t.Days)
}

// ExpiresOn returns the last day a title granted on granted is valid for
// the term: granted + term − 1 day. Years are calendar years; a grant on
// 29 February runs as if granted on 1 March in a year without one.
func (t Term) ExpiresOn(granted Date) Date {
	end := calendar.NewDate(granted.Year+t.Years, granted.Month, granted.Day)
	return end.AddDays(t.Days - 1)
}

// TitlePolicy is how titles are granted and renewed.
type TitlePolicy struct {
	CityTerm     Term
	ProvinceTerm Term
	// ReassessLeadDays is how many days before a title expires its
	// re-assessment application opens.
	ReassessLeadDays int
}

// DefaultTitlePolicy returns three-year terms and 90 days' lead.
func DefaultTitlePolicy() TitlePolicy {
	return TitlePolicy{CityTerm: DefaultTerm(), ProvinceTerm: DefaultTerm(), ReassessLeadDays: 90}
}

// TermOf returns the term of a title at level.
func (p TitlePolicy) TermOf(level StandardLevel) Term {
	if level == LevelProvince {
		return p.ProvinceTerm
	}
	return p.CityTerm
}

// ReassessDue reports whether on today the re-assessment of active title t
// is due to open: from ReassessLeadDays before it expires to its last day.
func (p TitlePolicy) ReassessDue(t Title, today Date) bool {
	return t.Status == TitleActive && !today.Before(t.ExpiresOn.AddDays(-p.ReassessLeadDays)) &&
		!today.After(t.ExpiresOn)
}

// TitleLapsed reports whether active title t has run out by today: its
// last valid day is behind (the re-assessment was not named in time).
func TitleLapsed(t Title, today Date) bool {
	return t.Status == TitleActive && t.ExpiresOn.Before(today)
}

// CertificatePrefix is the part of a certificate number before its
// sequence: "陕和谐〔YEAR〕省-" for a province title, "陕和谐〔YEAR〕市-CITY-"
// for a city title, CITY being the campaign city's code.
func CertificatePrefix(level StandardLevel, cityCode string, year int) string {
	if level == LevelProvince {
		return fmt.Sprintf("陕和谐〔%d〕省-", year)
	}
	return fmt.Sprintf("陕和谐〔%d〕市-%s-", year, cityCode)
}

// CertificateNo is a title's certificate number: the prefix and a
// four-digit sequence that counts from 1 per prefix (level, city and year
// of grant), e.g. 陕和谐〔2026〕市-610700-0001 or 陕和谐〔2026〕省-0012.
func CertificateNo(level StandardLevel, cityCode string, year, seq int) string {
	return CertificatePrefix(level, cityCode, year) + fmt.Sprintf("%04d", seq)
}

// SpotCheck is a bureau's spot check (抽查) of a titled community. A failed
// one does not revoke the title by itself: the bureau decides.
type SpotCheck struct {
	ID         int64
	TitleID    int64
	CheckedOn  Date
	Inspectors string
	Findings   string
	Passed     bool
	CreatedBy  int64
	CreatedAt  time.Time
}

// Limits of a spot check's and a revocation's text.
const (
	MaxFindings = 4000
	MaxReason   = 2000
)

// Validate checks a spot check's fields; today bounds its date.
func (s SpotCheck) Validate(today Date) error {
	var p Problems
	p.Add(s.CheckedOn.IsZero(), "spotcheck.date_required")
	p.Add(s.CheckedOn.After(today), "spotcheck.date_future")
	p.Add(strings.TrimSpace(s.Inspectors) == "", "spotcheck.inspectors_required")
	p.Add(utf8.RuneCountInString(s.Inspectors) > MaxInspectors, "spotcheck.inspectors_too_long", MaxInspectors)
	p.AddErr(storable(s.Inspectors))
	p.Add(strings.TrimSpace(s.Findings) == "", "spotcheck.findings_required")
	p.Add(utf8.RuneCountInString(s.Findings) > MaxFindings, "spotcheck.findings_too_long", MaxFindings)
	p.AddErr(storable(s.Findings))
	return p.Err()
}

// CanActOnTitle reports whether scope s may revoke or spot-check a title at
// level in city: the province any title, a city bureau its city's city
// titles.
func CanActOnTitle(s CampaignScope, level StandardLevel, city string) bool {
	return s.Province || level == LevelCity && s.City != "" && s.City == city
}

// CanResolveObjection reports whether scope s may resolve an objection to
// a notice at level in city: the province any, a city bureau those to its
// city's city-level notices (the body that accepted the application).
func CanResolveObjection(s CampaignScope, level StandardLevel, city string) bool {
	return CanActOnTitle(s, level, city)
}

// SeesCampaignCity reports whether scope s reads the campaign records of
// city: the province and leadership every city, a city bureau its own.
func SeesCampaignCity(s CampaignScope, city string) bool {
	return s.Province || s.Reader || s.City != "" && s.City == city
}

// RegionName returns the Chinese (or, with en, English) name of a city,
// county or area code, or the code itself when it is unknown.
func RegionName(code string, en bool) string {
	zh, e := RegionNames(code)
	switch {
	case zh == "":
		return code
	case en:
		return e
	}
	return zh
}

// storable refuses text that cannot be stored as typed: invalid UTF-8 or a
// control character other than tab and line breaks.
func storable(s string) error {
	if !StorableText(s) {
		return Invalid("request.control_character")
	}
	return nil
}
