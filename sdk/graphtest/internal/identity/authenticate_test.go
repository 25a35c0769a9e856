package identity

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

func TestAuthenticate(t *testing.T) {
	f := start(t, Options{TokenTTL: time.Hour})
	valid := f.token(t)
	parts := strings.Split(valid, ".")
	head, body, sig := parts[0], parts[1], parts[2]
	other := start(t, Options{}).token(t)
	tests := []struct {
		name, header, message string
	}{
		{"a valid token passes", "Bearer " + valid, ""},
		{"the scheme is case-insensitive", "bearer " + valid, ""},
		{"a missing header is an empty token", "", "Access token is empty."},
		{"a bare scheme is an empty token", "Bearer ", "Access token is empty."},
		{"another scheme is an empty token", "Basic " + valid, "Access token is empty."},
		{"an opaque string is not a JWT", "Bearer opaque", "IDX14100: JWT is not well formed"},
		{"a tampered payload fails validation", "Bearer " + head + "." + tamper(t, body) + "." + sig, "Access token validation failure."},
		{"an unsigned token fails validation", "Bearer " + head + "." + body + ".", "Access token validation failure."},
		{"another emulator's token fails validation", "Bearer " + other, "Access token validation failure."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := graphRequest("")
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			pr, err := f.p.Authenticate(r)
			if tt.message == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				if pr.ClientID != clientID || !slices.Equal(pr.Roles, []string{"User.Read.All"}) || !pr.ExpiresAt.Equal(f.clock.Now().Add(time.Hour)) {
					t.Errorf("principal %+v", pr)
				}
				return
			}
			checkUnauthorized(t, err, tt.message)
		})
	}
}

func TestTokensExpire(t *testing.T) {
	f := start(t, Options{TokenTTL: time.Second})
	tok := f.token(t)
	tests := []struct {
		name    string
		advance time.Duration
		message string
	}{
		{"a token is valid when issued", 0, ""},
		{"a token is valid just before it expires", 999 * time.Millisecond, ""},
		{"a token is expired at its lifetime", time.Millisecond, "Lifetime validation failed, the token is expired."},
		{"a token stays expired", time.Hour, "Lifetime validation failed, the token is expired."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.clock.Advance(tt.advance)
			_, err := f.p.Authenticate(graphRequest(tok))
			if tt.message == "" && err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if tt.message != "" {
				checkUnauthorized(t, err, tt.message)
			}
		})
	}
	t.Run("SetTokenTTL lengthens tokens issued afterwards", func(t *testing.T) {
		f.p.SetTokenTTL(time.Minute)
		rep := f.postToken(t, tenantID, secretForm())
		if rep.body["expires_in"] != 60.0 {
			t.Errorf("expires_in %v", rep.body["expires_in"])
		}
		f.clock.Advance(59 * time.Second)
		if _, err := f.p.Authenticate(graphRequest(rep.body["access_token"].(string))); err != nil {
			t.Errorf("rejected within its minute: %v", err)
		}
	})
}

func TestRevokeAll(t *testing.T) {
	f := start(t, Options{})
	before := f.token(t)
	if _, err := f.p.Authenticate(graphRequest(before)); err != nil { // a token already seen is revoked too
		t.Fatalf("rejected before the revocation: %v", err)
	}
	f.p.RevokeAll()
	after := f.token(t) // same instant on the fake clock
	tests := []struct {
		name, token, message string
	}{
		{"a token issued before revocation is expired", before, "Lifetime validation failed, the token is expired."},
		{"a token issued after revocation is valid", after, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.p.Authenticate(graphRequest(tt.token))
			if tt.message == "" && err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if tt.message != "" {
				checkUnauthorized(t, err, tt.message)
			}
		})
	}
}

func TestAccessTokenClaims(t *testing.T) {
	f := start(t, Options{})
	raw, _ := base64.RawURLEncoding.DecodeString(strings.Split(f.token(t), ".")[1])
	var cl map[string]any
	if err := json.Unmarshal(raw, &cl); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"aud": "https://graph.microsoft.com", "tid": tenantID, "appid": clientID,
		"roles": []any{"User.Read.All"}, "idtyp": "app", "iss": "https://sts.windows.net/" + tenantID + "/"}
	for k, v := range want {
		t.Run("the token carries "+k, func(t *testing.T) {
			if got, _ := json.Marshal(cl[k]); string(got) != mustJSON(v) {
				t.Errorf("%s = %s, want %s", k, got, mustJSON(v))
			}
		})
	}
	t.Run("the token carries exp", func(t *testing.T) {
		if cl["exp"] != float64(f.clock.Now().Add(DefaultTokenTTL).Unix()) {
			t.Errorf("exp %v", cl["exp"])
		}
	})
}

// checkUnauthorized asserts Graph's 401 with the challenge header.
func checkUnauthorized(t *testing.T, oe *odata.Error, message string) {
	t.Helper()
	if oe == nil {
		t.Fatalf("accepted, want 401 %q", message)
	}
	if oe.Status != http.StatusUnauthorized || oe.Code != "InvalidAuthenticationToken" || !strings.HasPrefix(oe.Message, message) {
		t.Errorf("got %d %s %q, want 401 InvalidAuthenticationToken %q", oe.Status, oe.Code, oe.Message, message)
	}
	if oe.Header.Get("WWW-Authenticate") != graphChallenge {
		t.Errorf("WWW-Authenticate %q", oe.Header.Get("WWW-Authenticate"))
	}
}

func tamper(t *testing.T, body string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || !strings.Contains(string(raw), clientID) {
		t.Fatalf("token payload %q: %v", raw, err)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(raw), clientID, "ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee", 1)))
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }
