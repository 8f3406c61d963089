package store

import (
	"context"
	"reflect"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Every string a row carries into an INSERT or UPDATE passes one check
// here, through bun's BeforeAppendModel hook, which runs for each row of a
// model before bun writes its values into the SQL text. bun interpolates
// values, so a NUL would cut the statement on SQLite and PostgreSQL refuses
// NUL and invalid UTF-8 in text: either way a 500. Text a person typed is
// refused as invalid (a 400 naming the column); machine text (a received
// mail's headers, a job's error, a queued mail) is cleaned instead, since
// refusing it would lose the message. Raw bytes ([]byte: attachment data, raw mail)
// are bound as binary literals and exempt. A test keeps every row type on
// this list.

func (r *orgRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *communityRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *userRow) BeforeAppendModel(_ context.Context, q bun.Query) error     { return checkText(q, r) }
func (r *tokenRow) BeforeAppendModel(_ context.Context, q bun.Query) error    { return checkText(q, r) }
func (r *throttleRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *calendarYearRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *calendarDayRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *auditRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *taskRow) BeforeAppendModel(_ context.Context, q bun.Query) error  { return checkText(q, r) }
func (r *taskEventRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *hotspotRow) BeforeAppendModel(_ context.Context, q bun.Query) error { return checkText(q, r) }
func (r *attachmentRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *ladderPolicyRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}
func (r *reportPolicyRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

// Machine text: cleaned, never refused. An outbox row (and a task
// change's record of its mail) is assembled from stored records, which may
// predate this check.
func (r *outboxRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	cleanText(q, r)
	return nil
}
func (r *mailChangeRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	cleanText(q, r)
	return nil
}
func (r *inboundRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	cleanText(q, r)
	return nil
}
func (r *jobRunRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	cleanText(q, r)
	return nil
}
func (r *idempotencyRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

// checkText refuses row (a pointer to a row struct) when a string column
// it writes holds a stray control character or invalid UTF-8.
func checkText(q bun.Query, row any) error {
	var bad string
	eachText(q, row, func(column string, v reflect.Value) bool {
		if !domain.StorableText(v.String()) {
			bad = column
			return false
		}
		return true
	})
	if bad != "" {
		return domain.Invalid("input.control_character", bad)
	}
	return nil
}

// cleanText drops the stray control characters from row's string columns
// and replaces its invalid UTF-8.
func cleanText(q bun.Query, row any) {
	eachText(q, row, func(_ string, v reflect.Value) bool {
		if s := v.String(); !domain.StorableText(s) {
			v.SetString(domain.CleanText(s))
		}
		return true
	})
}

// eachText calls fn with every string an INSERT or UPDATE of row writes:
// string columns (through pointers) and the elements of []string columns,
// until fn returns false. Other queries (a SELECT scanning into row) are
// left alone.
func eachText(q bun.Query, row any, fn func(column string, v reflect.Value) bool) {
	var db *bun.DB
	switch q := q.(type) {
	case *bun.InsertQuery:
		db = q.DB()
	case *bun.UpdateQuery:
		db = q.DB()
	default:
		return
	}
	strct := reflect.ValueOf(row)
	if strct.Kind() != reflect.Pointer || strct.IsNil() {
		return
	}
	strct = strct.Elem()
	for _, f := range db.Table(strct.Type()).Fields {
		v := f.Value(strct)
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				break
			}
			v = v.Elem()
		}
		switch {
		case v.Kind() == reflect.String:
			if !fn(f.Name, v) {
				return
			}
		case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
			for i := range v.Len() {
				if !fn(f.Name, v.Index(i)) {
					return
				}
			}
		}
	}
}
