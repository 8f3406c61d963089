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

// AuditFilter narrows the audit list. Zero fields do not filter.
type AuditFilter struct {
	Action  string
	ActorID int64
	// Actor is the username recorded on the entry.
	Actor  string
	Target string
	// TargetType is the part of Target before the colon ("user" of
	// "user:7"): every entry about that kind of object.
	TargetType string
	// From and To bound At: From <= At < To.
	From, To time.Time
}

// Validate rejects filter values that could never match or that the store
// cannot bind: an object type other than lower-case letters and
// underscores, a range that ends before it starts, a field over 100 bytes.
func (f AuditFilter) Validate() error {
	var p Problems
	for _, c := range []byte(f.TargetType) {
		if (c < 'a' || c > 'z') && c != '_' {
			p.Add(true, "request.param_invalid", "type")
			break
		}
	}
	p.Add(!f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To), "request.range_invalid")
	for _, v := range []struct{ name, value string }{{"action", f.Action}, {"actor", f.Actor},
		{"target", f.Target}, {"type", f.TargetType}} {
		p.Add(len(v.value) > 100, "request.param_invalid", v.name)
	}
	return p.Err()
}

func auditOf(a Actor, now time.Time, action, target, detail string) AuditEntry {
	ch := a.Channel
	if ch == "" {
		ch = ChannelSystem
	}
	return AuditEntry{At: now, ActorID: a.UserID, Actor: a.Username, Action: action,
		Target: target, Detail: detail, IP: a.IP, Channel: ch}
}
