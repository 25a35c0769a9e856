package pki

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net"
	"slices"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

func TestIssueServerNamesEveryHost(t *testing.T) {
	ca := newAuthority(t)
	cert, err := ca.IssueServer("emulator.test", "10.1.2.3", "localhost", "")
	if err != nil {
		t.Fatalf("IssueServer: %v", err)
	}
	leaf := cert.Leaf
	tests := []struct {
		name string
		ok   bool
	}{
		{"a DNS name becomes a DNS SAN", slices.Contains(leaf.DNSNames, "emulator.test")},
		{"localhost is a DNS SAN exactly once", slices.Equal(leaf.DNSNames, []string{"localhost", "emulator.test"})},
		{"an IP becomes an IP SAN", hasIP(leaf, "10.1.2.3")},
		{"127.0.0.1 is always an IP SAN", hasIP(leaf, "127.0.0.1")},
		{"::1 is always an IP SAN", hasIP(leaf, "::1")},
		{"the leaf is for TLS servers", slices.Equal(leaf.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth})},
		{"the leaf is not a CA", !leaf.IsCA},
		{"the chain carries the CA after the leaf", len(cert.Certificate) == 2 && slices.Equal(cert.Certificate[1], ca.Certificate().Raw)},
		{"the leaf verifies for emulator.test", verifies(leaf, ca.CertPool(), "emulator.test")},
		{"the leaf does not verify for other names", !verifies(leaf, ca.CertPool(), "graph.microsoft.com")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("DNS %v, IP %v", leaf.DNSNames, leaf.IPAddresses)
			}
		})
	}
}

func hasIP(cert *x509.Certificate, ip string) bool {
	return slices.ContainsFunc(cert.IPAddresses, func(a net.IP) bool { return a.Equal(net.ParseIP(ip)) })
}

func TestIssueClientIsReadByAzidentity(t *testing.T) {
	ca := newAuthority(t)
	certPEM, keyPEM, err := ca.IssueClient("app")
	if err != nil {
		t.Fatalf("IssueClient: %v", err)
	}
	certs, key, err := azidentity.ParseCertificates(append(certPEM, keyPEM...), nil)
	if err != nil {
		t.Fatalf("azidentity.ParseCertificates: %v", err)
	}
	block, _ := pem.Decode(keyPEM)
	tests := []struct {
		name string
		ok   bool
	}{
		{"azidentity finds one certificate", len(certs) == 1},
		{"azidentity finds an RSA key", isRSA(key)},
		{"the key is RSA-2048", isRSA(key) && key.(*rsa.PrivateKey).N.BitLen() == 2048},
		{"the key is PKCS #8", block != nil && block.Type == "PRIVATE KEY"},
		{"the certificate is named as asked", len(certs) == 1 && certs[0].Subject.CommonName == "app"},
		{"the certificate is for TLS clients", len(certs) == 1 && slices.Contains(certs[0].ExtKeyUsage, x509.ExtKeyUsageClientAuth)},
		{"the certificate chains to the CA", len(certs) == 1 && verifies(certs[0], ca.CertPool(), "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("certs %d, key %T", len(certs), key)
			}
		})
	}
}

func isRSA(key any) bool {
	_, ok := key.(*rsa.PrivateKey)
	return ok
}
