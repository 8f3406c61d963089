package notifications_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAP test server modes, one per way the poller connects.
const (
	imapPlain    = "plain"    // imap://…?tls=none
	imapStartTLS = "starttls" // imap://…
	imapImplicit = "imaps"    // imaps://…
)

const (
	imapUser = "huifu"
	imapPass = "s3cret-imap-pw"
)

// imapTestServer is go-imap v2's in-memory IMAP server speaking the protocol
// over TCP on 127.0.0.1. Its mailboxes outlive the listener, so it can be
// taken down and brought back on the same address with the same mail.
type imapTestServer struct {
	t         *testing.T
	mode      string
	caps      imap.CapSet
	addr      string
	mem       *imapmemserver.Server
	user      *imapmemserver.User
	serverTLS *tls.Config
	clientTLS *tls.Config

	// hideIdle drops IDLE from what a plain server advertises, as a server
	// without the extension would (go-imap always offers it).
	hideIdle atomic.Bool

	mu      sync.Mutex
	srv     *imapserver.Server
	ln      net.Listener
	served  chan struct{} // closed when Serve has returned
	stopped bool
}

// newIMAPServer starts a server with user huifu and an empty INBOX. A nil
// caps set advertises IMAP4rev2 (MOVE, UIDPLUS and the rest).
func newIMAPServer(t *testing.T, mode string, caps imap.CapSet) *imapTestServer {
	t.Helper()
	if caps == nil {
		caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	s := &imapTestServer{t: t, mode: mode, caps: caps, mem: imapmemserver.New()}
	s.user = imapmemserver.NewUser(imapUser, imapPass)
	if err := s.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	s.mem.AddUser(s.user)
	s.serverTLS, s.clientTLS = selfSignedTLS(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.stop)
	return s
}

func (s *imapTestServer) serve(ln net.Listener) {
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return s.mem.NewSession(), nil, nil
		},
		Caps:         s.caps,
		Logger:       log.New(io.Discard, "", 0),
		InsecureAuth: s.mode == imapPlain,
	}
	ln = capFilter{Listener: ln, hideIdle: &s.hideIdle}
	switch s.mode {
	case imapStartTLS:
		opts.TLSConfig = s.serverTLS
	case imapImplicit:
		ln = tls.NewListener(ln, s.serverTLS)
	}
	srv := imapserver.New(opts)
	served := make(chan struct{})
	s.mu.Lock()
	s.srv, s.ln, s.served, s.stopped = srv, ln, served, false
	s.mu.Unlock()
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // returns when its listener is closed
	}()
}

// capFilter hands out connections that, while hideIdle is set, strip
// " IDLE" from what the server writes: its capability lists.
type capFilter struct {
	net.Listener
	hideIdle *atomic.Bool
}

func (l capFilter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return capFilterConn{Conn: c, hideIdle: l.hideIdle}, nil
}

type capFilterConn struct {
	net.Conn
	hideIdle *atomic.Bool
}

func (c capFilterConn) Write(p []byte) (int, error) {
	if !c.hideIdle.Load() || !bytes.Contains(p, []byte(" IDLE")) {
		return c.Conn.Write(p)
	}
	if _, err := c.Conn.Write(bytes.ReplaceAll(p, []byte(" IDLE"), nil)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// stop closes the listener and every connection: the address refuses.
func (s *imapTestServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		// Close the listener first and wait for Serve to return: the
		// library's Close races with a Serve that has only just begun
		// (the race detector saw it). Close then drops the open
		// connections. Errors closing a test server mean nothing.
		_ = s.ln.Close()
		<-s.served
		_ = s.srv.Close()
		s.stopped = true
	}
}

// start brings the server back on the same address, with the same mail.
func (s *imapTestServer) start() {
	s.t.Helper()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(ln)
}

// URL is the XIETONG_IMAP_URL of this server for mailbox INBOX.
func (s *imapTestServer) URL() *url.URL { return s.urlFor(imapPass, "INBOX") }

func (s *imapTestServer) urlFor(pass, mailbox string) *url.URL {
	u := &url.URL{Scheme: "imap", User: url.UserPassword(imapUser, pass), Host: s.addr, Path: "/" + mailbox}
	switch s.mode {
	case imapPlain:
		u.RawQuery = "tls=none"
	case imapImplicit:
		u.Scheme = "imaps"
	}
	return u
}

// deliver appends messages to a mailbox, as a mail server delivering them.
func (s *imapTestServer) deliver(mailbox string, flags []imap.Flag, raws ...[]byte) {
	s.t.Helper()
	for _, raw := range raws {
		opts := &imap.AppendOptions{Flags: flags, Time: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
		if _, err := s.user.Append(mailbox, bytes.NewReader(raw), opts); err != nil {
			s.t.Fatal(err)
		}
	}
}

// storedMessage is a message as a mail client sees it.
type storedMessage struct {
	Raw  []byte
	Seen bool
}

// read lists a mailbox through a separate client, read-only; nil when the
// mailbox does not exist.
func (s *imapTestServer) read(mailbox string) []storedMessage {
	s.t.Helper()
	c := s.dial()
	defer c.Close()
	if err := c.Login(imapUser, imapPass).Wait(); err != nil {
		s.t.Fatal(err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil
	}
	if sel.NumMessages == 0 {
		return []storedMessage{}
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{
		UID: true, Flags: true, BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		s.t.Fatal(err)
	}
	slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })
	var out []storedMessage
	for _, m := range msgs {
		out = append(out, storedMessage{Raw: m.FindBodySection(section), Seen: slices.Contains(m.Flags, imap.FlagSeen)})
	}
	return out
}

// capabilities is what the server advertises after login.
func (s *imapTestServer) capabilities() imap.CapSet {
	s.t.Helper()
	c := s.dial()
	defer c.Close()
	if err := c.Login(imapUser, imapPass).Wait(); err != nil {
		s.t.Fatal(err)
	}
	caps, err := c.Capability().Wait()
	if err != nil {
		s.t.Fatal(err)
	}
	return caps
}

func (s *imapTestServer) dial() *imapclient.Client {
	s.t.Helper()
	opts := &imapclient.Options{TLSConfig: s.clientTLS}
	var c *imapclient.Client
	var err error
	switch s.mode {
	case imapPlain:
		c, err = imapclient.DialInsecure(s.addr, opts)
	case imapStartTLS:
		c, err = imapclient.DialStartTLS(s.addr, opts)
	default:
		c, err = imapclient.DialTLS(s.addr, opts)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// selfSignedTLS makes a certificate for 127.0.0.1 and a client config that
// trusts it (and nothing else).
func selfSignedTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "imap.test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	return server, &tls.Config{RootCAs: pool}
}
