package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"xietong/domain/calendar"
)

// TestDateParameterBinary: pgx writes a date parameter as a binary DATE
// straight away, rather than failing with Value's text first; and an empty
// date is NULL.
func TestDateParameterBinary(t *testing.T) {
	m := pgtype.NewMap()
	d := sqlDate{calendar.NewDate(2026, time.December, 6)}
	// Not by way of driver.Valuer: that plan writes the text, fails, reads
	// the text back and writes that.
	if plan := m.PlanEncode(pgtype.DateOID, pgtype.BinaryFormatCode, d); plan == nil ||
		strings.Contains(fmt.Sprintf("%T", plan), "DriverValuer") {
		t.Errorf("the plan for a date parameter is %T", plan)
	}
	buf, err := m.Encode(pgtype.DateOID, pgtype.BinaryFormatCode, d, nil)
	if err != nil || len(buf) != 4 {
		t.Fatalf("binary date: % x, %v", buf, err)
	}
	var back pgtype.Date
	if err := m.Scan(pgtype.DateOID, pgtype.BinaryFormatCode, buf, &back); err != nil ||
		!back.Time.Equal(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("read back %v (%v)", back.Time, err)
	}
	if buf, err := m.Encode(pgtype.DateOID, pgtype.BinaryFormatCode, sqlDate{}, nil); err != nil || buf != nil {
		t.Errorf("empty date: % x, %v; want NULL", buf, err)
	}
}
