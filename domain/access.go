package domain

// Permission names a thing an actor may do that does not depend on a
// particular task: manage the catalogue, read reports, and so on. Task-level
// rules (own organisation, co-organiser) live beside the task workflow.
type Permission string

// The permissions of the foundation.
const (
	PermReadCatalog    Permission = "catalog.read"    // organisations and communities
	PermEditCatalog    Permission = "catalog.edit"    // create and edit them
	PermManageUsers    Permission = "users.manage"    // list, create, edit, deactivate users
	PermReadCalendar   Permission = "calendar.read"   // working-day calendar
	PermEditCalendar   Permission = "calendar.edit"   // add or amend a year
	PermReadAudit      Permission = "audit.read"      // the audit trail
	PermReadReports    Permission = "reports.read"    // supervision reports
	PermCreateTask     Permission = "tasks.create"    // assign tasks
	PermReportHotspot  Permission = "hotspots.report" // report a hot-spot issue
	PermTriageHotspot  Permission = "hotspots.triage" // dispatch or reject hot-spots
	PermManageOutbox   Permission = "outbox.manage"   // see and retry queued mail
	PermManagePolicies Permission = "policies.manage" // escalation policy
	PermEditStandards  Permission = "standards.edit"  // campaign standards: the province (CanEditStandards)
)

// grants is the one table of role → permissions. A role not listed for a
// permission does not have it.
var grants = map[Permission][]Role{
	PermReadCatalog:    {RoleAdmin, RoleLead, RoleDepartment, RoleCommunity, RoleLeadership},
	PermEditCatalog:    {RoleAdmin},
	PermManageUsers:    {RoleAdmin},
	PermReadCalendar:   {RoleAdmin, RoleLead, RoleDepartment, RoleCommunity, RoleLeadership},
	PermEditCalendar:   {RoleAdmin},
	PermReadAudit:      {RoleAdmin},
	PermReadReports:    {RoleAdmin, RoleLead, RoleLeadership},
	PermCreateTask:     {RoleAdmin, RoleLead},
	PermReportHotspot:  {RoleAdmin, RoleLead, RoleCommunity},
	PermTriageHotspot:  {RoleAdmin, RoleLead},
	PermManageOutbox:   {RoleAdmin},
	PermManagePolicies: {RoleAdmin},
	PermEditStandards:  {RoleAdmin, RoleLead},
}

// Allowed reports whether actor a holds permission p.
func Allowed(a Actor, p Permission) bool {
	for _, r := range grants[p] {
		if a.Role == r {
			return true
		}
	}
	return false
}

// Require returns ErrForbidden unless a holds p, and ErrUnauthenticated for
// the zero actor.
func Require(a Actor, p Permission) error {
	if a.Role == "" {
		return Fail(ErrUnauthenticated, "auth.required")
	}
	if !Allowed(a, p) {
		return Fail(ErrForbidden, "auth.forbidden")
	}
	return nil
}

// CanSeeUser reports whether a may read user u's profile: admins see all,
// everyone sees themselves.
func CanSeeUser(a Actor, u User) bool {
	return a.Role == RoleAdmin || a.UserID == u.ID && u.ID != 0
}
