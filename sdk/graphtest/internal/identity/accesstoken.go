package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// graphAudience is the aud of every access token the platform issues.
const graphAudience = "https://graph.microsoft.com"

// minPrune is the size of the issued-token index below which expired
// entries are not swept.
const minPrune = 1024

// tokenHeader is the JOSE header of every access token. Graph's real tokens
// are RS256 and unverifiable by clients; ours are HMAC-signed with a key
// that never leaves the Platform, so they cannot be forged either.
var tokenHeader = b64(`{"typ":"JWT","alg":"HS256"}`)

// claims are an access token's payload, named as in Entra ID's v1.0 app-only
// Graph tokens.
type claims struct {
	Aud   string   `json:"aud"`
	Iss   string   `json:"iss"`
	Iat   int64    `json:"iat"`
	Nbf   int64    `json:"nbf"`
	Exp   int64    `json:"exp"`
	AppID string   `json:"appid"`
	IDTyp string   `json:"idtyp"`
	Roles []string `json:"roles,omitempty"`
	Tid   string   `json:"tid"`
	Uti   string   `json:"uti"`
	Ver   string   `json:"ver"`
}

// issuedToken is a freshly minted access token.
type issuedToken struct {
	value     string
	expiresAt time.Time
	seconds   int // lifetime for expires_in: whole seconds, rounded down, at least 1
}

// mint issues an access token for c, valid for the current TTL, and
// records it so that Authenticate can honour expiry and RevokeAll exactly.
func (p *Platform) mint(c Client) issuedToken {
	now := p.now()
	p.mu.Lock()
	ttl := p.ttl
	p.mu.Unlock()
	var id [16]byte
	_, _ = rand.Read(id[:])
	cl := claims{Aud: graphAudience, Iss: "https://sts.windows.net/" + p.opts.TenantID + "/",
		Iat: now.Unix(), Nbf: now.Unix(), Exp: now.Add(ttl).Unix(), AppID: c.ID, IDTyp: "app",
		Roles: c.Roles, Tid: p.opts.TenantID, Uti: base64.RawURLEncoding.EncodeToString(id[:]), Ver: "1.0"}
	body, _ := json.Marshal(cl)
	unsigned := tokenHeader + "." + base64.RawURLEncoding.EncodeToString(body)
	tok := issuedToken{value: unsigned + "." + base64.RawURLEncoding.EncodeToString(p.sign(unsigned)),
		expiresAt: now.Add(ttl), seconds: max(1, int(ttl/time.Second))}
	p.record(cl.Uti, tok.expiresAt, now)
	return tok
}

// record adds a token to the index, first sweeping out expired entries
// when the index has doubled since the last sweep.
func (p *Platform) record(uti string, expiresAt, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.issued) >= p.pruneAt {
		for k, exp := range p.issued {
			if !now.Before(exp) {
				delete(p.issued, k)
			}
		}
		p.pruneAt = max(minPrune, 2*len(p.issued))
	}
	p.issued[uti] = expiresAt
}

// errMalformed and errForged are why parse rejects a token.
var (
	errMalformed = errors.New("not a JWS compact serialization")
	errForged    = errors.New("signature does not verify")
)

// parse verifies a token's signature and returns its claims.
func (p *Platform) parse(token string) (claims, error) {
	if cl, ok := p.verified.Load(token); ok {
		return cl.(claims), nil
	}
	cl, err := p.verify(token)
	if err == nil {
		if p.verifiedN.Add(1) > maxVerified {
			p.verified.Clear()
			p.verifiedN.Store(1)
		}
		p.verified.Store(token, cl)
	}
	return cl, err
}

// maxVerified bounds the verified tokens a Platform remembers; past it,
// it forgets them all and verifies each again on its next use.
const maxVerified = 4096

// verify checks a token's signature and decodes its claims.
func (p *Platform) verify(token string) (claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, errMalformed
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, p.sign(parts[0]+"."+parts[1])) {
		return claims{}, errForged
	}
	var cl claims
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(raw, &cl) != nil {
		return claims{}, errForged // signed by us, so unreachable unless the key leaked
	}
	return cl, nil
}

// expiry returns when the token with id uti expires; ok is false once it
// has been swept or revoked.
func (p *Platform) expiry(uti string) (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	exp, ok := p.issued[uti]
	return exp, ok
}

func (p *Platform) sign(data string) []byte {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
