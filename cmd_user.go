package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/server"
)

// userCmd is "user add": it creates an account, printing a generated
// password when none was given.
func userCmd(ctx context.Context, cfg config.Config, clk clock, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError("usage: xietong user add --username U --role R [--org CODE] [--community CODE] --email E [--password P]")
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
		return usageError("user add: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError("user add: unexpected argument %q", fs.Arg(0))
	}
	c.Role = domain.Role(role)
	generated := c.Password == ""
	if generated {
		c.Password = randomPassword()
	}
	var u domain.User
	err := withApp(ctx, cfg, clk, func(a app) (err error) {
		u, err = a.users.CreateUser(ctx, domain.SystemActor(), c)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (id %d, role %s)\n", u.Username, u.ID, u.Role)
	if generated {
		fmt.Fprintf(stdout, "password: %s\n", c.Password)
	}
	return nil
}

// tokenCmd is "token create": it prints a new API token of a user.
func tokenCmd(ctx context.Context, cfg config.Config, clk clock, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("usage: xietong token create --username U [--name N] [--ttl DURATION]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	username := fs.String("username", "", "")
	name := fs.String("name", "cli", "")
	ttl := fs.Duration("ttl", 90*24*time.Hour, "")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError("token create: %v", err)
	}
	if *username == "" || fs.NArg() > 0 {
		return usageError("usage: xietong token create --username U [--name N] [--ttl DURATION]")
	}
	var secret string
	err := withApp(ctx, cfg, clk, func(a app) (err error) {
		secret, _, err = a.users.CreateToken(ctx, domain.SystemActor(), *username, *name, *ttl)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	return nil
}

// withApp opens the store, brings the schema and reference data up to date
// (a command may run before any server has) and runs fn with the services;
// a domain error comes back as one readable line.
func withApp(ctx context.Context, cfg config.Config, clk clock, fn func(app) error) error {
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := prepare(ctx, st, clk.now()); err != nil {
		return err
	}
	return describe(fn(services(cfg, st, clk)))
}

// describe turns a domain error into one readable English line for the terminal.
func describe(err error) error {
	var e *domain.Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	return errors.New(server.Describe(err, "en"))
}

func randomPassword() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
