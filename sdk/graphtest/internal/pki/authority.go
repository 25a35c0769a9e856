package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"
)

// validity is how long every certificate the authority signs is valid for,
// counted from an hour before it was made (to absorb clock skew).
const validity = 365 * 24 * time.Hour

// Authority is an in-memory certificate authority. It is safe for concurrent
// use: it holds no mutable state after NewAuthority returns.
type Authority struct {
	cert    *x509.Certificate
	certPEM []byte
	key     crypto.Signer
}

// NewAuthority creates a self-signed ECDSA P-256 CA named commonName, valid
// from an hour ago for a year.
func NewAuthority(commonName string) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	tmpl, err := template(commonName)
	if err != nil {
		return nil, fmt.Errorf("CA template: %w", err)
	}
	tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
	tmpl.MaxPathLenZero = true
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("self-sign CA %q: %w", commonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	return &Authority{cert: cert, key: key, certPEM: encodePEM("CERTIFICATE", der)}, nil
}

// CertPEM returns the CA certificate as PEM, for clients configured by file
// (SSL_CERT_FILE, a trust store, curl --cacert).
func (a *Authority) CertPEM() []byte { return append([]byte(nil), a.certPEM...) }

// Certificate returns the parsed CA certificate.
func (a *Authority) Certificate() *x509.Certificate { return a.cert }

// CertPool returns a new pool holding only the CA certificate.
func (a *Authority) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.cert)
	return p
}

// sign issues a leaf certificate from tmpl for pub, signed by the CA.
func (a *Authority) sign(tmpl *x509.Certificate, pub crypto.PublicKey) ([]byte, error) {
	return x509.CreateCertificate(rand.Reader, tmpl, a.cert, pub, a.key)
}

// template is the common part of every certificate: a random 127-bit serial,
// the subject, and the validity window.
func template(commonName string) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("certificate serial: %w", err)
	}
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: commonName, Organization: []string{"graphlake emulator"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(validity),
	}, nil
}

func encodePEM(blockType string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
}
