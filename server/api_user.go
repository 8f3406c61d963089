package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// userJSON is a user as clients see them; the password hash never leaves
// the server.
type userJSON struct {
	ID          int64   `json:"id"`
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	Email       string  `json:"email"`
	Role        string  `json:"role"`
	OrgID       *int64  `json:"org_id"`
	CommunityID *int64  `json:"community_id"`
	Lang        string  `json:"lang"`
	Active      bool    `json:"active"`
	MailOff     bool    `json:"mail_off"`
	CreatedAt   *string `json:"created_at"`
	UpdatedAt   *string `json:"updated_at"`
}

func toUserJSON(u domain.User) userJSON {
	return userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Email: u.Email,
		Role: string(u.Role), OrgID: idJSON(u.OrgID), CommunityID: idJSON(u.CommunityID),
		Lang: u.Lang, Active: u.Active, MailOff: u.MailOff, CreatedAt: timeJSON(u.CreatedAt),
		UpdatedAt: timeJSON(u.UpdatedAt)}
}

type userCreateJSON struct {
	Username      string `json:"username"`
	DisplayName   string `json:"display_name"`
	Email         string `json:"email"`
	Role          string `json:"role"`
	OrgID         int64  `json:"org_id"`
	OrgCode       string `json:"org_code"`
	CommunityID   int64  `json:"community_id"`
	CommunityCode string `json:"community_code"`
	Password      string `json:"password"`
	Lang          string `json:"lang"`
}

func (in userCreateJSON) command() domain.CreateUser {
	return domain.CreateUser{Username: in.Username, DisplayName: in.DisplayName, Email: in.Email,
		Role: domain.Role(in.Role), OrgID: in.OrgID, OrgCode: in.OrgCode, CommunityID: in.CommunityID,
		CommunityCode: in.CommunityCode, Password: in.Password, Lang: in.Lang}
}

type userPatchJSON struct {
	DisplayName *string `json:"display_name"`
	Email       *string `json:"email"`
	Active      *bool   `json:"active"`
	Lang        *string `json:"lang"`
	Password    *string `json:"password"`
	MailOff     *bool   `json:"mail_off"`
	// Role, OrgID and CommunityID change what the user is (admin, not on
	// oneself); a role without a binding drops it.
	Role        *string `json:"role"`
	OrgID       *int64  `json:"org_id"`
	CommunityID *int64  `json:"community_id"`
	// CurrentPassword proves a change of one's own password or email.
	CurrentPassword *string `json:"current_password"`
}

func (in userPatchJSON) command() domain.UpdateUser {
	c := domain.UpdateUser{DisplayName: in.DisplayName, Email: in.Email, Active: in.Active,
		Lang: in.Lang, Password: in.Password, MailOff: in.MailOff, CurrentPassword: in.CurrentPassword,
		OrgID: in.OrgID, CommunityID: in.CommunityID}
	if in.Role != nil {
		r := domain.Role(*in.Role)
		c.Role = &r
	}
	return c
}

// handleUserList lists users (admin); ?role, ?org_id, ?community_id,
// ?active and ?q filter.
func (a api) handleUserList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.UserFilter{Role: domain.Role(c.QueryParam("role")), Q: c.QueryParam("q")}
	if f.OrgID, err = queryID(c, "org_id"); err != nil {
		return err
	}
	if f.CommunityID, err = queryID(c, "community_id"); err != nil {
		return err
	}
	if f.Active, err = queryBool(c, "active"); err != nil {
		return err
	}
	l, err := a.deps.Users.Users(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toUserJSON))
}

// handleUserGet returns a user: any for an admin, oneself for others
// (anyone else is 404, not 403, so that accounts cannot be enumerated).
func (a api) handleUserGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := a.deps.Users.User(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}

// handleUserCreate adds a user (admin).
func (a api) handleUserCreate(c echo.Context) error {
	var in userCreateJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := a.deps.Users.CreateUser(c.Request().Context(), actorOf(c), in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toUserJSON(u))
}

// handleUserUpdate edits a user: an admin anyone, a user themselves.
func (a api) handleUserUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in userPatchJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := a.deps.Users.UpdateUser(c.Request().Context(), actorOf(c), id, in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toUserJSON(u))
}
