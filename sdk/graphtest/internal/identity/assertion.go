package identity

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// verifyAssertion checks a certificate-signed client assertion: RS256 or
// PS256 under the client's certificate key, its thumbprint if named, the
// audience, issuer, subject and expiry.
func verifyAssertion(assertion string, c Client, tokenURL string, now time.Time) error {
	if c.Certificate == nil {
		return errors.New("the application has no certificate credential")
	}
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return errors.New("the assertion is not a JWT")
	}
	var head struct {
		Alg, X5t string
		X5tS256  string `json:"x5t#S256"`
	}
	if err := decodePart(parts[0], &head); err != nil {
		return err
	}
	if err := checkThumbprint(head.X5t, head.X5tS256, c.Certificate.Raw); err != nil {
		return err
	}
	pub, ok := c.Certificate.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("the certificate key is not RSA")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return errors.New("the signature is not base64url")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	switch head.Alg {
	case "RS256":
		err = rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
	case "PS256":
		err = rsa.VerifyPSS(pub, crypto.SHA256, digest[:], sig, nil)
	default:
		return fmt.Errorf("unsupported alg %q", head.Alg)
	}
	if err != nil {
		return errors.New("the signature does not verify")
	}
	var cl struct {
		Aud      any
		Iss, Sub string
		Exp      int64
	}
	if err := decodePart(parts[1], &cl); err != nil {
		return err
	}
	switch {
	case cl.Iss != c.ID || cl.Sub != c.ID:
		return errors.New("iss and sub must be the client id")
	case !audienceIs(cl.Aud, tokenURL):
		return fmt.Errorf("aud must be %s", tokenURL)
	case now.Unix() > cl.Exp:
		return errors.New("the assertion has expired")
	}
	return nil
}

func decodePart(part string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil || json.Unmarshal(raw, v) != nil {
		return errors.New("the assertion is not a well-formed JWT")
	}
	return nil
}

// checkThumbprint compares the header thumbprints, in whichever base64
// alphabet and padding the client used, with the certificate's.
func checkThumbprint(x5t, x5tS256 string, der []byte) error {
	s1, s256 := sha1.Sum(der), sha256.Sum256(der)
	if x5t != "" && !bytes.Equal(decodeAnyBase64(x5t), s1[:]) {
		return errors.New("x5t does not match the registered certificate")
	}
	if x5tS256 != "" && !bytes.Equal(decodeAnyBase64(x5tS256), s256[:]) {
		return errors.New("x5t#S256 does not match the registered certificate")
	}
	return nil
}

func decodeAnyBase64(s string) []byte {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.StdEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b
		}
	}
	return nil
}

func audienceIs(aud any, want string) bool {
	switch a := aud.(type) {
	case string:
		return a == want
	case []any:
		for _, v := range a {
			if v == want {
				return true
			}
		}
	}
	return false
}
