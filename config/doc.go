// Package config turns the process environment, and optionally a KEY=VALUE
// file, into one typed, fully validated Config.
//
// Every setting is parsed and checked once, at start-up, before anything
// listens or connects. URLs arrive as *url.URL, the time zone as a
// *time.Location, timeouts as time.Duration, so no other package re-parses a
// string or meets a malformed value halfway through a request, a mail send or
// a midnight job. A bad value is never replaced by a default with a warning
// (the way Vikunja runs on): Load reports every problem at once, one line per
// problem starting with the variable's name, and main stops with exit status
// 2. An operator fixes the whole list in one pass instead of one restart per
// typo.
//
// The package imports only the standard library. So the cron specs
// (XIETONG_SCHEDULE_*) are kept as written, and the scheduler, which owns
// the cron parser, checks them when the server starts (scheduler.CheckSpec),
// naming the variable the same way, before the server listens.
//
// Sources, lowest to highest precedence:
//
//  1. the defaults listed by Vars;
//  2. the file named by XIETONG_CONFIG: KEY=VALUE lines with the same names,
//     blank lines and lines starting with '#' ignored, an optional "export "
//     prefix, values optionally wrapped in matching single or double quotes
//     (taken literally: no escapes, no inline comments);
//  3. the environment. An empty environment variable counts as unset.
//
// Secrets (see Var.Secret) may instead be given as NAME_FILE, the path of a
// file holding the value (Docker and systemd credentials); its trailing
// newline is dropped. Setting both NAME and NAME_FILE in one source is an
// error. Error messages and Config.Redacted never show a secret's value.
//
// The package holds no state: Load reads only through the getenv function it
// is given and the files it names, so tests call it with a map lookup.
package config
