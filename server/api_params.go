package server

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// pathID reads a positive integer path parameter; anything else is a 400.
func pathID(c echo.Context, name string) (int64, error) {
	v := c.Param(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Invalid("request.id_invalid", v)
	}
	return id, nil
}

// pageOf reads ?limit and ?cursor.
func pageOf(c echo.Context) (domain.Page, error) {
	limit := 0
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return domain.Page{}, domain.Invalid("request.limit_invalid", domain.MaxPageSize)
		}
		limit = n
	}
	return domain.NewPage(limit, c.QueryParam("cursor"))
}

// queryBool reads an optional true/false parameter; absent is nil.
func queryBool(c echo.Context, name string) (*bool, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, domain.Invalid("request.bool_invalid", name)
	}
	return &b, nil
}

// queryID reads an optional positive integer parameter; absent is 0.
func queryID(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Invalid("request.param_invalid", name)
	}
	return id, nil
}

// queryInt reads a required integer parameter.
func queryInt(c echo.Context, name string) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, domain.Invalid("request.param_required", name)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, domain.Invalid("request.param_invalid", name)
	}
	return n, nil
}

// queryDate reads a required YYYY-MM-DD parameter.
func queryDate(c echo.Context, name string) (calendar.Date, error) {
	v := c.QueryParam(name)
	if v == "" {
		return calendar.Date{}, domain.Invalid("request.param_required", name)
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		return calendar.Date{}, domain.Invalid("request.date_invalid", name, v)
	}
	return d, nil
}
