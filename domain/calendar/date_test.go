package calendar

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// cst is China Standard Time; a fixed zone keeps the tests free of tzdata.
var cst = time.FixedZone("CST", 8*3600)

func TestNewDate(t *testing.T) {
	tests := []struct {
		name    string
		y       int
		m       time.Month
		d       int
		want    Date
		wantStr string
	}{
		{"plain", 2025, time.January, 24, Date{2025, 1, 24}, "2025-01-24"},
		{"day overflow", 2025, time.February, 29, Date{2025, 3, 1}, "2025-03-01"},
		{"leap day", 2028, time.February, 29, Date{2028, 2, 29}, "2028-02-29"},
		{"month overflow", 2025, 13, 1, Date{2026, 1, 1}, "2026-01-01"},
		{"day zero", 2025, time.March, 0, Date{2025, 2, 28}, "2025-02-28"},
		{"month zero", 2025, 0, 1, Date{2024, 12, 1}, "2024-12-01"},
		{"negative month", 2025, -13, 1, Date{2023, 11, 1}, "2023-11-01"},
		{"century not leap", 2100, time.February, 29, Date{2100, 3, 1}, "2100-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewDate(tt.y, tt.m, tt.d)
			if got != tt.want {
				t.Errorf("NewDate(%d, %d, %d) = %#v, want %#v", tt.y, tt.m, tt.d, got, tt.want)
			}
			if got.String() != tt.wantStr {
				t.Errorf("String() = %q, want %q", got.String(), tt.wantStr)
			}
		})
	}
}

// TestDayArithmeticAgreesWithTime checks the day-number conversions, AddDays
// and Weekday against the time package over ±2,000 years.
func TestDayArithmeticAgreesWithTime(t *testing.T) {
	for z := -1_000_000; z <= 1_000_000; z += 331 {
		tm := time.Unix(int64(z)*86400, 0).UTC()
		want := Date{tm.Year(), tm.Month(), tm.Day()}
		if got := fromDays(z); got != want {
			t.Fatalf("fromDays(%d) = %v, want %v", z, got, want)
		}
		if got := want.days(); got != z {
			t.Fatalf("%v.days() = %d, want %d", want, got, z)
		}
		if got := want.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", want, got, tm.Weekday())
		}
		if got, want2 := want.AddDays(400), DateOf(tm.AddDate(0, 0, 400), time.UTC); got != want2 {
			t.Fatalf("%v.AddDays(400) = %v, want %v", want, got, want2)
		}
		if got := NewDate(tm.Year(), tm.Month(), tm.Day()+45); got != DateOf(tm.AddDate(0, 0, 45), time.UTC) {
			t.Fatalf("NewDate(%v + 45 days) = %v", want, got)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Date
		wantErr string
	}{
		{"ok", "2025-01-24", Date{2025, 1, 24}, ""},
		{"leap day", "2028-02-29", Date{2028, 2, 29}, ""},
		{"year zero", "0000-01-01", Date{0, 1, 1}, ""},
		{"not a leap year", "2025-02-29", Date{}, "does not exist"},
		{"month 13", "2025-13-01", Date{}, "does not exist"},
		{"day 0", "2025-01-00", Date{}, "does not exist"},
		{"day 32", "2025-01-32", Date{}, "does not exist"},
		{"empty", "", Date{}, "want YYYY-MM-DD"},
		{"one-digit month", "2025-1-24", Date{}, "want YYYY-MM-DD"},
		{"slashes", "2025/01/24", Date{}, "want YYYY-MM-DD"},
		{"with time", "2025-01-24T00:00:00Z", Date{}, "want YYYY-MM-DD"},
		{"sign", "+025-01-24", Date{}, "want YYYY-MM-DD"},
		{"space", " 2025-1-24", Date{}, "want YYYY-MM-DD"},
		{"letters", "2025-0a-24", Date{}, "want YYYY-MM-DD"},
		{"full-width digits", "２０２５-01-24", Date{}, "want YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDate(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v, nil", tt.in, got, err, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestDateOfAndIn(t *testing.T) {
	// 16:30 UTC on the 24th is 00:30 on the 25th in Beijing.
	instant := time.Date(2025, 1, 24, 16, 30, 0, 0, time.UTC)
	if got, want := DateOf(instant, cst), (Date{2025, 1, 25}); got != want {
		t.Errorf("DateOf(%v, CST) = %v, want %v", instant, got, want)
	}
	if got, want := DateOf(instant, time.UTC), (Date{2025, 1, 24}); got != want {
		t.Errorf("DateOf(%v, UTC) = %v, want %v", instant, got, want)
	}
	d := Date{2025, 1, 25}
	got := d.In(cst)
	if want := time.Date(2025, 1, 25, 0, 0, 0, 0, cst); !got.Equal(want) || got.Location() != cst {
		t.Errorf("%v.In(CST) = %v, want %v", d, got, want)
	}
	if back := DateOf(got, cst); back != d {
		t.Errorf("DateOf(%v.In(CST), CST) = %v, want %v", d, back, d)
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name string
		a, b Date
		want int
	}{
		{"same", Date{2025, 1, 24}, Date{2025, 1, 24}, 0},
		{"day", Date{2025, 1, 24}, Date{2025, 1, 25}, -1},
		{"month beats day", Date{2025, 2, 1}, Date{2025, 1, 31}, 1},
		{"year beats month", Date{2024, 12, 31}, Date{2025, 1, 1}, -1},
		{"zero first", Date{}, Date{1, 1, 1}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Compare(tt.b); got != tt.want {
				t.Errorf("%v.Compare(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := tt.b.Compare(tt.a); got != -tt.want {
				t.Errorf("%v.Compare(%v) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
			if got := tt.a.Before(tt.b); got != (tt.want < 0) {
				t.Errorf("%v.Before(%v) = %v, want %v", tt.a, tt.b, got, tt.want < 0)
			}
			if got := tt.a.After(tt.b); got != (tt.want > 0) {
				t.Errorf("%v.After(%v) = %v, want %v", tt.a, tt.b, got, tt.want > 0)
			}
		})
	}
}

func TestIsZero(t *testing.T) {
	if !(Date{}).IsZero() {
		t.Error("Date{}.IsZero() = false, want true")
	}
	if (Date{2025, 1, 1}).IsZero() {
		t.Error("2025-01-01 IsZero() = true, want false")
	}
}

func TestText(t *testing.T) {
	type doc struct {
		Due  Date  `json:"due"`
		Was  Date  `json:"was"`
		Keys []int `json:"-"`
	}
	in := doc{Due: Date{2025, 1, 26}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"due":"2025-01-26","was":""}`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out.Due != in.Due || !out.Was.IsZero() {
		t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", b, out, err, in)
	}
	// A date map key, as reports use, round-trips too.
	m := map[Date]int{{2025, 10, 1}: 3}
	b, err = json.Marshal(m)
	if err != nil || string(b) != `{"2025-10-01":3}` {
		t.Errorf("json.Marshal(map) = %s, %v", b, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"2025-02-29"}`), &out); err == nil {
		t.Error("json.Unmarshal of 2025-02-29: got nil error")
	}
	if _, err := (Date{10000, 1, 1}).MarshalText(); err == nil {
		t.Error("MarshalText of year 10000: got nil error")
	}
}

// TestDateString: the hand-written form is fmt's "%04d-%02d-%02d" for every
// date, normalised or built by hand.
func TestDateString(t *testing.T) {
	ref := func(d Date) string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }
	for _, d := range []Date{{}, {2026, 12, 6}, {1, 1, 1}, {999, 9, 9}, {9999, 12, 31}, {10000, 1, 1}, {-1, 1, 1},
		{2026, 13, 40}, {2026, 0, 0}, {2026, 100, 5}, {2026, -1, 5}, {2026, 5, -3}, {2026, 5, 100}} {
		if got, want := d.String(), ref(d); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
		if got, want := string(d.Append([]byte("x"))), "x"+ref(d); got != want {
			t.Errorf("%#v: Append gives %q, want %q", d, got, want)
		}
	}
	for n := -800000; n < 3300000; n += 97 { // from before year 0 to after 9999
		d := fromDays(n)
		if got, want := d.String(), ref(d); got != want {
			t.Fatalf("%#v: %q, want %q", d, got, want)
		}
		if n%(97*1000) == 0 && string(d.Append([]byte("x"))) != "x"+ref(d) {
			t.Fatalf("%#v: Append differs from String", d)
		}
	}
}

// BenchmarkDateString: a page of 50 tasks writes two or three dates each.
func BenchmarkDateString(b *testing.B) {
	d := NewDate(2026, time.December, 6)
	for b.Loop() {
		_ = d.String()
	}
}
