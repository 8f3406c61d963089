package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// fileValue is one KEY=VALUE line of the config file; where is "path:line".
type fileValue struct {
	value string
	where string
}

// fileValues maps a key to its line in the config file.
type fileValues map[string]fileValue

// testDatabaseVar is read by the test suite, not by Load; it may sit in a
// shared environment file.
const testDatabaseVar = "XIETONG_TEST_DATABASE_URL"

// readFile reads and parses the config file at path. Every error starts with
// XIETONG_CONFIG and names the file line.
func readFile(path string) (fileValues, []error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", configVar, err)}
	}
	return parseFile(path, string(b))
}

// parseFile parses KEY=VALUE lines. Keys not starting with XIETONG_ are
// skipped, so one file can also feed other programs' environment (systemd
// EnvironmentFile, docker --env-file); an unknown XIETONG_ key is a typo and
// an error. Values are never echoed in errors: they may be secrets.
func parseFile(path, text string) (fileValues, []error) {
	known := make(map[string]bool)
	for _, s := range specs() {
		known[s.name] = true
		if s.secret {
			known[s.name+"_FILE"] = true
		}
	}
	vals := make(fileValues)
	var errs []error
	text = strings.TrimPrefix(text, "\uFEFF") // editors on Windows add a BOM
	for i, line := range strings.Split(text, "\n") {
		where := fmt.Sprintf("%s:%d", path, i+1)
		fail := func(msg string) {
			errs = append(errs, fmt.Errorf("%s: %s: %s", configVar, where, msg))
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, value, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		switch {
		case !ok || key == "":
			fail("want KEY=VALUE")
			continue
		case !strings.HasPrefix(key, "XIETONG_") || key == testDatabaseVar:
			continue
		case key == configVar:
			fail(configVar + " cannot be set inside the config file")
			continue
		case !known[key]:
			fail("unknown variable " + key)
			continue
		}
		if prev, dup := vals[key]; dup {
			fail(key + " is already set at " + prev.where)
			continue
		}
		v, err := unquote(strings.TrimSpace(value))
		if err != nil {
			fail(key + ": " + err.Error())
			continue
		}
		vals[key] = fileValue{value: v, where: where}
	}
	return vals, errs
}

// unquote strips one pair of matching single or double quotes, taking the
// inside literally.
func unquote(v string) (string, error) {
	if v == "" || (v[0] != '"' && v[0] != '\'') {
		return v, nil
	}
	if len(v) < 2 || v[len(v)-1] != v[0] {
		return "", errors.New("unterminated quote")
	}
	return v[1 : len(v)-1], nil
}
