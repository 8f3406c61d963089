package server

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// oddStrings are strings whose JSON needs care: escapes, HTML-unsafe
// characters, invalid UTF-8, the JavaScript line separators, Chinese.
var oddStrings = []string{"", "a", "督办事项", `"quoted"`, `back\slash`, "<b>&amp;</b>", "line\nbreak\r\ttab",
	"\x00\x01\x1f\x7f", "\b\f", "bad \xff utf8 \xc3", "\u2028\u2029", "emoji 🙂", "\ufffd", "mixed 中<文>&\"\\\n\xe2\x80"}

func randString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return oddStrings[r.IntN(len(oddStrings))]
	}
	var b strings.Builder
	for range r.IntN(12) {
		switch r.IntN(4) {
		case 0:
			b.WriteByte(byte(r.IntN(128)))
		case 1:
			b.WriteByte(byte(r.IntN(256))) // often invalid UTF-8
		default:
			b.WriteRune(rune(r.IntN(0x10000)))
		}
	}
	return b.String()
}

func randDate(r *rand.Rand) domain.Date {
	if r.IntN(3) == 0 {
		return domain.Date{}
	}
	return calendar.NewDate(1990+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28))
}

func randTime(r *rand.Rand) time.Time {
	if r.IntN(3) == 0 {
		return time.Time{}
	}
	loc := time.FixedZone("x", 8*3600)
	return time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(loc)
}

func randID(r *rand.Rand) int64 {
	if r.IntN(3) == 0 {
		return 0
	}
	return r.Int64N(1 << 40)
}

// randTaskDetail fills every field toTaskJSON and toTaskDetailJSON read,
// each sometimes empty or zero.
func randTaskDetail(r *rand.Rand) domain.TaskDetail {
	var d domain.TaskDetail
	t := &d.Task
	t.ID, t.Title, t.Description = r.Int64N(1<<40), randString(r), randString(r)
	t.Status, t.LeadOrgID = domain.Status(randString(r)), r.Int64N(1000)
	for range r.IntN(4) {
		t.CoOrgIDs = append(t.CoOrgIDs, r.Int64N(1000)-10)
	}
	t.CommunityID, t.HotspotID, t.ApplicationID = randID(r), randID(r), randID(r)
	t.Indicator, t.Priority, t.Source, t.Category = randString(r), domain.Priority(randString(r)),
		domain.Source(randString(r)), randString(r)
	t.Due, t.AssignedOn, t.OriginalDue, t.ExtensionTo = randDate(r), randDate(r), randDate(r), randDate(r)
	t.DueWorkingDays = r.IntN(5) - 1
	t.Provisional, t.TransferRequested, t.Listed = r.IntN(2) == 0, r.IntN(2) == 0, r.IntN(2) == 0
	t.LadderStep, t.Version = domain.LadderStep(randString(r)), r.IntN(100)
	t.CreatedAt, t.UpdatedAt, t.ClosedAt = randTime(r), randTime(r), randTime(r)
	d.State, d.DaysOverdue = domain.DeadlineState(randString(r)), r.IntN(30)-3
	for range r.IntN(4) {
		d.Events = append(d.Events, domain.TaskEvent{ID: r.Int64N(1 << 40), Action: randString(r), Actor: randString(r),
			ActorOrgID: randID(r), Channel: domain.Channel(randString(r)), Note: randString(r),
			From: domain.Status(randString(r)), To: domain.Status(randString(r)), At: randTime(r)})
	}
	return d
}

// TestTaskJSONMatchesEncoding holds the hand-written task answers to what
// encoding/json writes for their structs, byte for byte.
func TestTaskJSONMatchesEncoding(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	marshal := func(v any) string {
		var b bytes.Buffer
		if err := json.NewEncoder(&b).Encode(v); err != nil { // as echo's c.JSON does
			t.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	for i := range 3000 {
		d := randTaskDetail(r)
		if got, want := string(appendTaskObject([]byte("x"), d)), "x"+marshal(toTaskJSON(d)); got != want {
			t.Fatalf("task %d:\n got %s\nwant %s", i, got, want)
		}
		if got, want := string(appendTaskDetailJSON(nil, d)), marshal(toTaskDetailJSON(d)); got != want {
			t.Fatalf("detail %d:\n got %s\nwant %s", i, got, want)
		}
		l := domain.List[domain.TaskDetail]{}
		for range r.IntN(4) {
			l.Items = append(l.Items, randTaskDetail(r))
		}
		if r.IntN(2) == 0 {
			l.Next = &domain.Cursor{Key: randString(r), ID: r.Int64N(1000)}
		}
		if got, want := string(appendTaskListJSON(nil, l)), marshal(listOf(l, toTaskJSON)); got != want {
			t.Fatalf("list %d:\n got %s\nwant %s", i, got, want)
		}
	}
	for _, s := range oddStrings {
		if got, want := string(appendJSONString(nil, s)), marshal(s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

// TestTaskJSONFieldsCovered fails when taskJSON or taskEventJSON gains a
// field: the hand-written answers must write it too (and
// TestTaskJSONMatchesEncoding then checks how).
func TestTaskJSONFieldsCovered(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{taskJSON{}, 30}, {taskEventJSON{}, 9}, {taskDetailJSON{}, 2}, {listJSON[taskJSON]{}, 2}} {
		if n := reflect.TypeOf(c.v).NumField(); n != c.want {
			t.Errorf("%T has %d fields, the hand-written JSON knows %d: update json_write.go and this count",
				c.v, n, c.want)
		}
	}
}

func FuzzJSONString(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

// BenchmarkTaskListJSON: a page of 50 tasks, written by hand and by
// encoding/json (the views and their encoding, as c.JSON did).
func BenchmarkTaskListJSON(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	l := domain.List[domain.TaskDetail]{Next: &domain.Cursor{Key: "2026-12-06", ID: 42}}
	for range 50 {
		d := randTaskDetail(r)
		d.Title, d.Description, d.Indicator = "关于保障性住房小区电梯维修的督办事项", "请于期限内完成维修并反馈。", ""
		d.Events = nil
		l.Items = append(l.Items, d)
	}
	b.Run("hand", func(b *testing.B) {
		buf := make([]byte, 0, 64<<10)
		for b.Loop() {
			buf = appendTaskListJSON(buf[:0], l)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := json.NewEncoder(&buf).Encode(listOf(l, toTaskJSON)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestWriteJSON sends hand-written answers as c.JSON sends their structs:
// the same body, newline and content type; indented for ?pretty; and a
// pooled buffer that held a long answer leaves nothing in a shorter one.
func TestWriteJSON(t *testing.T) {
	e := echo.New()
	r := rand.New(rand.NewPCG(5, 6))
	send := func(target string, l domain.List[domain.TaskDetail]) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		c := e.NewContext(httptest.NewRequest(http.MethodGet, target, nil), rec)
		err := writeJSON(c, http.StatusOK, func(b []byte) []byte { return appendTaskListJSON(b, l) },
			func() listJSON[taskJSON] { return listOf(l, toTaskJSON) })
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	viaEcho := func(target string, l domain.List[domain.TaskDetail]) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		c := e.NewContext(httptest.NewRequest(http.MethodGet, target, nil), rec)
		if err := c.JSON(http.StatusOK, listOf(l, toTaskJSON)); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	for _, n := range []int{60, 1, 0, 30} {
		var l domain.List[domain.TaskDetail]
		for range n {
			l.Items = append(l.Items, randTaskDetail(r))
		}
		for _, target := range []string{"/api/v1/tasks", "/api/v1/tasks?pretty"} {
			got, want := send(target, l), viaEcho(target, l)
			if got.Body.String() != want.Body.String() || got.Code != want.Code ||
				got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
				t.Errorf("%d tasks, %s: got %d %q %q, want %d %q %q", n, target, got.Code,
					got.Header().Get("Content-Type"), got.Body.String(), want.Code, want.Header().Get("Content-Type"), want.Body.String())
			}
		}
	}
}
