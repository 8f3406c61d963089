package server

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The task answers the load is made of (a page of tasks, one task with its
// record, the task after an action) are written by hand: encoding/json
// finds every field by reflection and the views it encodes hold a pointer
// for each nullable field, which made JSON and those allocations a tenth of
// a list request's CPU (BENCHMARKS.md, issue 15, seventh round). The bytes
// are exactly what encoding/json writes for taskJSON, taskDetailJSON and
// listJSON[taskJSON]: TestTaskJSONMatchesEncoding holds them to it over
// generated tasks, odd strings included, and the structs stay the API's
// documented shape (and what create and the hot-spot answers encode).

// writeJSON answers with the JSON value write appends, as c.JSON would
// send value(): its content type, and a newline after the value. A request
// asking for ?pretty gets value() through c.JSON, indented.
func writeJSON[T any](c echo.Context, code int, write func([]byte) []byte, value func() T) error {
	if _, pretty := c.QueryParams()["pretty"]; pretty || c.Echo().Debug {
		return c.JSON(code, value())
	}
	p := jsonBuffers.Get().(*[]byte)
	b := append(write((*p)[:0]), '\n')
	err := c.Blob(code, echo.MIMEApplicationJSON, b) // the writers below copy what they keep
	if cap(b) <= 1<<20 {
		*p = b[:0]
		jsonBuffers.Put(p)
	}
	return err
}

// jsonBuffers holds the buffers the answers are written into, each grown
// to the largest answer it held (a page of 50 tasks is about 40 KB), up to
// a megabyte.
var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// appendTaskJSON appends toTaskJSON(d) as encoding/json writes it.
func appendTaskJSON(b []byte, d domain.TaskDetail) []byte {
	t := &d.Task
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, t.ID, 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, t.Title)
	b = append(b, `,"description":`...)
	b = appendJSONString(b, t.Description)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(t.Status))
	b = append(b, `,"lead_org_id":`...)
	b = strconv.AppendInt(b, t.LeadOrgID, 10)
	b = append(b, `,"co_org_ids":[`...)
	for i, id := range t.CoOrgIDs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	b = append(b, `],"community_id":`...)
	b = appendJSONID(b, t.CommunityID)
	b = append(b, `,"hotspot_id":`...)
	b = appendJSONID(b, t.HotspotID)
	b = append(b, `,"application_id":`...)
	b = appendJSONID(b, t.ApplicationID)
	if t.Indicator != "" {
		b = append(b, `,"indicator":`...)
		b = appendJSONString(b, t.Indicator)
	}
	b = append(b, `,"priority":`...)
	b = appendJSONString(b, string(t.Priority))
	b = append(b, `,"source":`...)
	b = appendJSONString(b, string(t.Source))
	b = append(b, `,"category":`...)
	b = appendJSONString(b, t.Category)
	b = append(b, `,"due_date":"`...)
	b = append(t.Due.Append(b), '"')
	b = append(b, `,"due_in_working_days":`...)
	if t.DueWorkingDays > 0 {
		b = strconv.AppendInt(b, int64(t.DueWorkingDays), 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"original_due_date":`...)
	b = appendJSONDate(b, t.OriginalDue)
	b = append(b, `,"assigned_on":"`...)
	b = append(t.AssignedOn.Append(b), '"')
	b = append(b, `,"provisional":`...)
	b = strconv.AppendBool(b, t.Provisional)
	b = append(b, `,"deadline_state":`...)
	b = appendJSONString(b, string(d.State))
	b = append(b, `,"days_overdue":`...)
	b = strconv.AppendInt(b, int64(d.DaysOverdue), 10)
	b = append(b, `,"extension_requested_to":`...)
	b = appendJSONDate(b, t.ExtensionTo)
	b = append(b, `,"transfer_requested":`...)
	b = strconv.AppendBool(b, t.TransferRequested)
	b = append(b, `,"ladder_step":`...)
	b = appendJSONString(b, string(t.LadderStep))
	b = append(b, `,"listed":`...)
	b = strconv.AppendBool(b, t.Listed)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(t.Version), 10)
	b = append(b, `,"created_at":`...)
	b = appendJSONTime(b, t.CreatedAt)
	b = append(b, `,"updated_at":`...)
	b = appendJSONTime(b, t.UpdatedAt)
	b = append(b, `,"closed_at":`...)
	b = appendJSONTime(b, t.ClosedAt)
	return b
}

// appendTaskObject appends toTaskJSON(d) as a whole object.
func appendTaskObject(b []byte, d domain.TaskDetail) []byte {
	return append(appendTaskJSON(b, d), '}')
}

// appendTaskDetailJSON appends toTaskDetailJSON(d): the task's fields and
// its record.
func appendTaskDetailJSON(b []byte, d domain.TaskDetail) []byte {
	b = append(appendTaskJSON(b, d), `,"events":[`...)
	for i := range d.Events {
		e := &d.Events[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, e.ID, 10)
		b = append(b, `,"action":`...)
		b = appendJSONString(b, e.Action)
		b = append(b, `,"actor":`...)
		b = appendJSONString(b, e.Actor)
		b = append(b, `,"actor_org_id":`...)
		b = appendJSONID(b, e.ActorOrgID)
		b = append(b, `,"channel":`...)
		b = appendJSONString(b, string(e.Channel))
		b = append(b, `,"note":`...)
		b = appendJSONString(b, e.Note)
		b = append(b, `,"from":`...)
		b = appendJSONStatus(b, e.From)
		b = append(b, `,"to":`...)
		b = appendJSONStatus(b, e.To)
		b = append(b, `,"at":`...)
		b = appendJSONTime(b, e.At)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendTaskListJSON appends listOf(l, toTaskJSON).
func appendTaskListJSON(b []byte, l domain.List[domain.TaskDetail]) []byte {
	b = append(b, `{"items":[`...)
	for i := range l.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendTaskObject(b, l.Items[i])
	}
	b = append(b, `],"next":`...)
	if l.Next == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, l.Next.String())
	}
	return append(b, '}')
}

// appendJSONID appends idJSON(id): 0 is null.
func appendJSONID(b []byte, id int64) []byte {
	if id == 0 {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, id, 10)
}

// appendJSONStatus appends statusJSON(s): "" is null.
func appendJSONStatus(b []byte, s domain.Status) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendJSONString(b, string(s))
}

// appendJSONTime appends timeJSON(t): RFC 3339 in UTC, the zero time null.
func appendJSONTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	return append(t.UTC().AppendFormat(b, time.RFC3339), '"')
}

// appendJSONDate appends dateJSON(d): the zero Date is null. A Date's
// String has only digits and dashes, nothing to escape.
func appendJSONDate(b []byte, d domain.Date) []byte {
	if d.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	return append(d.Append(b), '"')
}

// appendJSONString appends s as a JSON string the way encoding/json's
// encoder does by default: ", \ and control characters escaped, <, > and &
// as \u003c and the like (HTML-safe), invalid UTF-8 as \ufffd, and U+2028
// and U+2029 escaped for JavaScript.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
