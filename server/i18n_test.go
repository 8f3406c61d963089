package server

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCatalogParity fails when one language lacks a key of another.
func TestCatalogParity(t *testing.T) {
	t.Parallel()
	cs, err := loadCatalogs(catalogFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range languages {
		for _, b := range languages {
			for k := range cs[a] {
				if _, ok := cs[b][k]; !ok {
					t.Errorf("%s has %q, %s lacks it", a, k, b)
				}
			}
		}
	}
}

// domainKeyRE finds message keys where the domain and store build errors.
var domainKeyRE = regexp.MustCompile(`(?:Invalid\(|Fail\([^,()\n]+, |\.Add\([^"\n]*?, |notFound\(err, )"([a-z_]+(?:\.[a-z_]+)*)"`)

// TestCatalogHasDomainKeys fails when the domain can produce an error whose
// key no catalog translates.
func TestCatalogHasDomainKeys(t *testing.T) {
	t.Parallel()
	cs, err := loadCatalogs(catalogFiles)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	err = filepath.WalkDir("../domain", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range domainKeyRE.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys in ../domain; is the pattern broken?", len(keys))
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		for _, lang := range languages {
			if _, ok := cs[lang][k]; !ok {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
	}
}

func TestLocalizer(t *testing.T) {
	t.Parallel()
	cs := catalogs{
		langZH: {"a.b": "找不到 %v", "plain": "简单"},
		langEN: {"a.b": "%v not found"},
	}
	tests := []struct {
		name, lang, key string
		args            []any
		want            string
	}{
		{"Chinese", langZH, "a.b", []any{7}, "找不到 7"},
		{"English", langEN, "a.b", []any{"x"}, "x not found"},
		{"falls back to Chinese", langEN, "plain", nil, "简单"},
		{"falls back to the key", langEN, "no.such", nil, "no.such"},
		{"unsupported language", "fr", "a.b", []any{1}, "找不到 1"},
		{"extra arguments are dropped", langZH, "plain", []any{1, 2}, "简单"},
		{"extra arguments after a verb", langZH, "a.b", []any{1, 2}, "找不到 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cs.localizer(tt.lang).T(tt.key, tt.args...); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAcceptLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct{ header, want string }{
		{"", langZH},
		{"en", langEN},
		{"en-US,en;q=0.9", langEN},
		{"zh-CN,zh;q=0.9,en;q=0.8", langZH},
		{"fr-FR,fr;q=0.9,en;q=0.8,zh;q=0.7", langEN},
		{"zh-TW;q=0.5, en;q=0.6", langEN},
		{"de", langZH},
		{"en;q=bogus", langZH},
	}
	for _, tt := range tests {
		if got := acceptLanguage(tt.header); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.header, got, tt.want)
		}
	}
}

func TestLoadCatalogsMerges(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"i18n/zh-CN.json":     {Data: []byte(`{"a":"甲"}`)},
		"i18n/web.zh-CN.json": {Data: []byte(`{"web.b":"乙"}`)},
		"i18n/en.json":        {Data: []byte(`{"a":"A"}`)},
	}
	cs, err := loadCatalogs(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs[langZH]) != 2 || cs[langZH]["web.b"] != "乙" {
		t.Errorf("zh-CN: got %v", cs[langZH])
	}
	fsys["i18n/web.en.json"] = &fstest.MapFile{Data: []byte(`{"a":"again"}`)}
	if _, err := loadCatalogs(fsys); err == nil {
		t.Error("a key defined in two files loaded without error")
	}
	fsys["i18n/web.en.json"] = &fstest.MapFile{Data: []byte(`{"a":`)}
	if _, err := loadCatalogs(fsys); err == nil {
		t.Error("a broken file loaded without error")
	}
}
