package notifications_test

import (
	"bytes"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// mailServer is a real SMTP server in the test process (emersion/go-smtp):
// it keeps every message it accepts and can refuse recipients or be taken
// down and brought back on the same address.
type mailServer struct {
	t       testing.TB
	addr    string
	mu      sync.Mutex
	got     []received
	refuse  map[string]bool // recipients answered 550
	delay   time.Duration   // before answering MAIL, RCPT and the data
	srv     *smtp.Server
	stopped bool
}

type received struct {
	From string
	To   []string
	Data []byte
}

func newMailServer(t testing.TB) *mailServer {
	t.Helper()
	m := &mailServer{t: t, refuse: map[string]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.addr = ln.Addr().String()
	m.serve(ln)
	t.Cleanup(m.stop)
	return m
}

func (m *mailServer) serve(ln net.Listener) {
	s := smtp.NewServer(m)
	s.Domain = "mx.test"
	s.AllowInsecureAuth = true
	m.srv = s
	go func() { _ = s.Serve(ln) }() // returns when the server is closed
}

// stop takes the server down: the address refuses connections.
func (m *mailServer) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.stopped {
		_ = m.srv.Close()
		m.stopped = true
	}
}

// start brings the server back on the same address.
func (m *mailServer) start() {
	m.t.Helper()
	ln, err := net.Listen("tcp", m.addr)
	if err != nil {
		m.t.Fatal(err)
	}
	m.mu.Lock()
	m.stopped = false
	m.mu.Unlock()
	m.serve(ln)
}

// URL is the XIETONG_SMTP_URL of this server (a plain relay, no TLS).
func (m *mailServer) URL() *url.URL {
	u, _ := url.Parse("smtp://" + m.addr + "?tls=none")
	return u
}

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.got...)
}

// NewSession implements smtp.Backend.
func (m *mailServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{m: m}, nil }

type session struct {
	m    *mailServer
	from string
	to   []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// wait answers slowly when the server was told to.
func (s *session) wait() {
	s.m.mu.Lock()
	d := s.m.delay
	s.m.mu.Unlock()
	time.Sleep(d)
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.wait()
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.wait()
	s.m.mu.Lock()
	refused := s.m.refuse[strings.ToLower(to)]
	s.m.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	s.wait()
	s.m.mu.Lock()
	s.m.got = append(s.m.got, received{From: s.from, To: s.to, Data: b.Bytes()})
	s.m.mu.Unlock()
	return nil
}
