package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The calendar's administration (/admin/calendar): an admin amends a
// year's published schedule or adds the next one, as lines of text in the
// notice's own terms ("2026-02-15~2026-02-23 休 春节"). Saving goes through
// a preview listing the open tasks whose deadlines the change moves; the
// preview runs the save's own transaction and rolls it back, and the save
// refuses a text that differs from the one previewed.

// calendarAdminPath is where the calendar's editor lives.
const calendarAdminPath = "/admin/calendar"

// maxScheduleLines bounds the editor's text: a year has a few dozen
// entries at most.
const maxScheduleLines = 200

// calendarEditData is the editor's content.
type calendarEditData struct {
	Year         int
	Exists       bool
	Source, Days string
	Digest       string // of the previewed schedule; "" before a preview
	Previewed    bool
	Moves        []deadlineMoveRow
	Flash, Error string
}

// deadlineMoveRow is one task whose deadline a change moves.
type deadlineMoveRow struct {
	TaskID      int64
	Title       string
	From, To    string
	Provisional bool
}

// handleCalendarEdit shows the editor of ?year (default: the year after
// the latest loaded one, to add it), filled with its schedule when loaded.
func (s *Server) handleCalendarEdit(c echo.Context) error {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermEditCalendar); err != nil {
		return err
	}
	years, err := s.deps.Calendar.Years(c.Request().Context(), a)
	if err != nil {
		return err
	}
	d := calendarEditData{Year: s.deps.Calendar.Now().In(s.deps.Location).Year() + 1}
	if len(years) > 0 {
		d.Year = years[len(years)-1].Year + 1
	}
	if v := c.QueryParam("year"); v != "" {
		if d.Year, err = strconv.Atoi(v); err != nil {
			return domain.Invalid("request.param_invalid", "year")
		}
	}
	for _, y := range years {
		if y.Year == d.Year {
			d.Exists, d.Source, d.Days = true, y.Source, formatSchedule(y)
		}
	}
	if c.QueryParam("done") == "saved" {
		d.Flash = s.localizer(c).T("web.admin.calendar.saved", d.Year)
	}
	return s.render(c, http.StatusOK, "admin_calendar", s.newPage(c, "web.admin.title.calendar", d))
}

// handleCalendarSubmit previews (action=preview) or saves (action=save)
// the edited schedule. A save must carry the digest of its preview.
func (s *Server) handleCalendarSubmit(c echo.Context) error {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermEditCalendar); err != nil {
		return err
	}
	d := calendarEditData{Source: strings.TrimSpace(c.FormValue("source")), Days: c.FormValue("days")}
	sched, moves, err := s.previewSchedule(c, &d)
	if err != nil {
		status, msg, ok := s.accountError(c, err)
		if !ok {
			return err
		}
		d.Error = msg
		return s.render(c, status, "admin_calendar", s.newPage(c, "web.admin.title.calendar", d))
	}
	digest := scheduleDigest(sched)
	if save := c.FormValue("action") == "save"; save && c.FormValue("digest") == digest {
		if err := s.deps.Calendar.PutYear(c.Request().Context(), a, sched); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, calendarAdminPath+"?year="+strconv.Itoa(sched.Year)+"&done=saved")
	} else if save {
		d.Error = s.localizer(c).T("web.admin.calendar.changed")
	}
	d.Days, d.Digest, d.Previewed = formatSchedule(sched), digest, true
	for _, m := range moves {
		d.Moves = append(d.Moves, deadlineMoveRow{TaskID: m.Task.ID, Title: m.Task.Title, From: m.Task.Due.String(),
			To: m.Due.String(), Provisional: m.Provisional})
	}
	return s.render(c, http.StatusOK, "admin_calendar", s.newPage(c, "web.admin.title.calendar", d))
}

// previewSchedule reads the form's year and lines into a schedule and
// previews it: the deadlines saving it would move.
func (s *Server) previewSchedule(c echo.Context, d *calendarEditData) (calendar.Year, []domain.DeadlineMove, error) {
	y, err := strconv.Atoi(strings.TrimSpace(c.FormValue("year")))
	if err != nil {
		return calendar.Year{}, nil, domain.Invalid("calendar.year_invalid", c.FormValue("year"))
	}
	d.Year = y
	sched, err := parseSchedule(y, d.Source, d.Days)
	if err != nil {
		return sched, nil, err
	}
	moves, err := s.deps.Calendar.PreviewYear(c.Request().Context(), actorOf(c), sched)
	return sched, moves, err
}

// scheduleDigest names a schedule's content, so that a save can tell it
// is the one previewed.
func scheduleDigest(y calendar.Year) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(y.Year) + "\n" + y.Source + "\n" + formatSchedule(y)))
	return hex.EncodeToString(sum[:])
}

// Day kinds as the editor writes them; the English words are read too.
var scheduleKinds = map[string]calendar.Kind{"休": calendar.Holiday, "班": calendar.Workday,
	"holiday": calendar.Holiday, "workday": calendar.Workday}

// formatSchedule writes a schedule as the editor's lines, in date order,
// runs of consecutive days of one kind and name as a range.
func formatSchedule(y calendar.Year) string {
	days := slices.Clone(y.Days)
	slices.SortFunc(days, func(a, b calendar.Day) int { return a.Date.Compare(b.Date) })
	var b strings.Builder
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && days[j].Date.AddDays(1) == days[j+1].Date && days[j+1].Kind == days[i].Kind &&
			days[j+1].Name == days[i].Name && days[j+1].NameEn == days[i].NameEn {
			j++
		}
		b.WriteString(days[i].Date.String())
		if j > i {
			b.WriteString("~" + days[j].Date.String())
		}
		kind := "休"
		if days[i].Kind == calendar.Workday {
			kind = "班"
		}
		b.WriteString(" " + kind + " " + days[i].Name)
		if days[i].NameEn != "" {
			b.WriteString(" | " + days[i].NameEn)
		}
		b.WriteString("\n")
		i = j + 1
	}
	return b.String()
}

// parseSchedule reads the editor's lines into year's schedule, reporting
// the first wrong line by its number.
func parseSchedule(year int, source, text string) (calendar.Year, error) {
	y := calendar.Year{Year: year, Source: source}
	if year < 2000 || year > 2100 {
		return y, domain.Invalid("calendar.year_invalid", year)
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) > maxScheduleLines {
		return y, domain.Invalid("web.admin.calendar.too_many_lines", maxScheduleLines)
	}
	seen := map[calendar.Date]int{}
	for i, line := range lines {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return y, domain.Invalid("web.admin.calendar.line_short", n)
		}
		from, to, ok := parseDateRange(f[0])
		if !ok {
			return y, domain.Invalid("web.admin.calendar.line_date", n, f[0])
		}
		kind, ok := scheduleKinds[strings.ToLower(f[1])]
		if !ok {
			return y, domain.Invalid("web.admin.calendar.line_kind", n, f[1])
		}
		name, en, _ := strings.Cut(strings.Join(f[2:], " "), "|")
		name, en = strings.TrimSpace(name), strings.TrimSpace(en)
		if name == "" || len([]rune(name)) > 50 || len(en) > 100 {
			return y, domain.Invalid("web.admin.calendar.line_name", n)
		}
		for d := from; !d.After(to); d = d.AddDays(1) {
			wd := d.Weekday()
			switch {
			case d.Year != year:
				return y, domain.Invalid("web.admin.calendar.line_year", n, d.String(), year)
			case kind == calendar.Workday && wd != time.Saturday && wd != time.Sunday:
				return y, domain.Invalid("web.admin.calendar.line_weekend", n, d.String())
			case seen[d] != 0:
				return y, domain.Invalid("web.admin.calendar.line_duplicate", n, d.String(), seen[d])
			}
			seen[d] = n
			y.Days = append(y.Days, calendar.Day{Date: d, Kind: kind, Name: name, NameEn: en})
		}
	}
	return y, nil
}

// parseDateRange reads "2026-10-01" or "2026-10-01~2026-10-08" (at most
// 31 days, in order).
func parseDateRange(s string) (from, to calendar.Date, ok bool) {
	a, b, isRange := strings.Cut(s, "~")
	from, err := calendar.ParseDate(a)
	if err != nil {
		return from, to, false
	}
	to = from
	if isRange {
		if to, err = calendar.ParseDate(b); err != nil || to.Before(from) || daysBetween(from, to) > 31 {
			return from, to, false
		}
	}
	return from, to, true
}
