package domain

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"xietong/domain/calendar"
)

// Date is a civil date in the configured zone; deadlines are Dates, not instants.
type Date = calendar.Date

// CalendarService keeps the official working-day calendar: the published
// schedules as editable data, and a cached Calendar built from them.
type CalendarService struct {
	Store CalendarStore
	Now   func() time.Time
	// AfterChange runs inside the transaction that stores a year, with the
	// calendar as it will be: the task service recomputes the deadlines the
	// change moves, so that both commit together, and returns the moves.
	AfterChange func(ctx context.Context, tx Tx, a Actor, cal *calendar.Calendar, year int) ([]DeadlineMove, error)
	// TTL bounds how long a replica uses its cached calendar after another
	// replica amended it; 0 means one minute.
	TTL time.Duration

	mu         sync.Mutex
	cached     *calendar.Calendar
	loadedAt   time.Time
	refreshing bool   // a caller is reading the stale cache's successor
	gen        uint64 // counts PutYear's clears: a read begun before one is not kept
}

// Calendar returns the current calendar, loading it when the cache is stale.
// No lock is held while the database is read. Requests call this inside
// their transactions, each holding a pooled connection, and the read needs a
// connection of its own: had the reader kept the lock, the others would
// have waited for it with their connections held, and with the pool taken
// by them the reader would never have got one (32 concurrent creates on a
// pool of 20 stood for 30 s when the cache expired, BENCHMARKS.md, issue 15).
// While one caller reads the successor of a stale calendar, the others go
// on with the stale one; only an empty cache (at start, after PutYear) makes
// every caller read.
func (s *CalendarService) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	ttl := s.TTL
	if ttl == 0 {
		ttl = time.Minute
	}
	now := s.Now()
	s.mu.Lock()
	c := s.cached
	if c != nil && (now.Sub(s.loadedAt) < ttl && !now.Before(s.loadedAt) || s.refreshing) {
		s.mu.Unlock()
		return c, nil
	}
	if c != nil {
		s.refreshing = true
	}
	gen := s.gen
	s.mu.Unlock()

	years, err := s.Store.CalendarYears(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c != nil {
		s.refreshing = false
	}
	if err != nil {
		return nil, err
	}
	fresh := calendar.New(years...)
	if s.gen == gen {
		s.cached, s.loadedAt = fresh, now
	}
	return fresh, nil
}

// Years lists the loaded schedules.
func (s *CalendarService) Years(ctx context.Context, a Actor) ([]calendar.Year, error) {
	if err := Require(a, PermReadCalendar); err != nil {
		return nil, err
	}
	return s.Store.CalendarYears(ctx)
}

// Year returns one year's schedule; ErrNotFound when none is loaded.
func (s *CalendarService) Year(ctx context.Context, a Actor, year int) (calendar.Year, error) {
	ys, err := s.Years(ctx, a)
	if err != nil {
		return calendar.Year{}, err
	}
	for _, y := range ys {
		if y.Year == year {
			return y, nil
		}
	}
	return calendar.Year{}, Fail(ErrNotFound, "calendar.year_not_found", year)
}

// PutYear adds a year's schedule or replaces it with an amended one (admin).
func (s *CalendarService) PutYear(ctx context.Context, a Actor, y calendar.Year) error {
	if _, err := s.putYear(ctx, a, y, false); err != nil {
		return err
	}
	s.mu.Lock()
	s.cached = nil
	s.gen++
	s.mu.Unlock()
	return nil
}

// PreviewYear says what PutYear would do with y, changing nothing: the
// open tasks whose deadlines would move. It runs PutYear's transaction,
// AfterChange included, and rolls it back, so that the preview and the
// save cannot disagree.
func (s *CalendarService) PreviewYear(ctx context.Context, a Actor, y calendar.Year) ([]DeadlineMove, error) {
	return s.putYear(ctx, a, y, true)
}

// errPreview rolls back a preview's transaction.
var errPreview = errors.New("preview")

func (s *CalendarService) putYear(ctx context.Context, a Actor, y calendar.Year, dry bool) ([]DeadlineMove, error) {
	if err := Require(a, PermEditCalendar); err != nil {
		return nil, err
	}
	if y.Year < 2000 || y.Year > 2100 {
		return nil, Invalid("calendar.year_invalid", y.Year)
	}
	if err := y.Validate(); err != nil {
		return nil, Fail(ErrInvalid, "calendar.schedule_invalid", err.Error())
	}
	if len(y.Source) > 500 {
		return nil, Invalid("calendar.source_too_long")
	}
	var moves []DeadlineMove
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		if err := tx.PutCalendarYear(ctx, y, now); err != nil {
			return err
		}
		if s.AfterChange != nil {
			years, err := tx.CalendarYears(ctx)
			if err != nil {
				return err
			}
			if moves, err = s.AfterChange(ctx, tx, a, calendar.New(years...), y.Year); err != nil {
				return err
			}
		}
		if dry {
			return errPreview
		}
		e := auditOf(a, now, "calendar.update", "calendar:"+strconv.Itoa(y.Year), y.Source)
		return tx.AddAudit(ctx, &e)
	})
	if dry && errors.Is(err, errPreview) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return moves, nil
}
