package domain

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user is in the campaign; it decides what they may do.
type Role string

// The roles of the HTTP API.
const (
	RoleAdmin      Role = "admin"
	RoleLead       Role = "lead"
	RoleDepartment Role = "department"
	RoleCommunity  Role = "community"
	RoleLeadership Role = "leadership"
)

// Roles returns every role in a stable order, in a fresh slice.
func Roles() []Role {
	return []Role{RoleAdmin, RoleLead, RoleDepartment, RoleCommunity, RoleLeadership}
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles() {
		if r == x {
			return true
		}
	}
	return false
}

// User is a person who signs in. A department user is bound to one
// organisation, a community user to one community; other roles to neither.
type User struct {
	ID          int64
	Username    string
	DisplayName string
	Email       string
	Role        Role
	OrgID       int64 // 0 unless Role is department
	CommunityID int64 // 0 unless Role is community
	Lang        string
	Active      bool
	// MailOff turns off non-essential mail (new work and deadline mail
	// still arrive).
	MailOff      bool
	PasswordHash string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Actor is the authenticated user on whose behalf a use case runs, with the
// channel the request came through (for the record).
type Actor struct {
	UserID      int64
	Username    string
	Name        string // display name, for what people read (mail)
	Role        Role
	OrgID       int64
	CommunityID int64
	Channel     Channel
	IP          string
}

// ActorOf builds the actor for u acting through ch.
func ActorOf(u User, ch Channel, ip string) Actor {
	return Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Role: u.Role, OrgID: u.OrgID,
		CommunityID: u.CommunityID, Channel: ch, IP: ip}
}

// SystemActor is the server itself: scheduled jobs, seeding, the command line.
func SystemActor() Actor {
	return Actor{Username: "system", Role: RoleAdmin, Channel: ChannelSystem}
}

// Channel is how a change reached the server.
type Channel string

// The channels recorded on every event.
const (
	ChannelWeb    Channel = "web"
	ChannelAPI    Channel = "api"
	ChannelEmail  Channel = "email"
	ChannelSystem Channel = "system"
)

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,47}$`)

// NormalizeUsername lower-cases and trims a username, so that sign-in is
// case-insensitive and lockouts cannot be dodged by changing case.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizeEmail returns the bare address of s ("张三 <A@x.cn>" gives
// "a@x.cn"), lower-cased, or an ErrInvalid error when s is not one address.
func NormalizeEmail(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil {
		return "", Invalid("user.email_invalid")
	}
	return strings.ToLower(a.Address), nil
}

// CreateUser is the command that adds a user.
type CreateUser struct {
	Username      string
	DisplayName   string
	Email         string
	Role          Role
	OrgCode       string // resolved by the service; OrgID wins when both are set
	OrgID         int64
	CommunityID   int64
	CommunityCode string
	Password      string
	Lang          string
}

// Normalize trims and lower-cases what is case-insensitive.
func (c *CreateUser) Normalize() {
	c.Username = NormalizeUsername(c.Username)
	c.DisplayName = strings.TrimSpace(c.DisplayName)
	c.Email = strings.TrimSpace(c.Email)
	c.OrgCode = strings.TrimSpace(c.OrgCode)
	c.CommunityCode = strings.TrimSpace(c.CommunityCode)
	if c.Lang == "" {
		c.Lang = "zh-CN"
	}
}

// Validate checks the command on its own, without the store; minPassword is
// the configured minimum length.
func (c CreateUser) Validate(minPassword int) error {
	var p Problems
	p.Add(!usernameRE.MatchString(c.Username), "user.username_invalid")
	p.Add(!c.Role.Valid(), "user.role_invalid", string(c.Role))
	p.Add(c.Role == RoleDepartment && c.OrgID == 0 && c.OrgCode == "", "user.org_required")
	p.Add(c.Role != RoleDepartment && (c.OrgID != 0 || c.OrgCode != ""), "user.org_not_allowed")
	p.Add(c.Role == RoleCommunity && c.CommunityID == 0 && c.CommunityCode == "", "user.community_required")
	p.Add(c.Role != RoleCommunity && (c.CommunityID != 0 || c.CommunityCode != ""), "user.community_not_allowed")
	_, err := NormalizeEmail(c.Email)
	p.AddErr(err)
	p.AddErr(CheckPassword(c.Password, minPassword))
	p.Add(utf8.RuneCountInString(c.DisplayName) > 100, "user.display_name_too_long")
	p.Add(c.Lang != "zh-CN" && c.Lang != "en", "user.lang_invalid")
	return p.Err()
}

// CheckPassword enforces the password rules: a minimum length in characters
// and a maximum of 256 bytes, so hashing cannot be abused for CPU exhaustion.
func CheckPassword(pw string, min int) error {
	if utf8.RuneCountInString(pw) < min {
		return Invalid("user.password_too_short", min)
	}
	if len(pw) > 256 {
		return Invalid("user.password_too_long")
	}
	return nil
}

// UpdateUser changes a user; nil fields stay as they are.
type UpdateUser struct {
	DisplayName *string
	Email       *string
	Active      *bool
	Lang        *string
	Password    *string
	MailOff     *bool
	// Role, OrgID and CommunityID change what the user is (admins only,
	// never on themselves). A role without an organisation (or community)
	// drops the binding when OrgID (CommunityID) is not given.
	Role        *Role
	OrgID       *int64
	CommunityID *int64
	// CurrentPassword proves that users changing their own password or
	// email know the password, not only hold a token.
	CurrentPassword *string
}

// needsSecret reports whether the change, made by the user themselves,
// must be proved with the current password.
func (c UpdateUser) needsSecret() bool { return c.Password != nil || c.Email != nil }

// changesBinding reports whether the change touches the role or what the
// user is bound to.
func (c UpdateUser) changesBinding() bool {
	return c.Role != nil || c.OrgID != nil || c.CommunityID != nil
}
