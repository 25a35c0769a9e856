package identity

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// errAssertionExpired means the assertion's exp or nbf excludes now.
var errAssertionExpired = errors.New("the assertion is not within its valid time range")

// clockSkew is how far an assertion's nbf and exp may be off, as Entra ID
// tolerates.
const clockSkew = 5 * time.Minute

// assertionHeader is the part of a client assertion's JOSE header we read.
// MSAL Go signs PS256 with x5t#S256 for Entra ID (RS256 with x5t for ADFS),
// base64 with padding; others use base64url.
type assertionHeader struct {
	Alg     string `json:"alg"`
	X5t     string `json:"x5t"`
	X5tS256 string `json:"x5t#S256"`
}

// assertionClaims are the registered claims a client assertion must carry.
type assertionClaims struct {
	Aud any         `json:"aud"` // a string or an array of strings
	Iss string      `json:"iss"`
	Sub string      `json:"sub"`
	Exp json.Number `json:"exp"`
	Nbf json.Number `json:"nbf"`
}

// verifyAssertion checks a certificate-signed client assertion: a header
// thumbprint naming c's certificate, an RS256 or PS256 signature by its key,
// iss and sub equal to the client id, aud among audiences, and now within
// nbf and exp.
func verifyAssertion(assertion string, c Client, audiences []string, now time.Time) error {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return errors.New("the assertion is not a JWS compact serialization")
	}
	var head assertionHeader
	if err := decodePart(parts[0], &head); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	if err := checkThumbprint(head, c.Certificate.Raw); err != nil {
		return err
	}
	if err := checkSignature(head.Alg, parts, c); err != nil {
		return err
	}
	var cl assertionClaims
	if err := decodePart(parts[1], &cl); err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	return checkClaims(cl, c.ID, audiences, now)
}

func checkSignature(alg string, parts []string, c Client) error {
	pub, ok := c.Certificate.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("the registered certificate's key is not RSA")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return errors.New("the signature is not base64url")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	switch alg {
	case "RS256":
		err = rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
	case "PS256":
		err = rsa.VerifyPSS(pub, crypto.SHA256, digest[:], sig, nil)
	default:
		return fmt.Errorf("the algorithm %q is not supported, use PS256 or RS256", alg)
	}
	if err != nil {
		return errors.New("the provided signature value did not match the expected signature value")
	}
	return nil
}

func checkClaims(cl assertionClaims, clientID string, audiences []string, now time.Time) error {
	exp, errExp := cl.Exp.Int64()
	nbf, errNbf := cl.Nbf.Int64()
	switch {
	case cl.Iss != clientID || cl.Sub != clientID:
		return fmt.Errorf("iss and sub must be the client id %s", clientID)
	case !audienceIn(cl.Aud, audiences):
		return fmt.Errorf("aud must be the token endpoint %s", audiences[0])
	case errExp != nil || now.Add(-clockSkew).Unix() >= exp:
		return errAssertionExpired
	case cl.Nbf != "" && (errNbf != nil || now.Add(clockSkew).Unix() < nbf):
		return errAssertionExpired
	}
	return nil
}

func decodePart(part string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return errors.New("not base64url")
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	return nil
}

func audienceIn(aud any, want []string) bool {
	switch a := aud.(type) {
	case string:
		return slices.Contains(want, a)
	case []any:
		return slices.ContainsFunc(a, func(v any) bool { s, ok := v.(string); return ok && slices.Contains(want, s) })
	}
	return false
}
