package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Exchange is an experience-exchange activity (经验交流活动): a meeting or
// visit where bureaus and communities share what worked, held on a day at
// a place, organised by one organisation, with participants and materials
// (attachments). It is the 以点促面 side of the campaign: the pilots'
// experience passed on.
type Exchange struct {
	ID     int64
	Title  string
	HeldOn Date
	Place  string
	// OrgID is the organiser (主办单位).
	OrgID int64
	// Participants names who took part, free text: organisations, one a
	// line, or a sentence.
	Participants string
	Summary      string
	CreatedBy    int64
	Creator      string
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ExchangeView is an exchange activity with its organiser's name.
type ExchangeView struct {
	Exchange
	Organiser string
}

// ExchangeInput is what a bureau writes of an exchange activity. OrgID,
// the organiser, is the actor's organisation for a bureau; the province
// names it.
type ExchangeInput struct {
	Title        string
	HeldOn       Date
	Place        string
	OrgID        int64
	Participants string
	Summary      string
}

// Validate checks the input on its own.
func (in *ExchangeInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.Place = strings.TrimSpace(in.Place)
	in.Participants = strings.TrimSpace(strings.ReplaceAll(in.Participants, "\r\n", "\n"))
	in.Summary = strings.TrimSpace(strings.ReplaceAll(in.Summary, "\r\n", "\n"))
	var p Problems
	p.Add(in.Title == "" || utf8.RuneCountInString(in.Title) > maxCaseTitle, "exchange.title_invalid", maxCaseTitle)
	p.Add(in.HeldOn.IsZero(), "exchange.date_required")
	p.Add(in.Place == "" || utf8.RuneCountInString(in.Place) > maxPlace, "exchange.place_invalid", maxPlace)
	p.Add(utf8.RuneCountInString(in.Participants) > maxPeople, "exchange.participants_too_long", maxPeople)
	p.Add(utf8.RuneCountInString(in.Summary) > maxCaseText, "exchange.summary_too_long", maxCaseText)
	p.AddErr(checkText(in.Title + in.Place + in.Participants + in.Summary))
	return p.Err()
}

// ExchangeFilter narrows an exchange list: OrgID keeps one organiser's
// (a bureau's own, set by the service).
type ExchangeFilter struct {
	OrgID int64
}
