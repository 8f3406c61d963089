package main

import (
	"context"
	"fmt"
	"io"

	"xietong/config"
	"xietong/migrations"
)

// migrateCmd is "migrate up|down|status".
func migrateCmd(ctx context.Context, cfg config.Config, clk clock, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError("usage: xietong migrate up|down|status")
	}
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "up":
		names, err := migrations.Up(ctx, st.DB)
		report(stdout, "applied", "nothing to apply", names, err)
		return err
	case "down":
		names, err := migrations.Down(ctx, st.DB)
		report(stdout, "rolled back", "nothing to roll back", names, err)
		return err
	case "status":
		list, err := migrations.List(ctx, st.DB)
		for _, s := range list {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%-8s %s\n", state, s.Name)
		}
		return err
	}
	return usageError("usage: xietong migrate up|down|status")
}

// report prints one line per migration name, or none when nothing happened.
func report(w io.Writer, verb, none string, names []string, err error) {
	for _, n := range names {
		fmt.Fprintln(w, verb, n)
	}
	if err == nil && len(names) == 0 {
		fmt.Fprintln(w, none)
	}
}
