package identity

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/pki"
)

const tokenURL = "https://127.0.0.1:8443/" + tenantID + "/oauth2/v2.0/token"

// jwt signs a client assertion the way MSAL does, with edits applied to
// its header and claims first.
func jwt(t *testing.T, key *rsa.PrivateKey, head, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(head)
	c, _ := json.Marshal(claims)
	unsigned := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	digest := sha256.Sum256([]byte(unsigned))
	var sig []byte
	var err error
	if head["alg"] == "RS256" {
		sig, err = rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	} else {
		sig, err = rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	}
	if err != nil {
		t.Fatal(err)
	}
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestVerifyAssertion(t *testing.T) {
	ca, _ := pki.NewAuthority("assertion test CA")
	certs, key := clientCertificate(t, ca, "app")
	cert, rsaKey := certs[0], key.(*rsa.PrivateKey)
	_, strangerKey := clientCertificate(t, ca, "stranger")
	s1, s256 := sha1.Sum(cert.Raw), sha256.Sum256(cert.Raw)
	now := time.Now()
	ps256 := func() map[string]any {
		return map[string]any{"alg": "PS256", "typ": "JWT", "x5t#S256": base64.StdEncoding.EncodeToString(s256[:])}
	}
	claims := func() map[string]any {
		return map[string]any{"aud": tokenURL, "iss": clientID, "sub": clientID, "jti": "1",
			"nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		return m
	}
	tests := []struct {
		name      string
		assertion string
		want      string // empty: accepted; errAssertionExpired's text: a time error
	}{
		{"MSAL's PS256 assertion with x5t#S256 is accepted", jwt(t, rsaKey, ps256(), claims()), ""},
		{"an ADFS-style RS256 assertion with a base64url x5t is accepted",
			jwt(t, rsaKey, with(ps256(), "alg", "RS256", "x5t#S256", nil, "x5t", base64.RawURLEncoding.EncodeToString(s1[:])), claims()), ""},
		{"an audience list naming the token endpoint is accepted", jwt(t, rsaKey, ps256(), with(claims(), "aud", []string{"x", tokenURL})), ""},
		{"an assertion without nbf is accepted", jwt(t, rsaKey, ps256(), with(claims(), "nbf", nil)), ""},
		{"a signature by another key is refused", jwt(t, strangerKey.(*rsa.PrivateKey), ps256(), claims()), "signature"},
		{"a thumbprint of another certificate is refused", jwt(t, rsaKey, with(ps256(), "x5t#S256", base64.StdEncoding.EncodeToString(s1[:])), claims()), "key was not found"},
		{"an assertion naming no certificate is refused", jwt(t, rsaKey, with(ps256(), "x5t#S256", nil), claims()), "key was not found"},
		{"an unsupported algorithm is refused", jwt(t, rsaKey, with(ps256(), "alg", "HS256"), claims()), "not supported"},
		{"another audience is refused", jwt(t, rsaKey, ps256(), with(claims(), "aud", "https://login.microsoftonline.com/x/oauth2/v2.0/token")), "aud must be"},
		{"another issuer is refused", jwt(t, rsaKey, ps256(), with(claims(), "iss", "someone")), "iss and sub"},
		{"another subject is refused", jwt(t, rsaKey, ps256(), with(claims(), "sub", "someone")), "iss and sub"},
		{"an expired assertion is refused", jwt(t, rsaKey, ps256(), with(claims(), "exp", now.Add(-6*time.Minute).Unix())), errAssertionExpired.Error()},
		{"an assertion without exp is refused", jwt(t, rsaKey, ps256(), with(claims(), "exp", nil)), errAssertionExpired.Error()},
		{"an assertion from the future is refused", jwt(t, rsaKey, ps256(), with(claims(), "nbf", now.Add(6*time.Minute).Unix())), errAssertionExpired.Error()},
		{"a federated token is not a JWS", "opaque-token", "not a JWS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyAssertion(tt.assertion, Client{ID: clientID, Certificate: cert}, []string{tokenURL}, now)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want an error mentioning %q", err, tt.want)
			case tt.want == errAssertionExpired.Error() && !errors.Is(err, errAssertionExpired):
				t.Errorf("got %v, want errAssertionExpired", err)
			}
		})
	}
	t.Run("a certificate with a non-RSA key is refused", func(t *testing.T) {
		ec := &x509.Certificate{Raw: cert.Raw, PublicKey: struct{}{}}
		if err := verifyAssertion(jwt(t, rsaKey, ps256(), claims()), Client{ID: clientID, Certificate: ec}, []string{tokenURL}, now); err == nil {
			t.Error("accepted")
		}
	})
}
