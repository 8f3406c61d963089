package mail

import (
	"net/url"
	"strconv"
	"strings"

	"xietong/domain"
)

// caseLine is one new typical case in the monthly report.
type caseLine struct {
	Seq       int
	Title     string
	Community string
	Place     string
	Bureau    string
	Published string
	Link      string // the case's public page, "" without a report link to build it on
}

// HasCases reports whether the report has the new-cases section: a
// monthly report with a case source (domain.Report.Cases).
func (v *reportView) HasCases() bool { return v.Cases != nil }

// CaseRows are the typical cases first published in the report's month,
// newest first.
func (v *reportView) CaseRows() []caseLine {
	if v.Cases == nil {
		return nil
	}
	en := v.Lang == LangEN
	out := make([]caseLine, 0, len(v.Cases.Items))
	for i, c := range v.Cases.Items {
		out = append(out, caseLine{Seq: i + 1, Title: oneLine(c.Title), Community: oneLine(c.Community),
			Place: domain.RegionName(c.CityCode, en), Bureau: oneLine(c.Bureau), Published: c.PublishedOn.String(),
			Link: v.caseLink(c.ID)})
	}
	return out
}

// caseLink is the public page of case id on the server the report's link
// points to: the report page's URL from /reports on replaced by
// /public/cases/ID, so a base URL with a path prefix keeps it.
func (v *reportView) caseLink(id int64) string {
	if v.Link == "" {
		return ""
	}
	u, err := url.Parse(v.Link)
	if err != nil {
		return ""
	}
	if i := strings.LastIndex(u.Path, "/reports"); i >= 0 {
		u.Path = u.Path[:i]
	}
	u.Path += "/public/cases/" + strconv.FormatInt(id, 10)
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
