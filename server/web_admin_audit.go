package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// The audit trail's page (/admin/audit): newest first, filtered by actor,
// action, object type and id and a date range (days in the configured
// zone, both ends included), paged by cursor. Admins only.

// auditAdminPath is where the audit trail page lives.
const auditAdminPath = "/admin/audit"

// auditPageSize is how many entries a page shows.
const auditPageSize = 50

// auditFilterForm is the filter as submitted, shown back in the form.
type auditFilterForm struct {
	Actor, Action, Type, ID, From, To string
}

// auditRow is one entry as the table shows it.
type auditRow struct {
	At, Actor, Action, Target, Detail, IP, ChannelKey string
}

// auditPageData is the page's content.
type auditPageData struct {
	F        auditFilterForm
	Filtered bool
	Items    []auditRow
	Pager    pager
	Error    string
}

// handleAuditPage lists the audit trail.
func (s *Server) handleAuditPage(c echo.Context) error {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermReadAudit); err != nil {
		return err
	}
	ff := auditFilterForm{Actor: strings.TrimSpace(c.QueryParam("actor")), Action: strings.TrimSpace(c.QueryParam("action")),
		Type: strings.TrimSpace(c.QueryParam("type")), ID: strings.TrimSpace(c.QueryParam("id")),
		From: c.QueryParam("from"), To: c.QueryParam("to")}
	d := auditPageData{F: ff, Filtered: ff != auditFilterForm{}}
	f, err := s.auditFilterOf(ff)
	var l domain.List[domain.AuditEntry]
	if err == nil {
		var p domain.Page
		if p, err = domain.NewPage(auditPageSize, c.QueryParam("cursor")); err == nil {
			l, err = s.deps.Audit.Entries(c.Request().Context(), a, f, p)
		}
	}
	status := http.StatusOK
	if err != nil {
		st, msg, ok := s.accountError(c, err)
		if !ok {
			return err
		}
		status, d.Error = st, msg
	}
	for _, e := range l.Items {
		d.Items = append(d.Items, auditRow{At: e.At.In(s.deps.Location).Format("2006-01-02 15:04:05"), Actor: e.Actor,
			Action: e.Action, Target: e.Target, Detail: e.Detail, IP: e.IP, ChannelKey: "web.channel." + string(e.Channel)})
	}
	d.Pager = newPager(c, l.Next, len(l.Items))
	return s.render(c, status, "admin_audit", s.newPage(c, "web.admin.title.audit", d))
}

// auditFilterOf turns the form into the domain's filter: an object id
// needs its type, and the days are whole days in the configured zone.
func (s *Server) auditFilterOf(ff auditFilterForm) (domain.AuditFilter, error) {
	f := domain.AuditFilter{Actor: ff.Actor, Action: ff.Action, TargetType: ff.Type}
	if ff.ID != "" {
		if ff.Type == "" {
			return f, domain.Invalid("web.admin.audit.id_without_type")
		}
		f.Target, f.TargetType = ff.Type+":"+ff.ID, ""
	}
	day := func(name, v string, next int) (time.Time, error) {
		if v == "" {
			return time.Time{}, nil
		}
		d, err := calendar.ParseDate(v)
		if err != nil {
			return time.Time{}, domain.Invalid("request.date_invalid", name, v)
		}
		return d.AddDays(next).In(s.deps.Location), nil
	}
	var err error
	if f.From, err = day("from", ff.From, 0); err != nil {
		return f, err
	}
	f.To, err = day("to", ff.To, 1)
	return f, err
}
