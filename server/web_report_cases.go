package server

import (
	"xietong/domain"
)

// reportCases is the report page's 本月新发布典型案例: the typical cases
// first published in a monthly report's month, each linked to its public
// page.
type reportCases struct {
	Items []reportCaseRow
}

// reportCaseRow is one new case on the report page.
type reportCaseRow struct {
	ID        int64
	Title     string
	Community string
	City      string
	Bureau    string
	Published string
	URL       string
}

// reportCasesOf is r's new cases for the page, nil when r has no such
// section (not a monthly report, or no case service).
func reportCasesOf(loc *Localizer, r domain.Report) *reportCases {
	if r.Cases == nil {
		return nil
	}
	out := &reportCases{}
	for _, c := range r.Cases.Items {
		out.Items = append(out.Items, reportCaseRow{ID: c.ID, Title: c.Title, Community: c.Community,
			City: domain.RegionName(c.CityCode, loc.Lang == "en"), Bureau: c.Bureau,
			Published: c.PublishedOn.String(), URL: publicCasePath(c.ID)})
	}
	return out
}

// reportCaseJSON is a new typical case in the report's JSON.
type reportCaseJSON struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Community   string `json:"community"`
	CityCode    string `json:"city_code"`
	Bureau      string `json:"bureau"`
	PublishedOn string `json:"published_on"`
	PublicURL   string `json:"public_url"`
}

// toReportCasesJSON is the report's new cases: nil (left out) when the
// report has no such section, an empty list for a month with none.
func toReportCasesJSON(s *domain.CaseSection) *[]reportCaseJSON {
	if s == nil {
		return nil
	}
	out := make([]reportCaseJSON, 0, len(s.Items))
	for _, c := range s.Items {
		out = append(out, reportCaseJSON{ID: c.ID, Title: c.Title, Community: c.Community, CityCode: c.CityCode,
			Bureau: c.Bureau, PublishedOn: c.PublishedOn.String(), PublicURL: publicCasePath(c.ID)})
	}
	return &out
}
