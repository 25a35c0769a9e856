package identity

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// DefaultTokenTTL is the access token lifetime when Options.TokenTTL is zero:
// what Entra ID reports as expires_in for an app-only Graph token.
const DefaultTokenTTL = 3599 * time.Second

// Client is one app registration allowed to get tokens for Graph.
type Client struct {
	// ID is the application (client) id.
	ID string
	// Secret is the client secret; empty means secrets are refused.
	Secret string
	// Certificate, when set, lets the client authenticate with client
	// assertions signed by its key (what ClientCertificateCredential sends).
	Certificate *x509.Certificate
	// FederatedToken, when set, is accepted verbatim as a client assertion
	// (what WorkloadIdentityCredential sends from its token file).
	FederatedToken string
	// Roles are the application permissions granted, e.g. "User.Read.All";
	// they travel in the token and come back in the Principal.
	Roles []string
}

// Options configures a Platform.
type Options struct {
	// TenantID is the only tenant the platform knows. Required.
	TenantID string
	// Clients are the app registrations. IDs must be unique and non-empty.
	Clients []Client
	// BaseURL returns the server root, e.g. "https://127.0.0.1:8443", with no
	// trailing slash. It is called per request, so the server may set it
	// after it listens. Required.
	BaseURL func() string
	// TokenTTL is the access token lifetime (default DefaultTokenTTL).
	TokenTTL time.Duration
	// Now is the clock for token lifetimes (default time.Now).
	Now func() time.Time
	// ManagedIdentitySecret, when set, enables GET /msi/token and is the
	// value callers must send as X-IDENTITY-HEADER (IDENTITY_HEADER).
	ManagedIdentitySecret string
	// ManagedIdentityClientID names the client in Clients that the
	// system-assigned managed identity acts as (default: the first client).
	ManagedIdentityClientID string
}

// withDefaults validates o and fills in its defaults. The returned Options
// own a copy of Clients.
func (o Options) withDefaults() (Options, error) {
	if o.TenantID == "" || o.BaseURL == nil {
		return o, errors.New("TenantID and BaseURL are required")
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Clients = append([]Client(nil), o.Clients...)
	seen := map[string]bool{}
	for _, c := range o.Clients {
		if c.ID == "" || seen[c.ID] {
			return o, fmt.Errorf("client id %q is empty or not unique", c.ID)
		}
		seen[c.ID] = true
	}
	if o.ManagedIdentityClientID == "" && len(o.Clients) > 0 {
		o.ManagedIdentityClientID = o.Clients[0].ID
	}
	if o.ManagedIdentitySecret != "" && !seen[o.ManagedIdentityClientID] {
		return o, fmt.Errorf("managed identity client %q is not among the clients", o.ManagedIdentityClientID)
	}
	return o, nil
}

// Principal is who a valid access token was issued to.
type Principal struct {
	// ClientID is the application (client) id the token was issued to.
	ClientID string
	// Roles are the application permissions the token carries.
	Roles []string
	// ExpiresAt is when the token stops being accepted.
	ExpiresAt time.Time
}
