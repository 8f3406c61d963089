package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// uploadsCmd starts the server binary on a fresh SQLite database, sends
// parallel attachment uploads to one task, and reports the server
// process's peak resident memory (VmHWM) against the payload: the figure
// BENCHMARKS.md quotes for bounded uploads.
func uploadsCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("uploads", flag.ContinueOnError)
	bin := fs.String("server", "bin/xietong", "the xietong binary to start")
	parallel := fs.Int("parallel", 8, "uploads sent at once")
	size := fs.Int("size", 19<<20, "bytes per upload")
	rounds := fs.Int("rounds", 3, "times the parallel uploads are repeated")
	memLimit := fs.String("gomemlimit", "", "GOMEMLIMIT for the server (e.g. 120MiB); empty: the runtime's default")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	dir, err := os.MkdirTemp("", "xietong-bench-uploads-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	const password = "bench-password-1"
	cmd := exec.CommandContext(ctx, *bin, "serve")
	cmd.Env = append(os.Environ(), "XIETONG_DATABASE_URL=sqlite://"+filepath.Join(dir, "x.db"),
		"XIETONG_HTTP_ADDR="+addr, "XIETONG_DATA_DIR="+dir, "TMPDIR="+dir, "XIETONG_ADMIN_PASSWORD="+password,
		"XIETONG_SCHEDULER=off", "XIETONG_LOG_LEVEL=error", "XIETONG_UPLOAD_LIMIT=20MiB",
		"XIETONG_UPLOAD_CONCURRENCY="+strconv.Itoa(*parallel), "XIETONG_HTTP_WRITE_TIMEOUT=300s",
		"XIETONG_HTTP_READ_TIMEOUT=300s")
	if *memLimit != "" {
		cmd.Env = append(cmd.Env, "GOMEMLIMIT="+*memLimit)
	}
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", *bin, err)
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt) // best effort; Wait reaps it
		_ = cmd.Wait()
	}()
	base := "http://" + addr
	c := &benchClient{base: base, http: &http.Client{Timeout: 5 * time.Minute}}
	if err := c.waitReady(ctx); err != nil {
		return err
	}
	ready, err := procStatus(cmd.Process.Pid, "VmRSS")
	if err != nil {
		return err
	}
	if err := c.login(password); err != nil {
		return err
	}
	task, err := c.task()
	if err != nil {
		return err
	}
	// Signing in hashes a password with argon2id (64 MiB); let the runtime
	// hand that back, then start the peak afresh, so the peak is the
	// uploads'. The sign-in's own peak is reported beside it.
	signIn, err := procStatus(cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	idle, err := settle(ctx, cmd.Process.Pid)
	if err != nil {
		return err
	}
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", cmd.Process.Pid), []byte("5"), 0); err != nil {
		return fmt.Errorf("reset the peak: %w", err)
	}
	payload := make([]byte, *size)
	copy(payload, "%PDF-1.7\n")
	if _, err := rand.Read(payload[16:]); err != nil {
		return err
	}
	start := time.Now()
	for r := 0; r < *rounds; r++ {
		if err := c.uploadAll(task, payload, *parallel); err != nil {
			return err
		}
	}
	elapsed := time.Since(start)
	peak, err := procStatus(cmd.Process.Pid, "VmHWM")
	if err != nil {
		return err
	}
	total := int64(*size) * int64(*parallel)
	fmt.Fprintf(out, "uploads: %d rounds of %d parallel %.1f MB uploads (%.0f MB at once) in %s\n",
		*rounds, *parallel, float64(*size)/(1<<20), float64(total)/(1<<20), elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "server RSS: %.0f MB when ready; peak %.0f MB through sign-in; %.0f MB settled before the uploads\n",
		float64(ready)/(1<<10), float64(signIn)/(1<<10), float64(idle)/(1<<10))
	fmt.Fprintf(out, "server RSS peak during the uploads: %.0f MB (%.2f× the parallel payload)\n",
		float64(peak)/(1<<10), float64(peak<<10)/float64(total))
	return nil
}

// settle waits until the process's RSS stops falling (the runtime
// returning freed memory), at most a minute, and returns it in kB.
func settle(ctx context.Context, pid int) (int64, error) {
	last, err := procStatus(pid, "VmRSS")
	if err != nil {
		return 0, err
	}
	for range 30 {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(2 * time.Second):
		}
		now, err := procStatus(pid, "VmRSS")
		if err != nil {
			return 0, err
		}
		if now >= last-1024 {
			return now, nil
		}
		last = now
	}
	return last, nil
}

// freeAddr finds a free local port for the server.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// procStatus reads a kB field (VmRSS, VmHWM) of /proc/PID/status.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/status: no %s", pid, field)
}

// benchClient talks to the started server as its admin.
type benchClient struct {
	base  string
	http  *http.Client
	token string
}

func (c *benchClient) waitReady(ctx context.Context) error {
	for range 300 {
		res, err := c.http.Get(c.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return errors.New("server not ready after 30 s")
}

// call sends a JSON request and decodes the JSON answer into v.
func (c *benchClient) call(method, path string, in, v any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}

func (c *benchClient) login(password string) error {
	var out struct {
		Token string `json:"token"`
	}
	if err := c.call(http.MethodPost, "/api/v1/auth/login",
		map[string]string{"username": "admin", "password": password}, &out); err != nil {
		return err
	}
	c.token = out.Token
	return nil
}

// task creates the task the uploads go to.
func (c *benchClient) task() (int64, error) {
	var orgs struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := c.call(http.MethodGet, "/api/v1/organizations?limit=5", nil, &orgs); err != nil {
		return 0, err
	}
	if len(orgs.Items) < 2 {
		return 0, errors.New("no organisations")
	}
	var task struct {
		ID int64 `json:"id"`
	}
	err := c.call(http.MethodPost, "/api/v1/tasks", map[string]any{"title": "上传压力测试",
		"lead_org_id": orgs.Items[1].ID, "due_in_working_days": 5}, &task)
	return task.ID, err
}

// uploadAll sends n uploads of payload at once, each streamed from the
// one buffer, and waits for all of them to be stored.
func (c *benchClient) uploadAll(task int64, payload []byte, n int) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = c.upload(task, payload, i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (c *benchClient) upload(task int64, payload []byte, i int) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		w, err := mw.CreateFormFile("file", fmt.Sprintf("现场材料-%d.pdf", i))
		if err == nil {
			_, err = w.Write(payload)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/tasks/%d/attachments", c.base, task), pr)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body) // for the message only
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("upload %d: %d %s", i, res.StatusCode, b)
	}
	return nil
}
