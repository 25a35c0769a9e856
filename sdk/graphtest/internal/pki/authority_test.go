package pki

import (
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"
)

func newAuthority(t *testing.T) *Authority {
	t.Helper()
	ca, err := NewAuthority("test CA")
	if err != nil {
		t.Fatalf("NewAuthority: %v", err)
	}
	return ca
}

func TestAuthorityCertificate(t *testing.T) {
	ca := newAuthority(t)
	block, _ := pem.Decode(ca.CertPEM())
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("CertPEM is not a PEM certificate: %q", ca.CertPEM())
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("parse CertPEM: %v", err)
	}
	now := time.Now()
	tests := []struct {
		name string
		ok   bool
	}{
		{"the CA is marked as a CA", cert.IsCA && cert.BasicConstraintsValid},
		{"the CA may sign certificates", cert.KeyUsage&x509.KeyUsageCertSign != 0},
		{"the CA uses an ECDSA key", cert.PublicKeyAlgorithm == x509.ECDSA},
		{"the CA is valid now despite an hour of clock skew", cert.NotBefore.Before(now.Add(-59 * time.Minute))},
		{"the CA is valid for about a year", cert.NotAfter.After(now.Add(364 * 24 * time.Hour))},
		{"the CA is self-signed", cert.CheckSignatureFrom(cert) == nil},
		{"the CA names itself as given", cert.Subject.CommonName == "test CA"},
		{"the pool verifies the CA", verifies(cert, ca.CertPool(), "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Error("no")
			}
		})
	}
}

func TestAuthoritiesAreIndependent(t *testing.T) {
	a, b := newAuthority(t), newAuthority(t)
	cert, err := b.IssueServer()
	if err != nil {
		t.Fatal(err)
	}
	if verifies(cert.Leaf, a.CertPool(), "localhost") {
		t.Error("one authority's pool trusts another authority's certificate")
	}
}

// verifies reports whether cert chains to a root in pool (for host, when
// host is not empty).
func verifies(cert *x509.Certificate, pool *x509.CertPool, host string) bool {
	_, err := cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: host, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	return err == nil
}
