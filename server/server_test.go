package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
)

const adminPassword = "admin-password-1"

// testEnv is the real server on a real database behind httptest.
type testEnv struct {
	t     testing.TB
	db    *storetest.DB
	srv   *Server
	ts    *httptest.Server
	users *domain.UserService
	clock *clock
	store *switchStore
	logs  *syncBuffer
	admin string // an API token of the admin

	mu       sync.Mutex
	readyErr error
}

// switchStore is the real store with a switch that makes some reads fail as
// an unreachable database does.
type switchStore struct {
	domain.Store
	down atomic.Bool
}

var errDown = errors.New("connection refused (test)")

func (s *switchStore) unavailable() error {
	return errors.Join(domain.ErrUnavailable, errDown)
}

func (s *switchStore) Organizations(ctx context.Context, f domain.OrgFilter, p domain.Page) ([]domain.Organization, error) {
	if s.down.Load() {
		return nil, s.unavailable()
	}
	return s.Store.Organizations(ctx, f, p)
}

func (s *switchStore) TokenByHash(ctx context.Context, hash string) (domain.Token, error) {
	if s.down.Load() {
		return domain.Token{}, s.unavailable()
	}
	return s.Store.TokenByHash(ctx, hash)
}

func (s *switchStore) TokenWithUser(ctx context.Context, hash string) (domain.Token, domain.User, error) {
	if s.down.Load() {
		return domain.Token{}, domain.User{}, s.unavailable()
	}
	return s.Store.TokenWithUser(ctx, hash)
}

// syncBuffer collects log output from concurrent requests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newEnv starts a server on db; opts adjust its Deps.
func newEnv(t testing.TB, db *storetest.DB, opts ...func(*Deps)) *testEnv {
	t.Helper()
	clk := &clock{now: storetest.Now}
	now := clk.Now
	db.SetClock(now)
	st := &switchStore{Store: db.Store}
	e := &testEnv{t: t, db: db, clock: clk, store: st, logs: &syncBuffer{}}
	e.users = &domain.UserService{Store: st, Hasher: storetest.FastHasher, Now: now,
		Policy: domain.DefaultLoginPolicy(), SessionTTL: 12 * time.Hour, APITokenTTL: 90 * 24 * time.Hour,
		MinPasswordLength: 10}
	cal := &domain.CalendarService{Store: st, Now: now}
	tasks := &domain.TaskService{Store: st, Now: now, Calendar: cal, Location: storetest.Shanghai}
	cal.AfterChange = tasks.RecomputeDeadlines
	d := Deps{
		Catalogue: mustCatalogue(t),
		Users:     e.users,
		Catalog:   &domain.CatalogService{Store: st, Now: now},
		Calendar:  cal,
		Audit:     &domain.AuditService{Store: st},
		Tasks:     tasks,
		Hotspots:  &domain.HotspotService{Store: st, Now: now, Tasks: tasks},
		Outbox:    &domain.OutboxService{Store: st, Now: now},
		Mail:      mustRenderer(t),
		Supervision: &domain.SupervisionService{Store: st, Calendar: cal, Location: storetest.Shanghai,
			Now: now},
		Ready: func(ctx context.Context) error {
			e.mu.Lock()
			err := e.readyErr
			e.mu.Unlock()
			if err != nil {
				return err
			}
			return db.Ping(ctx)
		},
		Logger:    slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Location:  storetest.Shanghai,
		BodyLimit: 64 << 10,
		Version:   "test",
	}
	for _, o := range opts {
		o(&d)
	}
	srv, err := New(d)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	ctx := context.Background()
	if _, err := e.users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "admin",
		Email: "admin@example.cn", Role: domain.RoleAdmin, Password: adminPassword}); err != nil {
		t.Fatalf("create admin: %v", err)
	}
	e.admin = e.token("admin")
	return e
}

// clock is the services' time in a test: storetest.Now until a test moves it.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// setReady makes Deps.Ready fail with err (nil: answer from the database).
func (e *testEnv) setReady(err error) {
	e.mu.Lock()
	e.readyErr = err
	e.mu.Unlock()
}

// token makes an API token for username.
func (e *testEnv) token(username string) string {
	e.t.Helper()
	secret, _, err := e.users.CreateToken(context.Background(), domain.SystemActor(), username, "test", 0)
	if err != nil {
		e.t.Fatalf("create token for %s: %v", username, err)
	}
	return secret
}

// mustUser creates a user with a role (and binding) and returns it with a token.
func (e *testEnv) mustUser(username string, role domain.Role, orgCode, communityCode string) (domain.User, string) {
	e.t.Helper()
	u, err := e.users.CreateUser(context.Background(), domain.SystemActor(), domain.CreateUser{
		Username: username, Email: username + "@example.cn", Role: role, OrgCode: orgCode,
		CommunityCode: communityCode, Password: "user-password-1"})
	if err != nil {
		e.t.Fatalf("create user %s: %v", username, err)
	}
	return u, e.token(username)
}

// response is an answer with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into v, failing the test on error.
func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorCode returns the code of an error envelope, failing when the body
// is not one.
func (r response) errorCode(t testing.TB) string {
	t.Helper()
	var env errorJSON
	r.json(t, &env)
	if env.Error.Code == "" || env.Error.Message == "" {
		t.Fatalf("not an error envelope: %s", r.body)
	}
	return env.Error.Code
}

func (r response) message(t testing.TB) string {
	t.Helper()
	var env errorJSON
	r.json(t, &env)
	return env.Error.Message
}

// request describes one call; body is sent as is when it is a string or
// io.Reader, and as JSON otherwise.
type request struct {
	method, path, token string
	body                any
	header              map[string]string
}

func (e *testEnv) do(r request) response {
	e.t.Helper()
	return e.doT(e.t, r)
}

// doT is do failing t rather than the test that made the env: subtests
// must not fail their parent.
func (e *testEnv) doT(t testing.TB, r request) response {
	t.Helper()
	res, err := e.send(r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return res
}

// send makes the call and reads the answer; it is safe in any goroutine.
func (e *testEnv) send(r request) (response, error) {
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case io.Reader:
		body = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return response{}, fmt.Errorf("encode body: %w", err)
		}
		body = bytes.NewReader(j)
	}
	req, err := http.NewRequest(r.method, e.ts.URL+r.path, body)
	if err != nil {
		return response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, fmt.Errorf("read body: %w", err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}, nil
}

// get is do for a GET with a token.
func (e *testEnv) get(path, token string) response {
	e.t.Helper()
	return e.do(request{method: http.MethodGet, path: path, token: token})
}

// wantStatus fails unless r has the status.
func wantStatus(t testing.TB, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status: got %d, want %d; body %s", r.status, status, r.body)
	}
}

// mustCatalogue loads the embedded message catalogue.
func mustCatalogue(t testing.TB) *i18n.Catalogue {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// mustRenderer builds the mail renderer of the embedded templates.
func mustRenderer(t testing.TB) *mail.Renderer {
	t.Helper()
	r, err := mail.NewRenderer(mustCatalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}
