package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"xietong/notifications/i18n"
)

func TestEnvLang(t *testing.T) {
	tests := []struct {
		name string
		env  env
		want string
	}{
		{"nothing set", env{}, i18n.LangZH},
		{"Chinese", env{"LANG": "zh_CN.UTF-8"}, i18n.LangZH},
		{"English", env{"LANG": "en_US.UTF-8"}, i18n.LangEN},
		{"bare en", env{"LANG": "en"}, i18n.LangEN},
		{"with a modifier", env{"LANG": "en_GB.UTF-8@euro"}, i18n.LangEN},
		{"C", env{"LANG": "C"}, i18n.LangZH},
		{"POSIX", env{"LANG": "POSIX"}, i18n.LangZH},
		{"another language", env{"LANG": "fr_FR.UTF-8"}, i18n.LangZH},
		{"LC_MESSAGES over LANG", env{"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, i18n.LangEN},
		{"LC_ALL over both", env{"LANG": "en_US.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LC_ALL": "C"}, i18n.LangZH},
		{"empty LC_ALL is unset", env{"LC_ALL": "", "LANG": "en_US.UTF-8"}, i18n.LangEN},
	}
	for _, tt := range tests {
		if got := envLang(tt.env.get); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// langEnv is e with the locale variables replaced by locale.
func langEnv(e env, locale env) env {
	out := env{}
	for k, v := range e {
		if k != "LANG" {
			out[k] = v
		}
	}
	for k, v := range locale {
		out[k] = v
	}
	return out
}

// TestCommandLanguage runs the same commands in each way of choosing a
// language: Chinese by default and for a Chinese locale, English for an
// English locale or --lang en.
func TestCommandLanguage(t *testing.T) {
	tests := []struct {
		name   string
		locale env
		flags  []string
		zh     bool
	}{
		{"default", env{}, nil, true},
		{"C locale", env{"LANG": "C"}, nil, true},
		{"LANG Chinese", env{"LANG": "zh_CN.UTF-8"}, nil, true},
		{"LANG English", env{"LANG": "en_US.UTF-8"}, nil, false},
		{"--lang en", env{}, []string{"--lang", "en"}, false},
		{"--lang=en over LANG", env{"LANG": "zh_CN.UTF-8"}, []string{"--lang=en"}, false},
		{"--lang zh-CN over LC_ALL", env{"LC_ALL": "en_US.UTF-8"}, []string{"--lang", "zh-CN"}, true},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := langEnv(sqliteEnv(t), tt.locale)
			cmd := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(ctx, append(append([]string{}, tt.flags...), args...), e.get, &out, io.Discard, wallClock())
				return out.String(), err
			}
			pick := func(zh, en string) string {
				if tt.zh {
					return zh
				}
				return en
			}
			help, err := cmd("help")
			if err != nil || !strings.HasPrefix(help, pick("用法：xietong", "usage: xietong")) {
				t.Errorf("help: %v\n%s", err, help)
			}
			status, err := cmd("migrate", "status")
			if want := pick("待应用", "pending"); err != nil || !strings.Contains(status, want) {
				t.Errorf("migrate status: %v, want %q in\n%s", err, want, status)
			}
			_, err = cmd("frobnicate")
			if want := pick(`未知命令 "frobnicate"`, `unknown command "frobnicate"`); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("usage error: got %v, want %q", err, want)
			}
			_, err = cmd("user", "add", "--username", "xx", "--role", "department", "--email", "x@y.cn")
			if want := pick("部门角色的用户必须绑定单位", "A department user must be bound to an organisation"); err == nil ||
				!strings.Contains(err.Error(), want) {
				t.Errorf("domain error: got %v, want %q", err, want)
			}
		})
	}
}

// TestSubcommandLang: a subcommand that parses flags takes --lang too, and
// a --lang the catalogue lacks is a usage error.
func TestSubcommandLang(t *testing.T) {
	e := langEnv(sqliteEnv(t), env{"LANG": "zh_CN.UTF-8"})
	ctx := context.Background()
	err := run(ctx, []string{"supervise", "--lang", "en", "--at", "soon"}, e.get, io.Discard, io.Discard, wallClock())
	if err == nil || !strings.Contains(err.Error(), `supervise: --at: "soon" is not a time`) {
		t.Errorf("supervise --lang en: got %v", err)
	}
	err = run(ctx, []string{"report", "send", "--period", "daily"}, e.get, io.Discard, io.Discard, wallClock())
	if err == nil || !strings.Contains(err.Error(), "用法：xietong report send") {
		t.Errorf("report send in Chinese: got %v", err)
	}
	err = run(ctx, []string{"token", "create", "--lang", "en"}, e.get, io.Discard, io.Discard, wallClock())
	if err == nil || err.Error() != "usage: xietong token create --username U [--name N] [--ttl DURATION]" {
		t.Errorf("token create --lang en: got %v", err)
	}
	for _, args := range [][]string{{"--lang", "fr", "help"}, {"--lang"}, {"supervise", "--lang", "fr"}} {
		err := run(ctx, args, e.get, io.Discard, io.Discard, wallClock())
		var ec *exitCode
		if !errors.As(err, &ec) || ec.code != 2 {
			t.Errorf("%v: got %v, want a usage error (exit 2)", args, err)
		}
	}
}

// TestPrintError: main's error lines start with the program's name, in the
// operator's language.
func TestPrintError(t *testing.T) {
	for _, tt := range []struct {
		locale, want string
	}{
		{"", "xietong：a\nxietong：b\n"},
		{"en_US.UTF-8", "xietong: a\nxietong: b\n"},
	} {
		o, err := newTerm(env{"LANG": tt.locale}.get, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var w bytes.Buffer
		o.printError(&w, errors.New("a\nb"))
		if w.String() != tt.want {
			t.Errorf("LANG=%q: got %q, want %q", tt.locale, w.String(), tt.want)
		}
	}
	var w bytes.Buffer
	(*term)(nil).printError(&w, errors.New("no catalogue"))
	if w.String() != "xietong: no catalogue\n" {
		t.Errorf("without a catalogue: got %q", w.String())
	}
}
