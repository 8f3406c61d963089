package migrations_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"text/template"

	"xietong/domain/store/storetest"
)

// TestCleanControlText runs 20261205000070 over records written before the
// store refused control characters: they lose them, and keep TAB, LF, CR
// and every other character.
func TestCleanControlText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		src, err := os.ReadFile("20261205000070_clean_control_text.tx.up.sql")
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := template.New("up").Parse(string(src))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, map[string]string{"Dialect": db.Dialect().String()}); err != nil {
			t.Fatal(err)
		}
		const id = 1 // the first seeded organisation and community
		legacy := "西安\x07市\x1b[31m公安局\u0085\x7f\t第一\r\n分局"
		if _, err := db.DB.NewRaw("UPDATE organizations SET head_name = ? WHERE id = ?", legacy, id).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.NewRaw("UPDATE communities SET county = ? WHERE id = ?", legacy, id).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		for _, stmt := range strings.Split(b.String(), "--bun:split") {
			if _, err := db.DB.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%.200s: %v", stmt, err)
			}
		}
		const want = "西安市[31m公安局\t第一\r\n分局"
		for _, q := range []string{"SELECT head_name FROM organizations WHERE id = ?", "SELECT county FROM communities WHERE id = ?"} {
			var got string
			if err := db.DB.NewRaw(q, id).Scan(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s: got %q, want %q", q, got, want)
			}
		}
	})
}
