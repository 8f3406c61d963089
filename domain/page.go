package domain

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Page limits, as the HTTP API states them.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Page asks for one page of a keyset-paginated list: at most Limit items
// after the position After.
type Page struct {
	Limit int
	After Cursor
}

// Cursor is a position in a list ordered by (Key, ID). Key is empty for lists
// ordered by ID alone. It travels to clients as an opaque string.
type Cursor struct {
	Key string
	ID  int64
}

// IsZero reports whether c is the start of the list.
func (c Cursor) IsZero() bool { return c.ID == 0 && c.Key == "" }

// String encodes the cursor for a client.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Key + "\x00" + strconv.FormatInt(c.ID, 10)))
}

// ParseCursor decodes a client's cursor; "" is the start.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 200 {
		return Cursor{}, Invalid("request.cursor_invalid")
	}
	i := strings.LastIndexByte(string(b), 0)
	if i < 0 {
		return Cursor{}, Invalid("request.cursor_invalid")
	}
	key := string(b[:i])
	id, err := strconv.ParseInt(string(b[i+1:]), 10, 64)
	if err != nil || id <= 0 {
		return Cursor{}, Invalid("request.cursor_invalid")
	}
	return Cursor{Key: key, ID: id}, nil
}

// NewPage validates a page size and cursor from a request; limit 0 means the default.
func NewPage(limit int, cursor string) (Page, error) {
	if limit == 0 {
		limit = DefaultPageSize
	}
	if limit < 1 || limit > MaxPageSize {
		return Page{}, Invalid("request.limit_invalid", MaxPageSize)
	}
	c, err := ParseCursor(cursor)
	if err != nil {
		return Page{}, err
	}
	return Page{Limit: limit, After: c}, nil
}

// List is one page of results and the cursor of the next page (nil at the end).
type List[T any] struct {
	Items []T
	Next  *Cursor
}

// Paginate turns rows fetched with limit+1 into a page: when there is one
// row more than asked, it is dropped and its predecessor's cursor is Next.
func Paginate[T any](rows []T, limit int, cursorOf func(T) Cursor) List[T] {
	if len(rows) <= limit {
		return List[T]{Items: rows}
	}
	rows = rows[:limit]
	c := cursorOf(rows[limit-1])
	return List[T]{Items: rows, Next: &c}
}
