package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// bindJSON decodes the request body into v strictly: one JSON value, no
// unknown fields, every field of its declared type. Each failure is a 400
// naming what is wrong (a 413 past the body limit). echo's own binder is
// not used: it accepts unknown fields and mixes in query and path values.
func bindJSON(c echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return jsonError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return domain.Invalid("request.malformed") // a second value, or trailing garbage
	}
	return checkBound(v) // no NUL or other control character goes on to the store
}

// jsonError turns a decoding error into the client's error.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case isTooLarge(err):
		return errTooLarge()
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "(body)"
		}
		want := "value"
		if typeErr.Type != nil {
			want = jsonType(typeErr.Type.Kind().String())
		}
		return domain.Invalid("request.wrong_type", field, want)
	}
	// encoding/json reports an unknown field only in its message; there is
	// no error type to match.
	if quoted, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, uerr := strconv.Unquote(quoted)
		if uerr != nil {
			name = quoted
		}
		return domain.Invalid("request.unknown_field", name)
	}
	return domain.Invalid("request.malformed")
}

// jsonType names a Go kind the way a JSON client thinks of it.
func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "boolean"
	case kind == "slice", kind == "array":
		return "array"
	case kind == "struct", kind == "map", kind == "ptr":
		return "object"
	}
	return kind
}

// listJSON is the list envelope of the HTTP API: a page of items and the
// cursor of the next page, null at the end.
type listJSON[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

// listOf renders a page of domain values with conv.
func listOf[T, U any](l domain.List[T], conv func(T) U) listJSON[U] {
	out := listJSON[U]{Items: make([]U, 0, len(l.Items))}
	for _, x := range l.Items {
		out.Items = append(out.Items, conv(x))
	}
	if l.Next != nil {
		s := l.Next.String()
		out.Next = &s
	}
	return out
}

// timeJSON renders an instant as RFC 3339 in UTC; the zero time is null.
func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// idJSON renders an optional reference: 0 is null.
func idJSON(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
