package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The user administration (/admin/users) is the admin's: the accounts with
// filters, adding one, editing what a user is, deactivating and
// reactivating, and resetting a password to a generated one that the page
// shows once. The domain (UserService) checks the permissions and audits
// every change.

// usersPath is where the user administration lives.
const usersPath = "/admin/users"

// canManageUsers says whether the users link belongs in the navigation.
func canManageUsers(a domain.Actor) bool { return domain.Allowed(a, domain.PermManageUsers) }

// userRow is one account as the list shows it.
type userRow struct {
	ID                    int64
	Username, DisplayName string
	Email                 string
	Role, RoleCode        string
	Binding               string // the organisation or community
	Lang                  string
	Active                bool
	Created               string
}

// userListData is the user list's content.
type userListData struct {
	Roles, Actives []option
	Orgs           []optGroup
	Communities    []option
	Q              string
	Filtered       bool
	Items          []userRow
	Pager          pager
}

// handleUserList lists the accounts; ?role, ?org, ?community, ?active and
// ?q filter.
func (s *Server) handleUserList(c echo.Context) error {
	a, loc := actorOf(c), s.localizer(c)
	if err := domain.Require(a, domain.PermManageUsers); err != nil {
		return err
	}
	f := domain.UserFilter{Role: domain.Role(c.QueryParam("role")), Q: strings.TrimSpace(c.QueryParam("q"))}
	var err error
	if f.OrgID, err = queryID(c, "org"); err != nil {
		return err
	}
	if f.CommunityID, err = queryID(c, "community"); err != nil {
		return err
	}
	if f.Active, err = queryBool(c, "active"); err != nil {
		return err
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := s.deps.Users.Users(ctx, a, f, pg)
	if err != nil {
		return err
	}
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return err
	}
	d := userListData{Roles: codeOptions(loc, "web.role.", domain.Roles(), string(f.Role)),
		Actives:     activeOptions(loc, c.QueryParam("active")),
		Orgs:        dir.orgGroups(idString(f.OrgID)),
		Communities: dir.communityOptions(idString(f.CommunityID)), Q: f.Q,
		Filtered: f.Role != "" || f.OrgID != 0 || f.CommunityID != 0 || f.Active != nil || f.Q != "",
		Pager:    newPager(c, list.Next, len(list.Items))}
	for _, u := range list.Items {
		d.Items = append(d.Items, s.userRowOf(loc, dir, u))
	}
	return s.render(c, http.StatusOK, "admin_users", s.newPage(c, "web.title.users", d))
}

func (s *Server) userRowOf(loc *Localizer, dir *directory, u domain.User) userRow {
	r := userRow{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Email: u.Email,
		Role: loc.T("web.role." + string(u.Role)), RoleCode: string(u.Role), Lang: loc.T("web.lang." + u.Lang),
		Active: u.Active, Created: s.fmtTime(u.CreatedAt)}
	switch {
	case u.OrgID != 0:
		r.Binding = dir.org(u.OrgID)
	case u.CommunityID != 0:
		r.Binding = dir.community(u.CommunityID)
	}
	return r
}

// activeOptions offers the active filter: in use or deactivated.
func activeOptions(loc *Localizer, selected string) []option {
	return []option{
		{Value: "true", Label: loc.T("web.users.active"), Selected: selected == "true"},
		{Value: "false", Label: loc.T("web.users.inactive"), Selected: selected == "false"},
	}
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// userInput is the add and edit forms as submitted.
type userInput struct {
	Username, DisplayName, Email, Role, Org, Community, Lang, Password string
}

// userFormData is the page of one account, or of a new one (ID 0).
type userFormData struct {
	ID          int64
	Username    string
	Active      bool
	Self        bool // the admin's own account: no deactivating, no reset, no role change
	Created     string
	In          userInput
	Roles       []option
	Orgs        []optGroup
	Communities []option
	Langs       []option
	MinPassword int
	// Password is a password just generated (a reset, or an account
	// added without one), shown this once.
	Password string
	// ResetLink is a one-time reset link just made, shown this once.
	ResetLink string
	Flash     string
	Error     string
}

// handleUserForm shows the form that adds an account.
func (s *Server) handleUserForm(c echo.Context) error {
	if err := domain.Require(actorOf(c), domain.PermManageUsers); err != nil {
		return err
	}
	return s.renderUserForm(c, http.StatusOK, userFormData{In: userInput{Lang: langZH}})
}

// handleUserCreate adds an account and shows it; without a password one is
// generated and shown once.
func (s *Server) handleUserCreate(c echo.Context) error {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermManageUsers); err != nil {
		return err
	}
	in := userInputOf(c)
	in.Username, in.Password = c.FormValue("username"), c.FormValue("password")
	pw, generated := in.Password, false
	if pw == "" {
		pw, generated = domain.GeneratePassword(s.deps.Users.MinPasswordLength), true
	}
	cmd := domain.CreateUser{Username: in.Username, DisplayName: in.DisplayName, Email: in.Email,
		Role: domain.Role(in.Role), Password: pw, Lang: in.Lang}
	if cmd.Role == domain.RoleDepartment {
		cmd.OrgID = formID(in.Org)
	}
	if cmd.Role == domain.RoleCommunity {
		cmd.CommunityID = formID(in.Community)
	}
	u, err := s.deps.Users.CreateUser(c.Request().Context(), a, cmd)
	if err != nil {
		status, msg, ok := s.accountError(c, err)
		if !ok {
			return err
		}
		in.Password = ""
		return s.renderUserForm(c, status, userFormData{In: in, Error: msg})
	}
	d := userFormData{Flash: s.localizer(c).T("web.flash.user_created")}
	if generated {
		d.Password = pw
	}
	return s.renderUser(c, http.StatusOK, u, d)
}

func userInputOf(c echo.Context) userInput {
	return userInput{DisplayName: c.FormValue("display_name"), Email: strings.TrimSpace(c.FormValue("email")),
		Role: c.FormValue("role"), Org: c.FormValue("org_id"), Community: c.FormValue("community_id"),
		Lang: c.FormValue("lang")}
}

// handleUserPage shows one account with its forms.
func (s *Server) handleUserPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.adminUser(c, id)
	if err != nil {
		return err
	}
	return s.renderUser(c, http.StatusOK, u, userFormData{Flash: flashOf(s.localizer(c), c.QueryParam("done"))})
}

// adminUser reads an account for the admin pages: a non-admin is refused
// before the account is looked up.
func (s *Server) adminUser(c echo.Context, id int64) (domain.User, error) {
	a := actorOf(c)
	if err := domain.Require(a, domain.PermManageUsers); err != nil {
		return domain.User{}, err
	}
	return s.deps.Users.User(c.Request().Context(), a, id)
}

// handleUserUpdate saves the edit form.
func (s *Server) handleUserUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.adminUser(c, id)
	if err != nil {
		return err
	}
	a, in := actorOf(c), userInputOf(c)
	cmd := domain.UpdateUser{DisplayName: &in.DisplayName, Lang: &in.Lang}
	if !strings.EqualFold(in.Email, u.Email) {
		cmd.Email = &in.Email
	}
	if a.UserID != u.ID {
		role := domain.Role(in.Role)
		var org, comm int64
		if role == domain.RoleDepartment {
			org = formID(in.Org)
		}
		if role == domain.RoleCommunity {
			comm = formID(in.Community)
		}
		if role != u.Role || org != u.OrgID || comm != u.CommunityID {
			cmd.Role, cmd.OrgID, cmd.CommunityID = &role, &org, &comm
		}
	}
	if _, err = s.deps.Users.UpdateUser(c.Request().Context(), a, id, cmd); err == nil {
		return c.Redirect(http.StatusSeeOther, usersPath+"/"+strconv.FormatInt(id, 10)+"?done=user_saved")
	}
	status, msg, ok := s.accountError(c, err)
	if !ok {
		return err
	}
	in.Username = u.Username
	return s.renderUser(c, status, u, userFormData{In: in, Error: msg})
}

// handleUserActive deactivates (active=false) or reactivates an account.
// A deactivated user cannot sign in, and their sessions and tokens stop.
func (s *Server) handleUserActive(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.adminUser(c, id)
	if err != nil {
		return err
	}
	active := c.FormValue("active") == "true"
	done := "user_deactivated"
	if active {
		done = "user_reactivated"
	}
	if _, err = s.deps.Users.UpdateUser(c.Request().Context(), actorOf(c), id, domain.UpdateUser{Active: &active}); err == nil {
		return c.Redirect(http.StatusSeeOther, usersPath+"/"+strconv.FormatInt(id, 10)+"?done="+done)
	}
	status, msg, ok := s.accountError(c, err)
	if !ok {
		return err
	}
	return s.renderUser(c, status, u, userFormData{Error: msg})
}

// handleUserReset gives the account a generated password and shows it
// once, on this answer (never in a URL, never again).
func (s *Server) handleUserReset(c echo.Context) error {
	return s.adminUserAction(c, func(ctx context.Context, a domain.Actor, u domain.User) (domain.User, userFormData, error) {
		u2, pw, err := s.deps.Users.ResetPassword(ctx, a, u.ID)
		return u2, userFormData{Password: pw, Flash: s.localizer(c).T("web.flash.password_reset")}, err
	})
}

// adminUserAction runs act on the account the path names and shows the
// account again: as act leaves it, with what act adds (a secret shown
// once, a message), or as it was with act's refusal.
func (s *Server) adminUserAction(c echo.Context,
	act func(ctx context.Context, a domain.Actor, u domain.User) (domain.User, userFormData, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.adminUser(c, id)
	if err != nil {
		return err
	}
	u2, d, err := act(c.Request().Context(), actorOf(c), u)
	if err != nil {
		status, msg, ok := s.accountError(c, err)
		if !ok {
			return err
		}
		return s.renderUser(c, status, u, userFormData{Error: msg})
	}
	return s.renderUser(c, http.StatusOK, u2, d)
}

// renderUser shows account u; d carries what the request adds (a message,
// a generated password, the form as submitted when it was refused).
func (s *Server) renderUser(c echo.Context, status int, u domain.User, d userFormData) error {
	d.ID, d.Username, d.Active, d.Created = u.ID, u.Username, u.Active, s.fmtTime(u.CreatedAt)
	d.Self = actorOf(c).UserID == u.ID
	if d.In == (userInput{}) {
		d.In = userInput{Username: u.Username, DisplayName: u.DisplayName, Email: u.Email, Role: string(u.Role),
			Org: idString(u.OrgID), Community: idString(u.CommunityID), Lang: u.Lang}
	}
	return s.renderUserForm(c, status, d)
}

func (s *Server) renderUserForm(c echo.Context, status int, d userFormData) error {
	a, loc := actorOf(c), s.localizer(c)
	dir, err := s.directory(c.Request().Context(), a, loc.Lang)
	if err != nil {
		return err
	}
	d.Roles = codeOptions(loc, "web.role.", domain.Roles(), d.In.Role)
	d.Orgs = dir.orgGroups(d.In.Org)
	if id := formID(d.In.Org); id > 0 && !slices.ContainsFunc(dir.orgOptions(d.In.Org), func(o option) bool { return o.Selected }) {
		// An organisation no longer active stays choosable for its users.
		d.Orgs = append(d.Orgs, optGroup{Label: dir.org(id), Options: []option{{Value: d.In.Org, Label: dir.org(id), Selected: true}}})
	}
	d.Communities = dir.communityOptions(d.In.Community)
	d.Langs = langOptions(loc, d.In.Lang)
	d.MinPassword = s.deps.Users.MinPasswordLength
	title := "web.title.user"
	if d.ID == 0 {
		title = "web.title.user_new"
	}
	return s.render(c, status, "admin_user", s.newPage(c, title, d))
}
