package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// calendarYear is one loaded schedule as the calendar page shows it.
type calendarYear struct {
	Year    int
	Source  string
	Periods []holidayPeriod
}

// holidayPeriod is one holiday of a year: the days off, as ranges, and the
// weekend days worked to make up for them (调休).
type holidayPeriod struct {
	Name     string
	Off      string
	OffCount int
	CountKey string // the catalog key that counts OffCount: one day or several
	Workdays []string
}

// calendarPageData is the calendar page's content.
type calendarPageData struct {
	Years []calendarYear
	// CanEdit links an admin to the editor of each year and of a new one.
	CanEdit bool
}

// handleCalendarPage shows the loaded years with their holidays and 调休
// working days.
func (s *Server) handleCalendarPage(c echo.Context) error {
	years, err := s.deps.Calendar.Years(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := calendarPageData{CanEdit: domain.Allowed(actorOf(c), domain.PermEditCalendar)}
	for _, y := range years {
		d.Years = append(d.Years, calendarYearOf(loc, y))
	}
	return s.render(c, http.StatusOK, "calendar", s.newPage(c, "web.title.calendar", d))
}

// calendarYearOf groups a schedule's days by holiday, in date order.
func calendarYearOf(loc *Localizer, y calendar.Year) calendarYear {
	days := slices.Clone(y.Days)
	slices.SortFunc(days, func(a, b calendar.Day) int { return a.Date.Compare(b.Date) })
	out := calendarYear{Year: y.Year, Source: y.Source}
	index := map[string]int{}
	var off [][]calendar.Date
	for _, d := range days {
		i, seen := index[d.Name]
		if !seen {
			i = len(out.Periods)
			index[d.Name] = i
			out.Periods = append(out.Periods, holidayPeriod{Name: inLang(loc.Lang, d.Name, d.NameEn)})
			off = append(off, nil)
		}
		if d.Kind == calendar.Workday {
			w := loc.T("web.calendar.workday", fmtDate(loc, d.Date), loc.T("web.weekday."+strconv.Itoa(int(d.Date.Weekday()))))
			out.Periods[i].Workdays = append(out.Periods[i].Workdays, w)
		} else {
			off[i] = append(off[i], d.Date)
		}
	}
	for i := range out.Periods {
		out.Periods[i].Off = dateRanges(loc, off[i])
		out.Periods[i].OffCount = len(off[i])
		out.Periods[i].CountKey = "web.calendar.days"
		if len(off[i]) == 1 {
			out.Periods[i].CountKey = "web.calendar.day"
		}
	}
	return out
}

// dateRanges writes sorted dates as runs of consecutive days:
// "1月28日 至 2月4日、2月10日".
func dateRanges(loc *Localizer, ds []calendar.Date) string {
	var parts []string
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && ds[j].AddDays(1) == ds[j+1] {
			j++
		}
		if i == j {
			parts = append(parts, fmtDate(loc, ds[i]))
		} else {
			parts = append(parts, loc.T("web.calendar.range", fmtDate(loc, ds[i]), fmtDate(loc, ds[j])))
		}
		i = j + 1
	}
	return strings.Join(parts, loc.T("web.calendar.sep"))
}

// fmtDate writes a day of the year with the catalog's layout ("1月2日", "2 Jan").
func fmtDate(loc *Localizer, d calendar.Date) string {
	return d.In(time.UTC).Format(loc.T("web.calendar.date_layout"))
}
