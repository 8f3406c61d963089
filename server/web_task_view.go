package server

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// This file holds what the task and hot-spot pages share: the names of
// organisations and communities, the localized words of the workflow, the
// traffic light, and the parsing of form values.

// directory is the catalogue a task page names things from, read once per
// request: a few hundred rows in one or two queries.
type directory struct {
	lang   string
	orgs   []domain.Organization
	byOrg  map[int64]domain.Organization
	comms  []domain.Community
	byComm map[int64]domain.Community
}

// directory reads every organisation and community a may see.
func (s *Server) directory(ctx context.Context, a domain.Actor, lang string) (*directory, error) {
	d := &directory{lang: lang, byOrg: map[int64]domain.Organization{}, byComm: map[int64]domain.Community{}}
	var err error
	if d.orgs, err = listAll(func(p domain.Page) (domain.List[domain.Organization], error) {
		return s.deps.Catalog.Organizations(ctx, a, domain.OrgFilter{}, p)
	}); err != nil {
		return nil, err
	}
	if d.comms, err = listAll(func(p domain.Page) (domain.List[domain.Community], error) {
		return s.deps.Catalog.Communities(ctx, a, domain.CommunityFilter{}, p)
	}); err != nil {
		return nil, err
	}
	for _, o := range d.orgs {
		d.byOrg[o.ID] = o
	}
	for _, m := range d.comms {
		d.byComm[m.ID] = m
	}
	return d, nil
}

// listAll reads a paginated list to its end in the largest pages.
func listAll[T any](fetch func(domain.Page) (domain.List[T], error)) ([]T, error) {
	var out []T
	p := domain.Page{Limit: domain.MaxPageSize}
	for {
		l, err := fetch(p)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if l.Next == nil {
			return out, nil
		}
		p.After = *l.Next
	}
}

// org names an organisation in the page's language; an unknown ID (a
// catalogue row removed since) shows as its number.
func (d *directory) org(id int64) string {
	if o, ok := d.byOrg[id]; ok {
		return inLang(d.lang, o.Name, o.NameEn)
	}
	return "#" + strconv.FormatInt(id, 10)
}

// orgs names several organisations.
func (d *directory) orgNames(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = d.org(id)
	}
	return out
}

// community names a community; 0 is "".
func (d *directory) community(id int64) string {
	if id == 0 {
		return ""
	}
	if m, ok := d.byComm[id]; ok {
		return inLang(d.lang, m.Name, m.NameEn)
	}
	return "#" + strconv.FormatInt(id, 10)
}

// optGroup is a labelled group of choices: organisations by region.
type optGroup struct {
	Label   string
	Options []option
}

// orgGroups lists the active organisations by region, in the catalogue's
// region order, marking the selected ones.
func (d *directory) orgGroups(selected ...string) []optGroup {
	regions := regionOptions(d.lang, "")
	index := map[string]int{}
	var out []optGroup
	for _, r := range regions {
		index[r.Value] = len(out)
		out = append(out, optGroup{Label: r.Label})
	}
	for _, o := range d.orgs {
		if !o.Active {
			continue
		}
		i, ok := index[o.Region]
		if !ok {
			i = len(out)
			index[o.Region] = i
			out = append(out, optGroup{Label: o.Region})
		}
		v := strconv.FormatInt(o.ID, 10)
		out[i].Options = append(out[i].Options, option{Value: v, Label: inLang(d.lang, o.Name, o.NameEn),
			Selected: slices.Contains(selected, v)})
	}
	return slices.DeleteFunc(out, func(g optGroup) bool { return len(g.Options) == 0 })
}

// orgOptions lists the active organisations without groups (filters).
func (d *directory) orgOptions(selected string) []option {
	var out []option
	for _, g := range d.orgGroups(selected) {
		out = append(out, g.Options...)
	}
	return out
}

// communityOptions lists the active communities.
func (d *directory) communityOptions(selected string) []option {
	var out []option
	for _, m := range d.comms {
		if !m.Active {
			continue
		}
		v := strconv.FormatInt(m.ID, 10)
		out = append(out, option{Value: v, Label: inLang(d.lang, m.Name, m.NameEn), Selected: v == selected})
	}
	return out
}

// codeOptions lists codes with their labels from the catalog (prefix+code).
func codeOptions[T ~string](loc *Localizer, prefix string, codes []T, selected string) []option {
	out := make([]option, len(codes))
	for i, c := range codes {
		out[i] = option{Value: string(c), Label: loc.T(prefix + string(c)), Selected: string(c) == selected}
	}
	return out
}

// The codes the forms offer, in the order they are offered.
var (
	webPriorities    = []domain.Priority{domain.PriorityNormal, domain.PriorityHigh, domain.PriorityUrgent}
	webSources       = []domain.Source{domain.SourcePlan, domain.SourceMeeting, domain.SourceInstruction, domain.SourceOther}
	webSatisfactions = []domain.Satisfaction{domain.Satisfied, domain.BasicallySatisfied, domain.Unsatisfied}
)

// light is a task's traffic light: its deadline state and what it says.
type light struct {
	State string // on_track, due_soon, overdue or done: the CSS class
	Label string
}

func lightOf(loc *Localizer, d domain.TaskDetail) light {
	l := light{State: string(d.State), Label: loc.T("web.light." + string(d.State))}
	switch {
	case d.State == domain.Overdue && d.DaysOverdue == 1:
		l.Label = loc.T("web.light.overdue_one")
	case d.State == domain.Overdue:
		l.Label = loc.T("web.light.overdue_days", d.DaysOverdue)
	case d.State == "":
		l.State, l.Label = "", ""
	}
	return l
}

// fmtDay writes a civil date with its weekday: "2025-03-10（周一）".
func fmtDay(loc *Localizer, d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return loc.T("web.date.with_weekday", d.String(), loc.T("web.weekday."+strconv.Itoa(int(d.Weekday()))))
}

// fmtTime writes an instant in the configured zone to the minute.
func (s *Server) fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	zone := s.deps.Location
	if zone == nil {
		zone = time.Local
	}
	return t.In(zone).Format("2006-01-02 15:04")
}

// eventRow is one entry of a task's record as the page shows it.
type eventRow struct {
	At         string
	Actor      string
	Org        string // the actor's organisation, if any
	Channel    string
	Action     string
	ActionCode string
	Change     string // "已签收 → 办理中"; "" when the status stayed
	Note       string
	Internal   bool
	Files      []fileRow // an upload's file, with its link
}

func (s *Server) eventRows(loc *Localizer, dir *directory, events []domain.TaskEvent) []eventRow {
	out := make([]eventRow, len(events))
	for i, e := range events {
		r := eventRow{At: s.fmtTime(e.At), Actor: e.Actor, Channel: loc.T("web.channel." + string(e.Channel)),
			Action: loc.T("web.event." + e.Action), ActionCode: e.Action, Note: e.Note, Internal: e.Internal}
		if e.ActorID == 0 && e.Channel == domain.ChannelSystem {
			r.Actor = loc.T("web.event.system_actor")
		}
		if strings.HasPrefix(e.Action, domain.EventLadderPrefix) {
			r.Note = rungNote(loc, e.Note)
		}
		if e.ActorOrgID != 0 {
			r.Org = dir.org(e.ActorOrgID)
		}
		if e.From != "" && e.To != "" && e.From != e.To {
			r.Change = loc.T("web.task.status."+string(e.From)) + " → " + loc.T("web.task.status."+string(e.To))
		}
		out[i] = r
	}
	return out
}

// rungNote renders a ladder event's note — a rung ID ("remind-3",
// "urge+1"), for a skipped rung followed by the reason ("remind-1 stale") —
// as people say it: "到期前3个工作日提醒", "逾期1个工作日催办（已过期限，不再提醒）".
// A note it does not recognise is shown as it is.
func rungNote(loc *Localizer, note string) string {
	id, reason, _ := strings.Cut(note, " ")
	i := strings.LastIndexAny(id, "+-")
	if i <= 0 {
		return note
	}
	k, err := strconv.Atoi(id[i:])
	step := domain.LadderStep(id[:i])
	if err != nil || !slices.Contains(domain.LadderSteps(), step) {
		return note
	}
	name := loc.T("mail.step." + string(step))
	var out string
	switch {
	case k == -1:
		out = loc.T("web.rung.before_one", name)
	case k < 0:
		out = loc.T("web.rung.before", -k, name)
	case k == 0:
		out = loc.T("web.rung.on", name)
	case k == 1:
		out = loc.T("web.rung.after_one", name)
	default:
		out = loc.T("web.rung.after", k, name)
	}
	if reason != "" {
		out += loc.T("web.rung.reason", loc.T("web.rung.reason."+reason))
	}
	return out
}

// formError turns the error of a form submission into the status and the
// localized message to show above the form again. Errors a form cannot
// help with (not found, internal) are not handled: ok is false and the
// caller returns err to the error page.
func (s *Server) formError(c echo.Context, err error) (status int, msg string, ok bool) {
	f, known := classify(err)
	if !known || f.status != 400 && f.status != 403 && f.status != 409 {
		return 0, "", false
	}
	loc := s.localizer(c)
	prefix := "web.task."
	if strings.HasPrefix(f.key, "hotspot.") {
		prefix = "web.hotspot."
	}
	args := make([]any, len(f.args))
	for i, a := range f.args {
		args[i] = a
		if code, isStr := a.(string); isStr {
			args[i] = wordOf(loc, prefix, code)
		}
	}
	return f.status, loc.T(f.key, args...), true
}

// wordOf names an action or status code an error message carries, in the
// page's language; other values are left as they are.
func wordOf(loc *Localizer, prefix, code string) string {
	for _, kind := range []string{"action.", "status."} {
		if k := prefix + kind + code; loc.T(k) != k {
			return loc.T(k)
		}
	}
	return code
}

// flashOf returns the message of ?done=, the confirmation a page shows
// after a form redirected to it; "" for a value it does not know.
func flashOf(loc *Localizer, done string) string {
	if done == "" {
		return ""
	}
	if k := "web.task.action." + done; loc.T(k) != k {
		return loc.T("web.flash.action", loc.T(k))
	}
	if k := "web.flash." + done; loc.T(k) != k {
		return loc.T(k)
	}
	return ""
}

// deadlineInput is a deadline as a form gives it: N working days or a
// date, whichever is filled in (both is the domain's "ambiguous").
type deadlineInput struct {
	Days string
	Date string
}

func deadlineOf(c echo.Context) deadlineInput {
	return deadlineInput{Days: strings.TrimSpace(c.FormValue("due_days")), Date: strings.TrimSpace(c.FormValue("due_date"))}
}

func (in deadlineInput) parse() (date calendar.Date, days int, err error) {
	if in.Date != "" {
		if date, err = calendar.ParseDate(in.Date); err != nil {
			return date, 0, domain.Invalid("request.date_invalid", "due_date", in.Date)
		}
	}
	if in.Days != "" {
		if days, err = strconv.Atoi(in.Days); err != nil || days == 0 {
			days = -1 // not a number of days: the domain names the allowed range
		}
	}
	return date, days, nil
}

// formID reads an optional ID field: "" is 0, anything not a positive
// number is -1, which the domain reports as unknown.
func formID(v string) int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

// formIDs reads a repeated ID field, skipping empty values.
func formIDs(vs []string) []int64 {
	var out []int64
	for _, v := range vs {
		if id := formID(v); id != 0 {
			out = append(out, id)
		}
	}
	return out
}

// today is the civil date the task service judges deadlines on.
func (s *Server) today() calendar.Date {
	t := s.deps.Tasks
	return calendar.DateOf(t.Now(), t.Location)
}

// categoryOptions lists the service categories.
func categoryOptions(loc *Localizer, selected string) []option {
	return codeOptions(loc, "web.category.", domain.Categories(), selected)
}
