package server

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain/store/storetest"
)

// TestBrowserAccounts drives the administration in a real browser: the
// admin adds a department user and resets their password; the password
// from before no longer signs in, the reset one does; the user changes it
// on their account page, after which the reset one no longer signs in;
// the admin sets an organisation's head address on its form.
func TestBrowserAccounts(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	env := newWebEnvOn(t, storetest.SQLite(t), false)
	ctx := newChrome(t)

	do := tab{t, ctx}.do
	text := tab{t, ctx}.text
	signIn := func(who, username, password, waitFor string) {
		t.Helper()
		do("sign in as "+who,
			signInSteps(env.URL+"/login", username, password, waitFor)...)
	}
	// refused: a sign-in with this password fails on the form.
	refused := func(who, username, password string) {
		t.Helper()
		do("sign in as "+who+" (refused)",
			signInSteps(env.URL+"/login", username, password, `main p.alert[role="alert"]`)...)
		if got := text(`main p.alert[role="alert"]`); got != "用户名或密码错误。" {
			t.Errorf("%s: got %q, want the sign-in refused", who, got)
		}
	}
	signOut := func() {
		t.Helper()
		do("sign out",
			chromedp.Click(chromedp.CSS(`form.logout button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("#username")))
	}

	signIn("the admin", "admin", webAdminPassword, ".tiles")
	do("open the users and the add form",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/admin/users"]`)),
		chromedp.WaitVisible(chromedp.CSS("#users")),
		chromedp.Click(chromedp.CSS("#user-add")),
		chromedp.WaitVisible(chromedp.CSS("#user-form")))
	do("add a department user",
		chromedp.SendKeys(chromedp.CSS("#username"), "police2"),
		chromedp.SendKeys(chromedp.CSS("#display_name"), "王警官"),
		chromedp.SendKeys(chromedp.CSS("#email"), "wang@police.example.cn"),
		chromedp.SetValue(chromedp.CSS("#role"), "department"),
		chromedp.SetValue(chromedp.CSS("#org_id"), webID(env.orgID(orgPolice))),
		chromedp.Click(chromedp.CSS("#user-save")),
		chromedp.WaitVisible(chromedp.CSS("#new-password")))
	if got := text("#user-flash"); got != "用户已添加。" {
		t.Errorf("after adding: got %q", got)
	}
	first := text("#new-password")
	do("open the user from the list and reset the password",
		chromedp.Click(chromedp.CSS(`p.crumbs a[href="/admin/users"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#users tr[data-role="department"] a.name`)),
		chromedp.Click(chromedp.CSS(`#users tr[data-role="department"] a.name`)),
		chromedp.WaitVisible(chromedp.CSS("#reset-password")),
		chromedp.Click(chromedp.CSS("#reset-password")),
		chromedp.WaitVisible(chromedp.CSS("#new-password")))
	reset := text("#new-password")
	if reset == "" || reset == first {
		t.Fatalf("reset password: got %q (first %q)", reset, first)
	}
	signOut()

	refused("the new user with the password from before the reset", "police2", first)
	signIn("the new user", "police2", reset, ".tiles")
	if got := text("header a.user"); got != "王警官" {
		t.Errorf("header: got %q, want the display name", got)
	}
	do("open the account page",
		chromedp.Click(chromedp.CSS("header a.user")),
		chromedp.WaitVisible(chromedp.CSS("#password-form")))
	do("change the password",
		chromedp.SendKeys(chromedp.CSS("#current_password"), reset),
		chromedp.SendKeys(chromedp.CSS("#new_password"), "my-own-password-9"),
		chromedp.SendKeys(chromedp.CSS("#confirm_password"), "my-own-password-9"),
		chromedp.Click(chromedp.CSS(`#password-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#account-flash")))
	if got := text("#account-flash"); !strings.Contains(got, "密码已修改") {
		t.Errorf("after the change: got %q", got)
	}
	signOut()
	refused("the user with the reset password, now changed", "police2", reset)
	signIn("the user with the new password", "police2", "my-own-password-9", ".tiles")
	signOut()

	signIn("the admin again", "admin", webAdminPassword, ".tiles")
	do("find the police on the addresses page",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/admin/organizations"]`)),
		chromedp.WaitVisible(chromedp.CSS("#org-addresses")),
		chromedp.SendKeys(chromedp.CSS(`input[name="q"]`), orgPolice),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		// Only the filtered page has the reset link: the row may be on
		// the unfiltered one too, and must not be clicked while it goes.
		chromedp.WaitVisible(chromedp.CSS(`form.filters a.reset`)),
		chromedp.WaitVisible(chromedp.CSS(`#org-addresses tr[data-code="`+orgPolice+`"]`)),
		chromedp.Click(chromedp.CSS(`#org-addresses tr[data-code="`+orgPolice+`"] a.name`)),
		chromedp.WaitVisible(chromedp.CSS("#org-form")))
	do("set the head's address",
		chromedp.SendKeys(chromedp.CSS("#head_name"), "李局长"),
		chromedp.SendKeys(chromedp.CSS("#head_email"), "li@police.example.cn"),
		chromedp.Click(chromedp.CSS("#org-save")),
		chromedp.WaitVisible(chromedp.CSS("#org-flash")))
	o, err := env.db.OrganizationByCode(context.Background(), orgPolice)
	if err != nil || o.HeadEmail != "li@police.example.cn" || o.HeadName != "李局长" {
		t.Errorf("the police after the form: %+v (%v)", o, err)
	}
}
