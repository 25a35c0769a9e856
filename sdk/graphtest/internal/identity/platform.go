package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Client is one app registration allowed to get tokens.
type Client struct {
	// ID is the application (client) id.
	ID string
	// Secret is the client secret; empty refuses secrets for this client.
	Secret string
	// Certificate, when set, accepts client assertions signed by its key.
	Certificate *x509.Certificate
	// FederatedToken, when set, is accepted as a client assertion as is.
	FederatedToken string
	// Roles are the application permissions granted (informational).
	Roles []string
}

// Options configures a Platform.
type Options struct {
	// TenantID is the only tenant the platform knows.
	TenantID string
	// Clients are the app registrations.
	Clients []Client
	// BaseURL returns the server root, e.g. "https://127.0.0.1:8443".
	BaseURL func() string
	// TokenTTL is the access token lifetime (default 3599s).
	TokenTTL time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Principal is who a valid access token was issued to.
type Principal struct {
	ClientID  string
	Roles     []string
	ExpiresAt time.Time
}

// Platform is the emulated identity platform.
type Platform struct {
	opts    Options
	key     []byte
	mu      sync.Mutex
	ttl     time.Duration
	revoked int64 // tokens issued at or before this (unix nanos) are rejected
}

// New returns a platform for opts.
func New(opts Options) (*Platform, error) {
	if opts.TenantID == "" || opts.BaseURL == nil {
		return nil, fmt.Errorf("identity platform: TenantID and BaseURL are required")
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 3599 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("identity platform signing key: %w", err)
	}
	return &Platform{opts: opts, key: key, ttl: opts.TokenTTL}, nil
}

// SetTokenTTL changes the lifetime of tokens issued from now on.
func (p *Platform) SetTokenTTL(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ttl = d
}

// RevokeAll rejects every access token issued so far.
func (p *Platform) RevokeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.revoked = p.opts.Now().UnixNano()
}

// AddCertificate lets a client authenticate with assertions signed by cert.
func (p *Platform) AddCertificate(clientID string, cert *x509.Certificate) error {
	return p.updateClient(clientID, func(c *Client) { c.Certificate = cert })
}

// AddFederatedToken lets a client authenticate with token as its assertion
// (what workload identity sends from its token file).
func (p *Platform) AddFederatedToken(clientID, token string) error {
	return p.updateClient(clientID, func(c *Client) { c.FederatedToken = token })
}

func (p *Platform) updateClient(id string, fn func(*Client)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.opts.Clients {
		if p.opts.Clients[i].ID == id {
			fn(&p.opts.Clients[i])
			return nil
		}
	}
	return fmt.Errorf("identity platform: no client %s", id)
}

func (p *Platform) client(id string) (Client, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.opts.Clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

// Handler serves the identity routes; anything else is 404.
func (p *Platform) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		switch {
		case len(segs) == 3 && segs[0] == "common" && segs[1] == "discovery" && segs[2] == "instance":
			p.serveDiscovery(w, r)
		case len(segs) == 4 && segs[1] == "v2.0" && segs[2] == ".well-known" && segs[3] == "openid-configuration":
			p.serveOpenID(w, r, segs[0])
		case len(segs) == 4 && segs[1] == "oauth2" && segs[2] == "v2.0" && segs[3] == "token" && r.Method == http.MethodPost:
			p.serveToken(w, r, segs[0])
		default:
			http.NotFound(w, r)
		}
	})
}

func (p *Platform) sign(data string) []byte {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
