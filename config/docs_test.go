package config

import (
	"os"
	"strings"
	"testing"
)

// TestConfigurationDocumented: docs/configuration.md lists every variable
// Load reads, in a table row with its default, says which secrets may come
// from NAME_FILE, and lists no variable Load does not know; so the page
// cannot fall behind the code.
func TestConfigurationDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	rows := map[string][]string{} // variable → its row's cells
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "| `XIETONG_") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		name := strings.Trim(strings.TrimSpace(cells[0]), "`")
		if _, dup := rows[name]; dup {
			t.Errorf("%s has two rows", name)
		}
		rows[name] = cells
	}
	known := map[string]bool{}
	for _, v := range Vars() {
		known[v.Name] = true
		cells, ok := rows[v.Name]
		switch {
		case !ok:
			t.Errorf("%s is not in docs/configuration.md", v.Name)
			continue
		case len(cells) != 3:
			t.Errorf("%s: row has %d cells, want variable | default | meaning", v.Name, len(cells))
			continue
		case v.Default != "" && !strings.Contains(cells[1], "`"+v.Default+"`"):
			t.Errorf("%s: documented default %q, want `%s`", v.Name, strings.TrimSpace(cells[1]), v.Default)
		case v.Default == "" && !strings.HasPrefix(strings.TrimSpace(cells[1]), "empty"):
			t.Errorf("%s: documented default %q, want it to say empty", v.Name, strings.TrimSpace(cells[1]))
		}
		if secret := strings.Contains(cells[2], "*secret.*"); secret != v.Secret {
			t.Errorf("%s: marked secret %v in the docs, but Secret is %v", v.Name, secret, v.Secret)
		}
	}
	for name := range rows {
		if !known[name] {
			t.Errorf("docs/configuration.md lists %s, which config does not read", name)
		}
	}
	if len(known) < 40 {
		t.Fatalf("Vars lists %d variables; the check is broken", len(known))
	}
}
