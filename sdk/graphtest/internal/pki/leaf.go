package pki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
)

// loopbackHosts are in every server certificate, so that the emulator is
// reachable as https://127.0.0.1, https://[::1] and https://localhost.
var loopbackHosts = [...]string{"127.0.0.1", "::1", "localhost"}

// IssueServer signs an ECDSA P-256 TLS server certificate. Each host that
// parses as an IP address becomes an IP SAN, any other becomes a DNS SAN;
// 127.0.0.1, ::1 and localhost are always included, and duplicates are
// dropped. The returned chain carries the CA certificate after the leaf.
func (a *Authority) IssueServer(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate server key: %w", err)
	}
	tmpl, err := template("graphlake emulator")
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server certificate template: %w", err)
	}
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	tmpl.IPAddresses, tmpl.DNSNames = splitHosts(append(loopbackHosts[:], hosts...))
	der, err := a.sign(tmpl, key.Public())
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("sign server certificate for %v: %w", hosts, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("parse server certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, a.cert.Raw}, PrivateKey: key, Leaf: leaf}, nil
}

// splitHosts sorts hosts into IP and DNS subject alternative names, without
// duplicates or empty names.
func splitHosts(hosts []string) (ips []net.IP, names []string) {
	seen := map[string]bool{}
	for _, h := range hosts {
		if h == "" || seen[h] {
			continue
		}
		seen[h] = true
		if ip := net.ParseIP(h); ip != nil {
			ips = append(ips, ip)
		} else {
			names = append(names, h)
		}
	}
	return ips, names
}

// IssueClient signs an RSA-2048 certificate named commonName for an app
// registration's certificate credential, and returns it and its PKCS #8 key
// as PEM. Concatenated, they are what azidentity.ParseCertificates reads;
// MSAL signs client assertions with the key (PS256 for Entra ID).
func (a *Authority) IssueClient(commonName string) (certPEM, keyPEM []byte, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, fmt.Errorf("generate client key: %w", err)
	}
	tmpl, err := template(commonName)
	if err != nil {
		return nil, nil, fmt.Errorf("client certificate template: %w", err)
	}
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	der, err := a.sign(tmpl, key.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("sign client certificate %q: %w", commonName, err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("encode client key: %w", err)
	}
	return encodePEM("CERTIFICATE", der), encodePEM("PRIVATE KEY", keyDER), nil
}
