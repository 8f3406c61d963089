package store_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// badText is text the store refuses from a person: NUL (which cut the SQL
// text), other C0 controls, DEL, a C1 control and invalid UTF-8.
var badText = []struct{ name, s string }{
	{"nul", "城管\x00局"},
	{"trailing nul", "城管局\x00"},
	{"bell", "城管\x07局"},
	{"escape", "\x1b[31m城管局"},
	{"del", "城管局\x7f"},
	{"c1", "城管\u0085局"},
	{"invalid utf-8", "城管\xff局"},
}

func TestControlCharactersRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		for i, tc := range badText {
			t.Run(tc.name, func(t *testing.T) {
				o := domain.Organization{Code: "ctl-" + string(rune('a'+i)), Name: tc.s, Type: "health",
					Region: "xian", Level: "city", Active: true}
				err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateOrganization(ctx, &o) })
				if !errors.Is(err, domain.ErrInvalid) || domain.ErrorKey(err) != "input.control_character" {
					t.Fatalf("create: got %v, want ErrInvalid input.control_character", err)
				}
				var de *domain.Error
				if !errors.As(err, &de) || len(de.Args) != 1 || de.Args[0] != "name" {
					t.Errorf("create: the error names %v, want the column name", de)
				}
				o.Name = "城管局"
				if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateOrganization(ctx, &o) }); err != nil {
					t.Fatalf("create clean: %v", err)
				}
				o.HeadName = tc.s
				err = db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateOrganization(ctx, &o) })
				if domain.ErrorKey(err) != "input.control_character" {
					t.Errorf("update: got %v, want input.control_character", err)
				}
			})
		}
		// TAB, LF and CR are text.
		o := domain.Organization{Code: "ctl-ok", Name: "城管局\t第一\r\n分局", Type: "health", Region: "xian",
			Level: "city", Active: true}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.CreateOrganization(ctx, &o) }); err != nil {
			t.Errorf("TAB, CR, LF: %v", err)
		}
	})
}

// A received mail's text is cleaned, not refused: refusing would lose it.
func TestInboundTextCleaned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		got, err := db.RecordInbound(context.Background(), &domain.InboundMessage{MessageID: "<m\x00@x>",
			Via: "http", From: "a@example.org", Subject: "退信\x00\x1b\xff", Raw: []byte("raw\x00bytes"),
			Status: "received", ReceivedAt: storetest.Now})
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != "退信\uFFFD" || got.MessageID != "<m@x>" {
			t.Errorf("stored: subject %q, message id %q", got.Subject, got.MessageID)
		}
	})
}

// TestEveryRowChecksText keeps the check central: every bun row type of the
// package has its BeforeAppendModel hook, so a new table cannot skip it.
func TestEveryRowChecksText(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var rows, hooked []string
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok && embedsBaseModel(st) {
						rows = append(rows, ts.Name.Name)
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.Name == "BeforeAppendModel" {
					if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
						hooked = append(hooked, star.X.(*ast.Ident).Name)
					}
				}
			}
		}
	}
	if len(rows) < 10 {
		t.Fatalf("found only %d row types: %v", len(rows), rows)
	}
	for _, r := range rows {
		if !slices.Contains(hooked, r) {
			t.Errorf("row type %s has no BeforeAppendModel hook (domain/store/input.go)", r)
		}
	}
}

func embedsBaseModel(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if sel, ok := f.Type.(*ast.SelectorExpr); ok && len(f.Names) == 0 && sel.Sel.Name == "BaseModel" {
			return true
		}
	}
	return false
}

// Error texts a job or a mail server produced are machine text: cleaned,
// never refused, so that a failure is recorded whatever it says.
func TestMachineTextCleaned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		bad := "550 mailbox\x00 unavailable \xff\x1b"
		slot := now.Truncate(time.Hour)
		if _, err := db.ClaimRun(ctx, "sweep", slot, "me", now, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishRun(ctx, "sweep", slot, "me", bad, now); err != nil {
			t.Errorf("a job's error: %v", err)
		}
		queue(t, db.Store, 1, now.Add(-time.Minute))
		claimed, err := db.ClaimMail(ctx, now, time.Minute, 1)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v (%d)", err, len(claimed))
		}
		if err := db.MarkRetry(ctx, claimed[0].ID, bad, now.Add(time.Minute)); err != nil {
			t.Errorf("a mail server's error: %v", err)
		}
		got, err := db.OutboxMessage(ctx, claimed[0].ID)
		if err != nil || got.LastError != "550 mailbox unavailable \uFFFD" {
			t.Errorf("stored error: %q (%v)", got.LastError, err)
		}
		rec, err := db.RecordInbound(ctx, &domain.InboundMessage{MessageID: "<m@x>", Via: "http", Raw: []byte("x"),
			Status: "received", ReceivedAt: now})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.FinishInbound(ctx, rec.ID, domain.InboundOutcome{Status: "refused", Reason: bad, At: now}); err != nil {
			t.Errorf("an inbound reason: %v", err)
		}
	})
}

// A queued mail is assembled from stored records, which may predate the
// check: its text is cleaned, so that old data cannot block new mail.
func TestOutboxTextCleaned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		m := domain.OutboxMessage{DedupeKey: "ctl:1", Kind: domain.MailTaskAssigned, Lang: "zh-CN",
			To: "u@dept.example.cn", ToName: "张\x07三", Payload: []byte(`{}`), Status: domain.OutboxQueued,
			NextAttemptAt: storetest.Now, CreatedAt: storetest.Now}
		if err := db.EnqueueMails(ctx, []domain.OutboxMessage{m}); err != nil {
			t.Fatal(err)
		}
		claimed, err := db.ClaimMail(ctx, storetest.Now, time.Minute, 1)
		if err != nil || len(claimed) != 1 || claimed[0].ToName != "张三" {
			t.Fatalf("claimed: %+v (%v)", claimed, err)
		}
	})
}
