package calendar

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"
)

// d is shorthand for a date in test tables.
func d(y int, m time.Month, day int) Date { return Date{y, m, day} }

func TestIsWorkingDay(t *testing.T) {
	cal := New(Official()...)
	tests := []struct {
		name string
		day  Date
		want bool
	}{
		{"ordinary Friday", d(2025, 1, 24), true},
		{"ordinary Saturday", d(2025, 1, 25), false},
		{"调休 Sunday before Spring Festival", d(2025, 1, 26), true},
		{"Spring Festival Tuesday", d(2025, 1, 28), false},
		{"Spring Festival Saturday", d(2025, 2, 1), false},
		{"first day back", d(2025, 2, 5), true},
		{"调休 Saturday after Spring Festival", d(2025, 2, 8), true},
		{"National Day Wednesday", d(2025, 10, 8), false},
		{"New Year 2026 Friday", d(2026, 1, 2), false},
		{"调休 Sunday 2026-01-04", d(2026, 1, 4), true},
		{"Mid-Autumn 2027 Wednesday", d(2027, 9, 15), false},
		{"unloaded 2030 National Day counts as Tuesday", d(2030, 10, 1), true},
		{"unloaded 2030 Saturday", d(2030, 10, 5), false},
		{"unloaded 2024 Spring Festival counts as Monday", d(2024, 2, 12), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.IsWorkingDay(tt.day); got != tt.want {
				t.Errorf("IsWorkingDay(%v) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	cal := New(Official()...)
	tests := []struct {
		name            string
		start           Date
		n               int
		want            Date
		wantProvisional bool
	}{
		{"Friday before a 调休 Sunday", d(2025, 1, 24), 1, d(2025, 1, 26), false},
		{"Saturday before a 调休 Sunday", d(2025, 1, 25), 1, d(2025, 1, 26), false},
		{"into Spring Festival 2025", d(2025, 1, 27), 1, d(2025, 2, 5), false},
		{"across Spring Festival 2025", d(2025, 1, 24), 5, d(2025, 2, 7), false},
		{"to the 调休 Saturday after it", d(2025, 1, 24), 6, d(2025, 2, 8), false},
		{"assigned during the holiday", d(2025, 2, 1), 1, d(2025, 2, 5), false},
		{"Friday before a 调休 Saturday, 2026", d(2026, 2, 13), 1, d(2026, 2, 14), false},
		{"across Spring Festival 2026", d(2026, 2, 14), 1, d(2026, 2, 24), false},
		{"5 working days across Spring Festival 2026", d(2026, 2, 13), 5, d(2026, 2, 27), false},
		{"to the 调休 Saturday 2026-02-28", d(2026, 2, 13), 6, d(2026, 2, 28), false},
		{"before National Day 2025", d(2025, 9, 26), 1, d(2025, 9, 28), false},
		{"across National Day 2025", d(2025, 9, 29), 3, d(2025, 10, 10), false},
		{"to the 调休 Saturday 2025-10-11", d(2025, 9, 29), 4, d(2025, 10, 11), false},
		{"across National Day 2026", d(2026, 9, 30), 1, d(2026, 10, 8), false},
		{"across the new year 2025-2026", d(2025, 12, 31), 1, d(2026, 1, 4), false},
		{"a whole year, long span", d(2024, 12, 31), 248, d(2025, 12, 31), false},
		{"three whole years", d(2024, 12, 31), 3 * 248, d(2027, 12, 31), false},
		{"three years and one day", d(2024, 12, 31), 3*248 + 1, d(2028, 1, 3), true},
		{"into unloaded 2028", d(2027, 12, 31), 1, d(2028, 1, 3), true},
		{"counted day in unloaded 2024", d(2024, 12, 30), 1, d(2024, 12, 31), true},
		{"start in unloaded 2024 is not counted", d(2024, 12, 31), 1, d(2025, 1, 2), false},
		{"unloaded 2030: Monday to Friday", d(2030, 1, 4), 5, d(2030, 1, 11), true},
		{"unloaded 2030 National Day", d(2030, 9, 30), 1, d(2030, 10, 1), true},
		{"unloaded 2030, long span", d(2029, 12, 31), 261, d(2030, 12, 31), true},
		{"n = 0", d(2025, 1, 24), 0, d(2025, 1, 24), false},
		{"n = 0 in an unloaded year", d(2030, 1, 5), 0, d(2030, 1, 5), false},
		{"negative n", d(2025, 1, 24), -3, d(2025, 1, 24), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, prov := cal.AddWorkingDays(tt.start, tt.n)
			if got != tt.want || prov != tt.wantProvisional {
				t.Errorf("AddWorkingDays(%v, %d) = %v, %v; want %v, %v", tt.start, tt.n, got, prov, tt.want, tt.wantProvisional)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := New(Official()...)
	tests := []struct {
		name string
		a, b Date
		want int
	}{
		{"same day", d(2025, 1, 24), d(2025, 1, 24), 0},
		{"Friday to 调休 Sunday", d(2025, 1, 24), d(2025, 1, 26), 1},
		{"one overdue working day", d(2025, 1, 26), d(2025, 1, 27), 1},
		{"overdue across Spring Festival 2025", d(2025, 1, 27), d(2025, 2, 10), 5},
		{"left across Spring Festival 2025, backwards", d(2025, 2, 10), d(2025, 1, 27), -5},
		{"inside a holiday", d(2025, 10, 1), d(2025, 10, 8), 0},
		{"across National Day 2026", d(2026, 9, 18), d(2026, 10, 12), 12},
		{"across the new year", d(2025, 12, 30), d(2026, 1, 5), 3},
		{"across the new year, backwards", d(2026, 1, 5), d(2025, 12, 30), -3},
		{"year 2025", d(2024, 12, 31), d(2025, 12, 31), 248},
		{"years 2025-2027", d(2024, 12, 31), d(2027, 12, 31), 744},
		{"years 2025-2027, backwards", d(2027, 12, 31), d(2024, 12, 31), -744},
		{"unloaded year 2030", d(2029, 12, 31), d(2030, 12, 31), 261},
		{"unloaded 2024 and loaded 2025", d(2023, 12, 31), d(2025, 12, 31), 262 + 248},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
				t.Errorf("WorkingDaysBetween(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestNextWorkingDay(t *testing.T) {
	cal := New(Official()...)
	tests := []struct {
		name string
		day  Date
		want Date
	}{
		{"working day itself", d(2025, 1, 24), d(2025, 1, 24)},
		{"Saturday to 调休 Sunday", d(2025, 1, 25), d(2025, 1, 26)},
		{"first day of Spring Festival", d(2025, 1, 28), d(2025, 2, 5)},
		{"ordinary weekend", d(2025, 3, 1), d(2025, 3, 3)},
		{"New Year 2027 weekend", d(2027, 1, 1), d(2027, 1, 4)},
		{"unloaded 2030 weekend", d(2030, 10, 5), d(2030, 10, 7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.NextWorkingDay(tt.day); got != tt.want {
				t.Errorf("NextWorkingDay(%v) = %v, want %v", tt.day, got, tt.want)
			}
		})
	}
}

func TestLoadedAndYears(t *testing.T) {
	official := Official()
	cal := New(official[2], official[0]) // 2027 and 2025, not 2026
	for year, want := range map[int]bool{2024: false, 2025: true, 2026: false, 2027: true, 2030: false} {
		if got := cal.Loaded(year); got != want {
			t.Errorf("Loaded(%d) = %v, want %v", year, got, want)
		}
	}
	years := cal.Years()
	if len(years) != 2 || years[0].Year != 2025 || years[1].Year != 2027 {
		t.Fatalf("Years() = %d schedules, want 2025 and 2027 in order", len(years))
	}
	// A gap year is provisional even between loaded ones.
	if _, prov := cal.AddWorkingDays(d(2025, 12, 31), 1); !prov {
		t.Error("AddWorkingDays into unloaded 2026 is not provisional")
	}
	if got, _ := cal.AddWorkingDays(d(2025, 12, 31), 1); got != d(2026, 1, 1) {
		t.Errorf("AddWorkingDays(2025-12-31, 1) without 2026 = %v, want 2026-01-01", got)
	}
	// Neither the caller's input nor the result of Years() reaches the Calendar.
	official[0].Days[0].Kind = Workday // 2025-01-01
	years[0].Days[0].Kind = Workday
	years[0].Days = nil
	if cal.IsWorkingDay(d(2025, 1, 1)) || cal.Years()[0].Days[0].Kind != Holiday {
		t.Error("changing New's input or Years' result changed the Calendar")
	}
}

func TestNewTolerance(t *testing.T) {
	first := Year{Year: 2025, Days: []Day{{Date: d(2025, 3, 3), Kind: Holiday}}}
	second := Year{Year: 2025, Days: []Day{
		{Date: d(2025, 3, 4), Kind: Holiday},
		{Date: d(2026, 3, 3), Kind: Holiday},  // outside its year: ignored
		{Date: d(2025, 2, 30), Kind: Holiday}, // no such date: ignored
		{Date: d(2025, 3, 5), Kind: "off"},    // unknown kind: ignored
		{Date: d(2025, 3, 6), Kind: Workday},  // a Thursday: already working
		{Date: d(2025, 3, 8), Kind: Holiday},  // a Saturday: already off
		{Date: d(2025, 3, 9), Kind: Workday},  // a Sunday: now working
		{Date: d(2025, 3, 10), Kind: Holiday}, // listed twice, still one day off
		{Date: d(2025, 3, 10), Kind: Holiday},
	}}
	cal := New(first, second)
	for day, want := range map[Date]bool{
		d(2025, 3, 3): true, d(2025, 3, 4): false, d(2026, 3, 3): true, d(2025, 3, 2): false,
		d(2025, 3, 5): true, d(2025, 3, 6): true, d(2025, 3, 8): false, d(2025, 3, 9): true, d(2025, 3, 10): false,
	} {
		if got := cal.IsWorkingDay(day); got != want {
			t.Errorf("IsWorkingDay(%v) = %v, want %v", day, got, want)
		}
	}
	if got := cal.WorkingDaysBetween(d(2025, 3, 2), d(2025, 3, 16)); got != 9 {
		t.Errorf("WorkingDaysBetween(2025-03-02, 2025-03-16) = %d, want 9", got)
	}
	if len(cal.Years()) != 1 {
		t.Errorf("Years() has %d schedules, want 1", len(cal.Years()))
	}
}

// naive answers the same questions one day at a time, straight from the
// schedules and the time package.
type naive struct {
	kinds  map[Date]Kind
	loaded map[int]bool
}

func newNaive(years ...Year) naive {
	n := naive{kinds: map[Date]Kind{}, loaded: map[int]bool{}}
	for _, y := range years {
		n.loaded[y.Year] = true
		for _, day := range y.Days {
			n.kinds[day.Date] = day.Kind
		}
	}
	return n
}

func (n naive) working(day Date) bool {
	if k, ok := n.kinds[day]; ok {
		return k == Workday
	}
	wd := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func (n naive) next(day Date) Date {
	t := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	return Date{t.Year(), t.Month(), t.Day()}
}

func (n naive) add(start Date, k int) (Date, bool) {
	day, prov := start, false
	for k > 0 {
		day = n.next(day)
		prov = prov || !n.loaded[day.Year]
		if n.working(day) {
			k--
		}
	}
	return day, prov
}

func (n naive) between(a, b Date) int {
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	count := 0
	for day := a; day.Before(b); {
		day = n.next(day)
		if n.working(day) {
			count++
		}
	}
	return sign * count
}

// TestAgainstNaive compares the arithmetic with a day-by-day count on random
// dates, on the shipped schedules and on a calendar with a gap year.
func TestAgainstNaive(t *testing.T) {
	official := Official()
	sets := []struct {
		name  string
		years []Year
	}{
		{"official", official},
		{"2025 and 2027 only", []Year{official[0], official[2]}},
		{"none", nil},
	}
	rng := rand.New(rand.NewPCG(2025, 1))
	origin := d(2023, 6, 1)
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			cal, ref := New(set.years...), newNaive(set.years...)
			for range 2000 {
				start := origin.AddDays(rng.IntN(6 * 365))
				n := rng.IntN(700)
				if rng.IntN(2) == 0 {
					n = rng.IntN(2 * linearMax)
				}
				got, gotProv := cal.AddWorkingDays(start, n)
				want, wantProv := ref.add(start, n)
				if got != want || gotProv != wantProv {
					t.Fatalf("AddWorkingDays(%v, %d) = %v, %v; want %v, %v", start, n, got, gotProv, want, wantProv)
				}
				other := origin.AddDays(rng.IntN(6 * 365))
				if got, want := cal.WorkingDaysBetween(start, other), ref.between(start, other); got != want {
					t.Fatalf("WorkingDaysBetween(%v, %v) = %d, want %d", start, other, got, want)
				}
				if got, want := cal.IsWorkingDay(start), ref.working(start); got != want {
					t.Fatalf("IsWorkingDay(%v) = %v, want %v", start, got, want)
				}
			}
		})
	}
}

// TestConcurrentUse lets the race detector watch readers share a Calendar.
func TestConcurrentUse(t *testing.T) {
	cal := New(Official()...)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			start := d(2025, 1, 1).AddDays(g * 37)
			for i := range 500 {
				end, _ := cal.AddWorkingDays(start, i%40)
				_ = cal.WorkingDaysBetween(start, end)
				_ = cal.NextWorkingDay(end)
				_ = cal.Loaded(end.Year)
				_ = cal.Years()
			}
		})
	}
	wg.Wait()
}

var sink Date

func BenchmarkAddWorkingDays(b *testing.B) {
	cal := New(Official()...)
	for _, n := range []int{5, 30, 300} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			start := d(2025, 1, 1)
			for i := 0; b.Loop(); i++ {
				sink, _ = cal.AddWorkingDays(start.AddDays(i%1000), n)
			}
		})
	}
}

var sinkInt int

func BenchmarkWorkingDaysBetween(b *testing.B) {
	cal := New(Official()...)
	for _, span := range []int{10, 365, 3650} {
		b.Run("span="+strconv.Itoa(span), func(b *testing.B) {
			start := d(2025, 1, 1)
			for i := 0; b.Loop(); i++ {
				a := start.AddDays(i % 1000)
				sinkInt = cal.WorkingDaysBetween(a, a.AddDays(span))
			}
		})
	}
}
