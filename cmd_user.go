package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"time"

	"xietong/config"
	"xietong/domain"
)

// userCmd is "user add": it creates an account, printing a generated
// password when none was given. Its --lang is the new account's language
// (of its mail and pages); the command line's own language is chosen by a
// --lang before "user".
func (o *term) userCmd(ctx context.Context, cfg config.Config, clk clock, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return o.usageError("cli.usage.user")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var c domain.CreateUser
	var role string
	fs.StringVar(&c.Username, "username", "", "")
	fs.StringVar(&role, "role", "", "")
	fs.StringVar(&c.OrgCode, "org", "", "")
	fs.StringVar(&c.CommunityCode, "community", "", "")
	fs.StringVar(&c.Email, "email", "", "")
	fs.StringVar(&c.Password, "password", "", "")
	fs.StringVar(&c.DisplayName, "display-name", "", "")
	fs.StringVar(&c.Lang, "lang", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return o.usageError("cli.user.bad_flags", err)
	}
	if fs.NArg() > 0 {
		return o.usageError("cli.user.unexpected", fs.Arg(0))
	}
	c.Role = domain.Role(role)
	generated := c.Password == ""
	if generated {
		c.Password = randomPassword()
	}
	var u domain.User
	err := withApp(ctx, cfg, clk, func(a app) (err error) {
		u, err = a.users.CreateUser(ctx, domain.SystemActor(), c)
		return o.describe(err)
	})
	if err != nil {
		return err
	}
	o.say("cli.user.created", u.Username, u.ID, u.Role)
	if generated {
		o.say("cli.user.password", c.Password)
	}
	return nil
}

// tokenCmd is "token create": it prints a new API token of a user, alone
// on its line so that a script can take it.
func (o *term) tokenCmd(ctx context.Context, cfg config.Config, clk clock, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return o.usageError("cli.usage.token")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	username := fs.String("username", "", "")
	name := fs.String("name", "cli", "")
	ttl := fs.Duration("ttl", 90*24*time.Hour, "")
	fs.Func("lang", "", o.setLang)
	if err := fs.Parse(args[1:]); err != nil {
		return o.usageError("cli.token.bad_flags", err)
	}
	if *username == "" || fs.NArg() > 0 {
		return o.usageError("cli.usage.token")
	}
	var secret string
	err := withApp(ctx, cfg, clk, func(a app) (err error) {
		secret, _, err = a.users.CreateToken(ctx, domain.SystemActor(), *username, *name, *ttl)
		return o.describe(err)
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(o.w, secret)
	return nil
}

// withApp opens the store, brings the schema and reference data up to date
// (a command may run before any server has) and runs fn with the services.
// fn describes its domain errors in the operator's language (term.describe).
func withApp(ctx context.Context, cfg config.Config, clk clock, fn func(app) error) error {
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := prepare(ctx, st, clk.now()); err != nil {
		return err
	}
	return fn(services(cfg, st, clk))
}

func randomPassword() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
