package domain

import (
	"errors"
	"testing"
)

func TestAllowed(t *testing.T) {
	// Every permission against every role: the table is the policy, so the
	// test spells out the whole matrix rather than sampling it.
	all := []Permission{PermReadCatalog, PermEditCatalog, PermManageUsers, PermReadCalendar, PermEditCalendar,
		PermReadAudit, PermReadReports, PermCreateTask, PermReportHotspot, PermTriageHotspot, PermManageOutbox,
		PermManagePolicies}
	want := map[Role][]Permission{
		RoleAdmin: all,
		RoleLead: {PermReadCatalog, PermReadCalendar, PermReadReports, PermCreateTask, PermReportHotspot,
			PermTriageHotspot},
		RoleDepartment: {PermReadCatalog, PermReadCalendar},
		RoleCommunity:  {PermReadCatalog, PermReadCalendar, PermReportHotspot},
		RoleLeadership: {PermReadCatalog, PermReadCalendar, PermReadReports},
		"":             nil,
		"intruder":     nil,
	}
	for role, granted := range want {
		for _, p := range all {
			wantOK := false
			for _, g := range granted {
				wantOK = wantOK || g == p
			}
			if got := Allowed(Actor{Role: role}, p); got != wantOK {
				t.Errorf("Allowed(%q, %s): got %v, want %v", role, p, got, wantOK)
			}
		}
	}
}

func TestRequire(t *testing.T) {
	tests := []struct {
		name  string
		actor Actor
		perm  Permission
		want  error
	}{
		{"anonymous", Actor{}, PermReadCatalog, ErrUnauthenticated},
		{"allowed", Actor{Role: RoleAdmin}, PermManageUsers, nil},
		{"forbidden", Actor{Role: RoleDepartment}, PermManageUsers, ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Require(tt.actor, tt.perm)
			if tt.want == nil && err != nil || tt.want != nil && !isKind(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCanSeeUser(t *testing.T) {
	tests := []struct {
		name  string
		actor Actor
		user  User
		want  bool
	}{
		{"admin sees anyone", Actor{Role: RoleAdmin, UserID: 1}, User{ID: 2}, true},
		{"self", Actor{Role: RoleDepartment, UserID: 2}, User{ID: 2}, true},
		{"another user", Actor{Role: RoleLead, UserID: 3}, User{ID: 2}, false},
		{"zero ids do not match", Actor{Role: RoleLead}, User{}, false},
	}
	for _, tt := range tests {
		if got := CanSeeUser(tt.actor, tt.user); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func isKind(err, kind error) bool { return errors.Is(err, kind) }
