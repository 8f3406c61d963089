package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"xietong/domain"
	"xietong/notifications/i18n"
	"xietong/server"
)

// term is what the command line writes for a person: the output stream and
// the operator's language. Every word it writes comes from the catalogue's
// cli.* keys; the logs stay English, for the tools that read them.
type term struct {
	w   io.Writer
	cat *i18n.Catalogue
	loc *i18n.Localizer
}

// newTerm loads the catalogue and speaks the language of the environment's
// locale (see envLang); a --lang flag may change it later.
func newTerm(getenv func(string) string, w io.Writer) (*term, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	return &term{w: w, cat: cat, loc: cat.Localizer(envLang(getenv))}, nil
}

// envLang reads the language of messages the POSIX way: the first of
// LC_ALL, LC_MESSAGES and LANG that is set decides. Chinese is the product's
// first language, so C, POSIX and any locale other than zh* or en* mean
// Chinese.
func envLang(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return localeLang(v)
		}
	}
	return i18n.LangZH
}

// localeLang maps a POSIX locale ("en_US.UTF-8", "zh_CN.GB18030@x") to a
// language of the catalogue, Chinese when it names none.
func localeLang(locale string) string {
	tag, _, _ := strings.Cut(locale, ".")
	tag, _, _ = strings.Cut(tag, "@")
	if l := i18n.Match(strings.ReplaceAll(tag, "_", "-")); l != "" {
		return l
	}
	return i18n.LangZH
}

// setLang switches to the language a --lang flag names ("zh-CN", "en",
// "en-US"…); it is a flag.Func.
func (o *term) setLang(v string) error {
	l := i18n.Match(v)
	if l == "" {
		return errors.New(o.T("cli.lang.choices"))
	}
	o.loc = o.cat.Localizer(l)
	return nil
}

// langFlags takes the global flags before the subcommand: --lang L,
// --lang=L (one or two dashes).
func (o *term) langFlags(args []string) ([]string, error) {
	for len(args) > 0 {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if name != "lang" || !strings.HasPrefix(args[0], "-") {
			return args, nil
		}
		args = args[1:]
		if !hasValue {
			if len(args) == 0 {
				return nil, o.usageError("cli.lang.missing")
			}
			value, args = args[0], args[1:]
		}
		if o.setLang(value) != nil {
			return nil, o.usageError("cli.lang.invalid", value)
		}
	}
	return args, nil
}

// T is the text of key in the operator's language.
func (o *term) T(key string, args ...any) string { return o.loc.T(key, args...) }

// say writes the text of key as one line.
func (o *term) say(key string, args ...any) { fmt.Fprintln(o.w, o.T(key, args...)) }

// usageError is a mistake in the command line (exit 2), told by key.
func (o *term) usageError(key string, args ...any) error {
	return &exitCode{code: 2, err: errors.New(o.T(key, args...))}
}

// describe turns a domain error into one readable line in the operator's
// language, as the API would say it; other errors pass unchanged.
func (o *term) describe(err error) error {
	var e *domain.Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	return errors.New(server.Describe(err, o.loc))
}

// printError writes err to w one line at a time, each after the program's
// name; o may be nil when the catalogue could not be loaded.
func (o *term) printError(w io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		if o == nil {
			fmt.Fprintln(w, "xietong:", line)
			continue
		}
		fmt.Fprintln(w, o.T("cli.error", line))
	}
}
