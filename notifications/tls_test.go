package notifications_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"xietong/notifications"
)

// testCA is a certificate authority made for one test, and a server
// certificate it signed for 127.0.0.1.
type testCA struct {
	PEM    []byte // the CA certificate
	Roots  *x509.CertPool
	Server tls.Certificate
}

func newTestCA(t testing.TB) testCA {
	t.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	now := time.Now()
	caKey := key()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "xietong test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	srvKey := key()
	srvTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "mx.test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, ca, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	return testCA{PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), Roots: roots,
		Server: tls.Certificate{Certificate: [][]byte{srvDER}, PrivateKey: srvKey}}
}

// TestSMTPStartTLSPrivateCA: STARTTLS to a mail server whose certificate a
// private CA signed works when the transport is given that CA, and is
// refused with the system's roots.
func TestSMTPStartTLSPrivateCA(t *testing.T) {
	ca := newTestCA(t)
	srv := newMailServer(t)
	srv.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{ca.Server}}
	u, _ := url.Parse("smtp://" + srv.addr) // STARTTLS required
	batch := []notifications.Outgoing{{From: "a@example.cn", To: []string{"b@example.cn"}, Raw: []byte("Subject: x\r\n\r\nx\r\n")}}

	system, err := notifications.NewSMTP(u, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if errs := system.Send(t.Context(), batch); errs[0] == nil || !strings.Contains(errs[0].Error(), "certificate") {
		t.Errorf("with the system's roots: got %v, want a certificate error", errs[0])
	}
	private, err := notifications.NewSMTPWithRoots(u, 5*time.Second, ca.Roots)
	if err != nil {
		t.Fatal(err)
	}
	if errs := private.Send(t.Context(), batch); errs[0] != nil {
		t.Fatalf("with the private CA: %v", errs[0])
	}
	if n := len(srv.messages()); n != 1 {
		t.Errorf("delivered %d, want 1", n)
	}
}
