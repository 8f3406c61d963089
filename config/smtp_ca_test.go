package config_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xietong/config"
)

// testCAPEM is a fresh self-signed CA certificate in PEM.
func testCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "xietong test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// TestSMTPCAFile: XIETONG_SMTP_CA_FILE names a PEM file of CA
// certificates that the SMTP transport trusts instead of the system's; a
// file that is missing or holds no certificate stops the start.
func TestSMTPCAFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(good, []byte(testCAPEM(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c := mustLoad(t, nil); c.Mail.SMTPRoots != nil || c.Mail.SMTPCAFile != "" {
		t.Errorf("default: got %v %q, want the system's roots", c.Mail.SMTPRoots, c.Mail.SMTPCAFile)
	}
	c := mustLoad(t, map[string]string{"XIETONG_SMTP_CA_FILE": good})
	if c.Mail.SMTPRoots == nil || c.Mail.SMTPCAFile != good {
		t.Errorf("good file: got %v %q, want its pool", c.Mail.SMTPRoots, c.Mail.SMTPCAFile)
	}
	for _, bad := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "none.pem"), "XIETONG_SMTP_CA_FILE: "},
		{"junk", junk, "XIETONG_SMTP_CA_FILE: no PEM certificate in"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := config.Load(env(map[string]string{"XIETONG_SMTP_CA_FILE": bad.path}))
			if err == nil || !strings.Contains(err.Error(), bad.want) {
				t.Errorf("got %v, want an error containing %q", err, bad.want)
			}
		})
	}
}
