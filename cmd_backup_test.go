package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runCmd runs one command and returns what it printed and its error.
func runCmd(e env, args ...string) (string, error) {
	var out bytes.Buffer
	err := run(context.Background(), args, e.get, &out, io.Discard, wallClock())
	return out.String(), err
}

// snapshot is what a restore must keep, as the API shows it.
type snapshot struct {
	task, attachments, file []byte
	outbox                  []string // id and recipient of each queued mail
}

func takeSnapshot(t *testing.T, base, token string, taskID, attID int64) snapshot {
	t.Helper()
	body := func(path string) []byte {
		resp := do(t, base+path, token)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
		}
		return b
	}
	id, att := strconv.FormatInt(taskID, 10), strconv.FormatInt(attID, 10)
	s := snapshot{task: body("/api/v1/tasks/" + id), attachments: body("/api/v1/tasks/" + id + "/attachments"),
		file: body("/api/v1/attachments/" + att)}
	var box struct {
		Items []struct {
			ID int64  `json:"id"`
			To string `json:"to"`
		} `json:"items"`
	}
	getJSON(t, base+"/api/v1/outbox", token, &box)
	for _, m := range box.Items {
		s.outbox = append(s.outbox, strconv.FormatInt(m.ID, 10)+" "+m.To)
	}
	slices.Sort(s.outbox)
	return s
}

func uploadFile(t *testing.T, url, token, name string, data []byte) int64 {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", url, &b)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 201 || len(out.Items) != 1 {
		t.Fatalf("upload: %d %v %+v", resp.StatusCode, err, out)
	}
	return out.Items[0].ID
}

func TestBackupAndRestore(t *testing.T) {
	e := sqliteEnv(t)
	stop, logs := startServe(t, e)
	base := "http://" + e["XIETONG_HTTP_ADDR"]
	waitStatus(t, base+"/readyz", 200, 30*time.Second)
	if _, err := runCmd(e, "user", "add", "--username", "police1", "--role", "department",
		"--org", "xian-public_security", "--email", "police1@example.cn", "--password", "police password 1"); err != nil {
		t.Fatalf("user add: %v", err)
	}
	token := login(t, base, "admin", "admin password 123")
	police := orgID(t, base, token, "xian-public_security")
	var task struct {
		ID int64 `json:"id"`
	}
	postJSON(t, base+"/api/v1/tasks", token, map[string]any{"title": "排查小区消防隐患", "lead_org_id": police,
		"due_in_working_days": 5}, &task)
	attID := uploadFile(t, base+"/api/v1/tasks/"+strconv.FormatInt(task.ID, 10)+"/attachments", token,
		"现场照片.txt", []byte("消防通道已清理\n"))
	before := takeSnapshot(t, base, token, task.ID, attID)
	if len(before.outbox) == 0 {
		t.Fatal("no mail was queued")
	}

	// The backup is taken while the server runs.
	file := filepath.Join(t.TempDir(), "xietong-backup.db")
	if out, err := runCmd(e, "backup", "--to", file); err != nil || !strings.Contains(out, "backup written to "+file) {
		t.Fatalf("backup = %q, %v", out, err)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, %v; want mode 0600", info, err)
	}
	if _, err := runCmd(e, "backup", "--to", file); err == nil || !strings.Contains(err.Error(), "add --force") {
		t.Errorf("backup onto an existing file: %v, want a refusal", err)
	}
	if _, err := runCmd(e, "backup", "--to", file, "--force"); err != nil {
		t.Errorf("backup --force: %v", err)
	}
	if _, err := runCmd(e, "restore", "--from", file, "--force"); err == nil || !strings.Contains(err.Error(), "stop it first") {
		t.Errorf("restore under a running server: %v, want a refusal", err)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v; logs:\n%s", err, logs)
	}

	// Restore into a fresh directory, and start the server there.
	e2 := sqliteEnv(t)
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte("SQLite format 3\x00 but not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	db2 := strings.TrimPrefix(e2["XIETONG_DATABASE_URL"], "sqlite://")
	if _, err := runCmd(e2, "restore", "--from", junk); err == nil || !strings.Contains(err.Error(), "not a readable xietong database") {
		t.Errorf("restore of a non-database: %v, want a refusal", err)
	}
	if _, err := os.Stat(db2); err == nil {
		t.Errorf("a refused restore left %s behind", db2)
	}
	if out, err := runCmd(e2, "restore", "--from", file); err != nil || !strings.Contains(out, "restored "+file) {
		t.Fatalf("restore = %q, %v", out, err)
	}
	if _, err := runCmd(e2, "restore", "--from", file); err == nil || !strings.Contains(err.Error(), "add --force") {
		t.Errorf("restore onto an existing database: %v, want a refusal", err)
	}
	stop2, logs2 := startServe(t, e2)
	base2 := "http://" + e2["XIETONG_HTTP_ADDR"]
	waitStatus(t, base2+"/readyz", 200, 30*time.Second)
	after := takeSnapshot(t, base2, login(t, base2, "admin", "admin password 123"), task.ID, attID)
	for _, c := range []struct {
		what      string
		got, want []byte
	}{{"task and its events", after.task, before.task}, {"attachment list", after.attachments, before.attachments},
		{"attachment bytes", after.file, before.file}} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s after restore:\n got %s\nwant %s", c.what, c.got, c.want)
		}
	}
	if !slices.Equal(after.outbox, before.outbox) {
		t.Errorf("outbox after restore = %v, want %v", after.outbox, before.outbox)
	}
	if err := stop2(); err != nil {
		t.Fatalf("serve on the restored database: %v; logs:\n%s", err, logs2)
	}
}

func TestBackupOnPostgresNamesItsTools(t *testing.T) {
	e := sqliteEnv(t)
	e["XIETONG_DATABASE_URL"] = "postgres://xietong@127.0.0.1:1/xietong?sslmode=disable"
	for _, c := range []struct{ args, want []string }{
		{[]string{"backup", "--to", "x.db"}, []string{"pg_dump", "pg_restore"}},
		{[]string{"restore", "--from", "x.db"}, []string{"pg_restore"}},
	} {
		if _, err := runCmd(e, c.args...); err == nil || !strings.Contains(err.Error(), c.want[0]) {
			t.Errorf("%v on PostgreSQL: %v, want one naming %v", c.args, err, c.want)
		}
	}
	for _, args := range [][]string{{"backup"}, {"restore", "--from"}, {"backup", "--to", "x", "extra"}} {
		if _, err := runCmd(e, args...); err == nil || !strings.Contains(err.Error(), "usage: xietong") {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
