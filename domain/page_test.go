package domain

import "testing"

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{{ID: 1}, {Key: "2025-03-04", ID: 99}, {Key: "a\x00b", ID: 7}} {
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%q): got %+v, %v; want %+v", c.String(), got, err, c)
		}
	}
}

func TestNewPage(t *testing.T) {
	tests := []struct {
		name    string
		limit   int
		cursor  string
		want    int
		wantErr bool
	}{
		{"default", 0, "", DefaultPageSize, false},
		{"max", MaxPageSize, "", MaxPageSize, false},
		{"over max", MaxPageSize + 1, "", 0, true},
		{"negative", -1, "", 0, true},
		{"garbage cursor", 10, "!!!", 0, true},
		{"cursor without id", 10, Cursor{Key: "x"}.String()[:4], 0, true},
		{"good cursor", 10, Cursor{ID: 5}.String(), 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPage(tt.limit, tt.cursor)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err: got %v, want error %v", err, tt.wantErr)
			}
			if err == nil && p.Limit != tt.want {
				t.Errorf("limit: got %d, want %d", p.Limit, tt.want)
			}
		})
	}
}

func TestPaginate(t *testing.T) {
	rows := []int{1, 2, 3, 4}
	id := func(i int) Cursor { return Cursor{ID: int64(i)} }
	if l := Paginate(rows, 4, id); l.Next != nil || len(l.Items) != 4 {
		t.Errorf("exact page: got %d items, next %v; want 4, nil", len(l.Items), l.Next)
	}
	l := Paginate(rows, 3, id)
	if len(l.Items) != 3 || l.Next == nil || l.Next.ID != 3 {
		t.Errorf("short page: got %v next %v; want 3 items and next id 3", l.Items, l.Next)
	}
}
