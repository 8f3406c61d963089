package calendar

import (
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// lunarNames maps lunar-go's names for holiday periods to the notices'.
var lunarNames = map[string]string{
	"元旦节":  "元旦",
	"国庆中秋": "国庆节、中秋节",
}

// TestOfficialAgreesWithLunarGo cross-checks every day of the shipped years
// against the independent dataset in github.com/6tail/lunar-go: the same days
// off, the same weekend days worked, under the same holiday names.
func TestOfficialAgreesWithLunarGo(t *testing.T) {
	years := Official()
	days := make(map[Date]Day)
	for _, y := range years {
		for _, day := range y.Days {
			days[day.Date] = day
		}
	}
	cal := New(years...)
	first, last := d(years[0].Year, 1, 1), d(years[len(years)-1].Year, 12, 31)
	checked := 0
	for day := first; !day.After(last); day = day.AddDays(1) {
		checked++
		h := HolidayUtil.GetHolidayByYmd(day.Year, int(day.Month), day.Day)
		ours, listed := days[day]
		switch {
		case h == nil && listed:
			t.Errorf("%v: we list %s %q, lunar-go lists nothing", day, ours.Kind, ours.Name)
		case h != nil && !listed:
			t.Errorf("%v: lunar-go lists %v, we list nothing", day, h)
		case h != nil:
			wantKind := Holiday
			if h.IsWork() {
				wantKind = Workday
			}
			wantName := h.GetName()
			if n, ok := lunarNames[wantName]; ok {
				wantName = n
			}
			if ours.Kind != wantKind || ours.Name != wantName {
				t.Errorf("%v: we list %s %q, lunar-go %s %q", day, ours.Kind, ours.Name, wantKind, wantName)
			}
		}
		wd := day.Weekday()
		wantWorking := wd != time.Saturday && wd != time.Sunday
		if h != nil {
			wantWorking = h.IsWork()
		}
		if got := cal.IsWorkingDay(day); got != wantWorking {
			t.Errorf("IsWorkingDay(%v) = %v, lunar-go says %v", day, got, wantWorking)
		}
	}
	if checked != 365*3 {
		t.Errorf("checked %d days, want %d", checked, 365*3)
	}
}
