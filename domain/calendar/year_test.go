package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	h := func(y, m, d int) Day { return Day{Date: Date{y, time.Month(m), d}, Kind: Holiday, Name: "春节"} }
	w := func(y, m, d int) Day { return Day{Date: Date{y, time.Month(m), d}, Kind: Workday, Name: "春节"} }
	tests := []struct {
		name string
		year Year
		want []string // substrings of the error, none for a valid year
	}{
		{"empty year", Year{Year: 2030}, nil},
		{"holiday on a weekend", Year{Year: 2025, Days: []Day{h(2025, 2, 1), h(2025, 2, 2)}}, nil},
		{"workday on Saturday and Sunday", Year{Year: 2025, Days: []Day{w(2025, 1, 26), w(2025, 2, 8)}}, nil},
		{"year zero", Year{Year: 0}, []string{"year 0 is outside 1-9999"}},
		{"year too large", Year{Year: 10000}, []string{"outside 1-9999"}},
		{"day in another year", Year{Year: 2025, Days: []Day{h(2024, 12, 31)}},
			[]string{`2025 schedule: day 1 (2024-12-31 holiday "春节"): not in 2025`}},
		{"duplicate date", Year{Year: 2025, Days: []Day{h(2025, 1, 28), w(2025, 1, 26), h(2025, 1, 28)}},
			[]string{"day 3 (2025-01-28 holiday", "already listed as day 1"}},
		{"same date as holiday and workday", Year{Year: 2025, Days: []Day{h(2025, 2, 8), w(2025, 2, 8)}},
			[]string{"day 2 (2025-02-08 workday", "already listed as day 1"}},
		{"workday on a weekday", Year{Year: 2025, Days: []Day{w(2025, 1, 27)}},
			[]string{"a workday must be a Saturday or Sunday, this is a Monday"}},
		{"unknown kind", Year{Year: 2025, Days: []Day{{Date: Date{2025, 1, 1}, Kind: "off"}}},
			[]string{`unknown kind "off", want "holiday" or "workday"`}},
		{"no such date", Year{Year: 2025, Days: []Day{h(2025, 2, 29)}}, []string{"2025-02-29", "no such date"}},
		{"no date", Year{Year: 2025, Days: []Day{{Kind: Holiday}}}, []string{"day 1", "no date"}},
		{"every problem is reported", Year{Year: 2025, Days: []Day{w(2025, 1, 27), h(2026, 1, 1), {Date: Date{2025, 3, 3}}}},
			[]string{"Monday", "not in 2025", `unknown kind ""`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.year.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error containing %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestOfficial(t *testing.T) {
	years := Official()
	if len(years) != 3 {
		t.Fatalf("len(Official()) = %d, want 3", len(years))
	}
	for i, y := range years {
		if y.Year != 2025+i {
			t.Errorf("Official()[%d].Year = %d, want %d", i, y.Year, 2025+i)
		}
		if err := y.Validate(); err != nil {
			t.Errorf("Official() %d: %v", y.Year, err)
		}
		if !strings.HasPrefix(y.Source, "国务院办公厅关于") {
			t.Errorf("Official() %d: Source = %q", y.Year, y.Source)
		}
		for j, d := range y.Days {
			if d.Name == "" || d.NameEn == "" {
				t.Errorf("Official() %v: unnamed day", d.Date)
			}
			if j > 0 && !y.Days[j-1].Date.Before(d.Date) {
				t.Errorf("Official() %d: %v listed after %v", y.Year, d.Date, y.Days[j-1].Date)
			}
		}
	}
	// Fresh copies: changing one result does not change the next.
	years[0].Days[0].Name = "changed"
	years[0].Days = years[0].Days[:1]
	if again := Official(); again[0].Days[0].Name != "元旦" || len(again[0].Days) == 1 {
		t.Errorf("Official() returned shared data: %+v", again[0].Days[0])
	}
}

// TestOfficialCounts pins the number of days off and worked per year, counted
// by hand from the notices, so that a slip in data.go shows.
func TestOfficialCounts(t *testing.T) {
	tests := []struct {
		year               int
		holidays, workdays int
		workingDays        int // Monday–Friday days, minus weekday holidays, plus workdays
	}{
		{2025, 28, 5, 261 - 18 + 5},
		{2026, 33, 6, 261 - 19 + 6},
		{2027, 29, 5, 261 - 18 + 5},
	}
	cal := New(Official()...)
	for _, tt := range tests {
		var y Year
		for _, o := range Official() {
			if o.Year == tt.year {
				y = o
			}
		}
		var holidays, workdays int
		for _, d := range y.Days {
			switch d.Kind {
			case Holiday:
				holidays++
			case Workday:
				workdays++
			}
		}
		if holidays != tt.holidays || workdays != tt.workdays {
			t.Errorf("%d: %d holidays and %d workdays, want %d and %d", tt.year, holidays, workdays, tt.holidays, tt.workdays)
		}
		got := cal.WorkingDaysBetween(Date{tt.year - 1, 12, 31}, Date{tt.year, 12, 31})
		if got != tt.workingDays {
			t.Errorf("%d: %d working days, want %d", tt.year, got, tt.workingDays)
		}
	}
}
