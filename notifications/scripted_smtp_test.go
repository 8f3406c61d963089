package notifications_test

import (
	"bufio"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptedSMTP is a hostile mail server for fault injection: it speaks
// just enough SMTP over a raw socket to go silent where it is told to. It
// never delivers anything.
type scriptedSMTP struct {
	addr string
	// silentAt is the command ("greeting", "EHLO", "MAIL", "RCPT", "DATA",
	// "body") before whose answer the server goes quiet, holding the
	// connection open until the test ends.
	silentAt string
	mu       sync.Mutex
	conns    int
	done     chan struct{}
}

func newScriptedSMTP(t testing.TB, silentAt string) *scriptedSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &scriptedSMTP{addr: ln.Addr().String(), silentAt: silentAt, done: make(chan struct{})}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		close(s.done)
		_ = ln.Close() // stops Accept
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				s.talk(c)
			}()
		}
	}()
	return s
}

// URL is a plain relay URL for the server.
func (s *scriptedSMTP) URL() *url.URL {
	u, _ := url.Parse("smtp://" + s.addr + "?tls=none")
	return u
}

// connections is how many connections the server accepted.
func (s *scriptedSMTP) connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// talk answers one connection until the script says to go quiet.
func (s *scriptedSMTP) talk(c net.Conn) {
	quiet := func(at string) bool {
		if s.silentAt != at {
			return false
		}
		<-s.done // hold the connection, say nothing
		return true
	}
	if quiet("greeting") {
		return
	}
	w := bufio.NewWriter(c)
	say := func(line string) {
		_, _ = w.WriteString(line + "\r\n")
		_ = w.Flush()
	}
	say("220 mx.test ESMTP")
	r := bufio.NewReader(c)
	for {
		_ = c.SetReadDeadline(time.Now().Add(time.Minute))
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		if quiet(verb) {
			return
		}
		switch verb {
		case "EHLO", "HELO":
			say("250 mx.test")
		case "DATA":
			say("354 go ahead")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			if quiet("body") {
				return
			}
			say("250 queued")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}
