package catalog

// The first admin account, which a new install creates when it has no
// admin: seed data like the organisations, so its display name is here and
// not in the domain's code.
const (
	AdminUsername    = "admin"
	AdminDisplayName = "管理员"
	AdminEmail       = "admin@localhost"
)
