package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

type auditJSON struct {
	ID      int64   `json:"id"`
	At      *string `json:"at"`
	ActorID *int64  `json:"actor_id"`
	Actor   string  `json:"actor"`
	Action  string  `json:"action"`
	Target  string  `json:"target"`
	Detail  string  `json:"detail"`
	IP      string  `json:"ip"`
	Channel string  `json:"channel"`
}

func toAuditJSON(e domain.AuditEntry) auditJSON {
	return auditJSON{ID: e.ID, At: timeJSON(e.At), ActorID: idJSON(e.ActorID), Actor: e.Actor,
		Action: e.Action, Target: e.Target, Detail: e.Detail, IP: e.IP, Channel: string(e.Channel)}
}

// handleAuditList lists the audit trail, newest first (admin); ?action,
// ?actor_id and ?target filter.
func (a api) handleAuditList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.AuditFilter{Action: c.QueryParam("action"), Target: c.QueryParam("target")}
	if f.ActorID, err = queryID(c, "actor_id"); err != nil {
		return err
	}
	l, err := a.deps.Audit.Entries(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toAuditJSON))
}
