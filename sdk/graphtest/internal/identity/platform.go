package identity

import (
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Platform is the emulated identity platform for one tenant. It is safe for
// concurrent use.
type Platform struct {
	opts Options
	key  []byte // HMAC key for access tokens; never leaves the process

	mu      sync.Mutex
	clients []Client
	ttl     time.Duration
	issued  map[string]time.Time // token id (uti) → expiry; absent means expired or revoked
	pruneAt int                  // prune expired entries when issued reaches this size

	// verified maps the access tokens whose signature checked out to their
	// claims (immutable, signed): a request with a known token skips the
	// HMAC and the JSON; expiry and revocation are still checked each time.
	verified  sync.Map
	verifiedN atomic.Int64
}

// New returns a platform for opts. It fails when a required option is
// missing or the clients are inconsistent.
func New(opts Options) (*Platform, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("identity platform options: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("identity platform token key: %w", err)
	}
	return &Platform{opts: opts, key: key, clients: opts.Clients, ttl: opts.TokenTTL,
		issued: map[string]time.Time{}, pruneAt: minPrune}, nil
}

// SetTokenTTL changes the lifetime of access tokens issued from now on;
// d <= 0 restores DefaultTokenTTL. Tokens already issued keep theirs.
func (p *Platform) SetTokenTTL(d time.Duration) {
	if d <= 0 {
		d = DefaultTokenTTL
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ttl = d
}

// RevokeAll makes every access token issued so far fail Authenticate as
// expired, as Graph does when a token's lifetime ends early (a revoked
// session, a continuous access evaluation event). Tokens issued afterwards
// are valid.
func (p *Platform) RevokeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.issued)
	p.pruneAt = minPrune
}

// AddCertificate lets the client authenticate with client assertions signed
// by cert's key, replacing any certificate it had.
func (p *Platform) AddCertificate(clientID string, cert *x509.Certificate) error {
	return p.updateClient(clientID, func(c *Client) { c.Certificate = cert })
}

// AddFederatedToken lets the client authenticate with token as its client
// assertion, as workload identity sends it from its token file.
func (p *Platform) AddFederatedToken(clientID, token string) error {
	return p.updateClient(clientID, func(c *Client) { c.FederatedToken = token })
}

func (p *Platform) updateClient(id string, fn func(*Client)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.clients {
		if p.clients[i].ID == id {
			fn(&p.clients[i])
			return nil
		}
	}
	return fmt.Errorf("identity platform: no client %q", id)
}

// client returns a copy of the registration for id.
func (p *Platform) client(id string) (Client, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.clients {
		if c.ID == id {
			return c, true
		}
	}
	return Client{}, false
}

func (p *Platform) now() time.Time { return p.opts.Now() }
