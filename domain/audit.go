package domain

import "time"

// AuditEntry is one row of the audit trail: who did what to what, when and
// from where. Entries are written in the same transaction as the change and
// never updated or deleted.
type AuditEntry struct {
	ID      int64
	At      time.Time
	ActorID int64 // 0 for the system or an unknown user
	Actor   string
	Action  string // e.g. "user.create", "auth.login_failed"
	Target  string // e.g. "user:7", "calendar:2026"
	Detail  string
	IP      string
	Channel Channel
}

// AuditFilter narrows the audit list.
type AuditFilter struct {
	Action  string
	ActorID int64
	Target  string
}

func auditOf(a Actor, now time.Time, action, target, detail string) AuditEntry {
	ch := a.Channel
	if ch == "" {
		ch = ChannelSystem
	}
	return AuditEntry{At: now, ActorID: a.UserID, Actor: a.Username, Action: action,
		Target: target, Detail: detail, IP: a.IP, Channel: ch}
}
