package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Langs() {
		if got, ok := c.Text(lang, "web.site.name"); !ok || got == "" {
			t.Errorf("%s web.site.name: got %q, %v", lang, got, ok)
		}
	}
}

func TestLoadFSRefuses(t *testing.T) {
	tests := []struct {
		name, zh string
	}{
		{"a key given twice", `{"a": "甲", "a": "乙"}`},
		{"broken JSON", `{"a": `},
		{"a value that is not a string", `{"a": 1}`},
		{"not an object", `["a"]`},
		{"text after the object", `{"a": "甲"} {}`},
		{"no texts", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"zh-CN.json": {Data: []byte(tt.zh)}, "en.json": {Data: []byte(`{"a": "A"}`)}}
			if _, err := LoadFS(fsys); err == nil {
				t.Error("loaded without error")
			}
		})
	}
	if _, err := LoadFS(fstest.MapFS{"zh-CN.json": {Data: []byte(`{"a": "甲"}`)}}); err == nil {
		t.Error("loaded without en.json")
	}
}

// TestFilesSorted keeps the files in key order, so that a key is found,
// and a diff read, in one place.
func TestFilesSorted(t *testing.T) {
	for _, lang := range Langs() {
		b, err := files.ReadFile(lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var prev string
		for _, line := range strings.Split(string(b), "\n") {
			k, _, ok := strings.Cut(strings.TrimSpace(line), `": `)
			if !ok {
				continue
			}
			if k = strings.TrimPrefix(k, `"`); k <= prev {
				t.Errorf("%s.json: %q comes after %q", lang, k, prev)
			}
			prev = k
		}
	}
}

func TestLocalizer(t *testing.T) {
	c := &Catalogue{texts: map[string]map[string]string{
		LangZH: {"a.b": "找不到 %v", "plain": "简单"},
		LangEN: {"a.b": "%v not found"},
	}}
	tests := []struct {
		name, lang, key string
		args            []any
		want            string
	}{
		{"Chinese", LangZH, "a.b", []any{7}, "找不到 7"},
		{"English", LangEN, "a.b", []any{"x"}, "x not found"},
		{"falls back to Chinese", LangEN, "plain", nil, "简单"},
		{"falls back to the key", LangEN, "no.such", nil, "no.such"},
		{"unsupported language", "fr", "a.b", []any{1}, "找不到 1"},
		{"extra arguments are dropped", LangZH, "plain", []any{1, 2}, "简单"},
		{"extra arguments after a verb", LangZH, "a.b", []any{1, 2}, "找不到 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Localizer(tt.lang).T(tt.key, tt.args...); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNormalizeAndMatch pins the two ways a language is chosen: Normalize
// (mail, workbook) always picks one, Match (a request's tags) may pick none.
func TestNormalizeAndMatch(t *testing.T) {
	tests := []struct {
		in, normalize, match string
	}{
		{"", LangZH, ""},
		{"zh-CN", LangZH, LangZH},
		{"zh", LangZH, LangZH},
		{"zh-TW", LangZH, LangZH},
		{" EN ", LangEN, LangEN},
		{"en-GB", LangEN, LangEN},
		{"en_US", LangEN, ""},
		{"english", LangZH, ""},
		{"fr", LangZH, ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.normalize {
			t.Errorf("Normalize(%q): got %q, want %q", tt.in, got, tt.normalize)
		}
		if got := Match(tt.in); got != tt.match {
			t.Errorf("Match(%q): got %q, want %q", tt.in, got, tt.match)
		}
	}
}

// TestReplyNotes pins the notes the domain names by key to the words it
// wrote before the catalogue held them: they are stored in task records.
func TestReplyNotes(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	l := c.Localizer(LangZH)
	if got, want := l.T("inbound.note.extension", "2025-03-31"), "申请延期至 2025-03-31"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := l.T("inbound.note.attachments"), "（邮件附件）"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
