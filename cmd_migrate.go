package main

import (
	"context"
	"fmt"

	"xietong/config"
	"xietong/migrations"
)

// migrateCmd is "migrate up|down|status". Each line keeps the migration's
// name as its last word, so scripts can read it in either language.
func (o *term) migrateCmd(ctx context.Context, cfg config.Config, clk clock, args []string) error {
	if len(args) != 1 {
		return o.usageError("cli.usage.migrate")
	}
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "up":
		names, err := migrations.Up(ctx, st.DB)
		o.migrated("cli.migrate.applied", "cli.migrate.nothing_to_apply", names, err)
		return err
	case "down":
		names, err := migrations.Down(ctx, st.DB)
		o.migrated("cli.migrate.rolled_back", "cli.migrate.nothing_to_roll_back", names, err)
		return err
	case "status":
		list, err := migrations.List(ctx, st.DB)
		for _, s := range list {
			state := o.T("cli.migrate.state_pending")
			if s.Applied {
				state = o.T("cli.migrate.state_applied")
			}
			fmt.Fprintf(o.w, "%-8s %s\n", state, s.Name)
		}
		return err
	}
	return o.usageError("cli.usage.migrate")
}

// migrated prints one line per migration name (key, with the name), or the
// text of none when nothing happened.
func (o *term) migrated(key, none string, names []string, err error) {
	for _, n := range names {
		o.say(key, n)
	}
	if err == nil && len(names) == 0 {
		o.say(none)
	}
}
