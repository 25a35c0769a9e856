package identity

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// namesCertificate reports whether a JWT's header names a certificate
// thumbprint, as certificate-signed client assertions do.
func namesCertificate(assertion string) bool {
	var head assertionHeader
	h, _, _ := strings.Cut(assertion, ".")
	return decodePart(h, &head) == nil && (head.X5t != "" || head.X5tS256 != "")
}

// checkThumbprint requires x5t#S256 or x5t and compares each one present
// with the certificate, accepting base64 with or without padding in either
// alphabet.
func checkThumbprint(h assertionHeader, der []byte) error {
	s1, s256 := sha1.Sum(der), sha256.Sum256(der)
	for _, tp := range []struct{ got, want []byte }{{decodeAnyBase64(h.X5tS256), s256[:]}, {decodeAnyBase64(h.X5t), s1[:]}} {
		if tp.got != nil && !slices.Equal(tp.got, tp.want) {
			return fmt.Errorf("the key was not found, thumbprint of key used by client: '%X'", tp.got)
		}
	}
	if h.X5t == "" && h.X5tS256 == "" {
		return errors.New("the key was not found: the header names no x5t or x5t#S256 thumbprint")
	}
	return nil
}

func decodeAnyBase64(s string) []byte {
	if s == "" {
		return nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	return []byte{} // present but undecodable: never equal to a digest
}
