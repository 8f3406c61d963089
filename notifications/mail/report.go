package mail

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"

	"xietong/domain"
)

// ReportOptions is what the report mail needs besides the report itself.
type ReportOptions struct {
	// Period is domain.ReportWeekly or domain.ReportMonthly for the regular
	// reports; any other value ("") is a report on demand, whose subject
	// names no period.
	Period        string
	RecipientName string // for the greeting; "" greets no one by name
	// Link is the absolute http(s) URL of the report page; any other value
	// is left out.
	Link string
	// TaskListOmitted says the attached workbook leaves out the raw task
	// list, to keep the mail within size limits; the mail says where the
	// full workbook is.
	TaskListOmitted bool
}

// maxOverdueShown is how many overdue tasks the mail lists; the workbook
// attached to it lists them all.
const maxOverdueShown = 20

// RenderReport produces the supervision report mail (督查通报, kind
// domain.MailSupervisionReport) of rep in lang (see NormalizeLang): a
// subject naming the period and scope, and text and HTML parts with the
// total figures, the ranking by on-time closure rate (with a bar per
// organisation drawn with table cells, since mail clients show no images or
// scripts), the longest-overdue tasks, and the hot-spot figures and campaign
// progress when rep has them. Every figure comes from rep as
// domain.BuildReport made it; a rate with no data is written as such, never as 0%. The mail says
// the full workbook is attached: the caller attaches it (notifications/xlsx)
// with Build. The message is not replyable.
func (r *Renderer) RenderReport(rep domain.Report, lang string, o ReportOptions) (Rendered, error) {
	lang = NormalizeLang(lang)
	v := newReportView(rep, lang, o, r.catalogs[lang])
	subject, err := v.T("report.subject")
	if err != nil {
		return Rendered{}, fmt.Errorf("mail: render report subject: %w", err)
	}
	v.Subject = oneLine(subject)
	var text, html bytes.Buffer
	if err := r.report.text.ExecuteTemplate(&text, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render report text: %w", err)
	}
	if err := r.report.html.ExecuteTemplate(&html, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("mail: render report html: %w", err)
	}
	return Rendered{Subject: v.Subject, Text: tidyText(text.Bytes()), HTML: tidyHTML(html.Bytes())}, nil
}

// reportView is what the report templates and the report.* messages see:
// the report, with methods that put its figures into words. It offers the
// names the shared layout and partials use (T, Lang, Subject,
// RecipientName, Link, LinkLabel, Why, Replyable).
type reportView struct {
	domain.Report
	Lang          string
	Subject       string
	Period        string
	RecipientName string
	Link          string
	Partial       bool     // the attachment lacks the raw task list
	sections      []string // the sections shown, in order, for numbering
	cat           catalog
}

func newReportView(rep domain.Report, lang string, o ReportOptions, cat catalog) *reportView {
	v := &reportView{Report: rep, Lang: lang, Period: o.Period, RecipientName: oneLine(o.RecipientName),
		Link: o.Link, Partial: o.TaskListOmitted, cat: cat}
	v.Scope = oneLine(v.Scope)
	if u, err := url.Parse(v.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.Link = ""
	}
	// The progress to the campaign's target follows the headline figures;
	// what the pilots still owe follows the ranking.
	v.sections = []string{"overview"}
	if v.Progress != nil {
		v.sections = append(v.sections, "progress")
	}
	v.sections = append(v.sections, "ranking")
	if v.Pilots != nil {
		v.sections = append(v.sections, "pilots")
	}
	v.sections = append(v.sections, "overdue")
	if v.HasHotspots() {
		v.sections = append(v.sections, "hotspots")
	}
	if v.HasCases() {
		v.sections = append(v.sections, "cases")
	}
	return v
}

// T renders catalog message key over v.
func (v *reportView) T(key string) (string, error) { return v.cat.text(key, v) }

// L is the report label key followed by the label separator ("办结：").
func (v *reportView) L(key string) (string, error) {
	l, err := v.T("report.label." + key)
	if err != nil {
		return "", err
	}
	sep, err := v.T("sep.label")
	return l + sep, err
}

// Label is the report label key (a column or figure name).
func (v *reportView) Label(key string) (string, error) { return v.T("report.label." + key) }

// Headline introduces the report.
func (v *reportView) Headline() (string, error) { return v.T("report.headline") }

// LinkLabel names what the link opens.
func (v *reportView) LinkLabel() (string, error) { return v.T("link.report") }

// Why says why the recipient receives the report.
func (v *reportView) Why() (string, error) { return v.T("footer.why.report") }

// Replyable is false: a reply to the report is applied to nothing.
func (v *reportView) Replyable() bool { return false }

// PeriodText names a regular report's period ("周报"), or is "".
func (v *reportView) PeriodText() (string, error) {
	switch v.Period {
	case domain.ReportWeekly, domain.ReportMonthly:
		return v.T("report.period." + v.Period)
	}
	return "", nil
}

// Heading is the numbered heading of section ("二、各单位按期办结率排名"),
// numbered among the sections shown.
func (v *reportView) Heading(section string) (string, error) {
	return v.numbered(section, "report.section."+section)
}

// numbered is the heading of section, numbered among the sections shown,
// with the title of catalog key titleKey.
func (v *reportView) numbered(section, titleKey string) (string, error) {
	num, err := v.T(fmt.Sprintf("report.numeral.%d", slices.Index(v.sections, section)+1))
	if err != nil {
		return "", err
	}
	title, err := v.T(titleKey)
	if err != nil {
		return "", err
	}
	return v.cat.text("report.heading", struct{ Numeral, Title string }{num, title})
}

// HasHotspots reports whether the report covers communities, and so has
// hot-spot figures.
func (v *reportView) HasHotspots() bool { return len(v.HotspotFigures) > 0 }
