package notifications

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// dial opens the TCP connection, with implicit TLS for imaps://.
func (p *Poller) dial(ctx context.Context) (net.Conn, error) {
	host, port := p.URL.Hostname(), p.URL.Port()
	if port == "" {
		port = "143"
		if p.URL.Scheme == "imaps" {
			port = "993"
		}
	}
	d := net.Dialer{Timeout: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("imap connect: %w", err)
	}
	if p.URL.Scheme != "imaps" {
		return conn, nil
	}
	tc := tls.Client(conn, p.tlsConfig())
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = conn.Close() // the handshake error is the one worth reporting
		return nil, fmt.Errorf("imap tls: %w", err)
	}
	return tc, nil
}

// client starts the IMAP session, upgrading with STARTTLS unless the URL
// says tls=none. A server's news of new mail in the mailbox is sent on
// wake, without blocking: one pending wake-up is enough.
func (p *Poller) client(conn net.Conn, wake chan<- struct{}) (*imapclient.Client, error) {
	opts := &imapclient.Options{TLSConfig: p.tlsConfig(), UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages == nil {
				return
			}
			select {
			case wake <- struct{}{}:
			default:
			}
		},
	}}
	if p.URL.Scheme == "imap" && p.URL.Query().Get("tls") != "none" {
		c, err := imapclient.NewStartTLS(conn, opts)
		if err != nil {
			return nil, fmt.Errorf("imap starttls (imap:// requires it; add ?tls=none for a plain server): %w", err)
		}
		return c, nil
	}
	c := imapclient.New(conn, opts)
	if err := c.WaitGreeting(); err != nil {
		c.Close()
		return nil, fmt.Errorf("imap greeting: %w", err)
	}
	return c, nil
}

// idle waits in IDLE until the server announces new mail, Interval passes,
// the server hangs up (an error, so Run backs off and reconnects) or ctx
// ends (then the connection is closed under it and ctx's error returned).
func (p *Poller) idle(ctx context.Context, c *imapclient.Client, wake <-chan struct{}) error {
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("imap idle: %w", err)
	}
	p.Log.Debug("imap idling", "job", "imap")
	t := time.NewTimer(p.interval())
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.Closed():
		return errors.New("imap idle: the server closed the connection")
	case <-wake:
	case <-t.C:
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("imap idle done: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("imap idle: %w", err)
	}
	return nil
}

func (p *Poller) tlsConfig() *tls.Config {
	cfg := &tls.Config{}
	if p.TLSConfig != nil {
		cfg = p.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = p.URL.Hostname()
	}
	if cfg.NextProtos == nil {
		cfg.NextProtos = []string{"imap"}
	}
	return cfg
}

// login authenticates with the URL's user, unless the server greeted with
// PREAUTH.
func (p *Poller) login(c *imapclient.Client) error {
	if c.State() != imap.ConnStateNotAuthenticated {
		return nil
	}
	if p.URL.User == nil || p.URL.User.Username() == "" {
		return fmt.Errorf("%w: the URL names no user", errLoginRefused)
	}
	user := p.URL.User.Username()
	pass, _ := p.URL.User.Password()
	err := c.Login(user, pass).Wait()
	var refused *imap.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &refused):
		return fmt.Errorf("%w for user %q: %w", errLoginRefused, user, err)
	default:
		return fmt.Errorf("imap login: %w", err)
	}
}

// logout ends the session politely. The poll's work is done and recorded
// on the server by then, so a server that hangs up first is no failure.
func logout(c *imapclient.Client) {
	_ = c.Logout().Wait()
}
