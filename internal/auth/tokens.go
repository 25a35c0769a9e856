package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/graphlake/graphlake/internal/config"
)

// Tokens serves access tokens for one scope from a credential; it is the
// host's side of the token broker.
type Tokens struct {
	cred  azcore.TokenCredential
	scope string
}

// NewTokens returns a token source for scope (config.DefaultScope when empty).
func NewTokens(cred azcore.TokenCredential, scope string) *Tokens {
	if scope == "" {
		scope = config.DefaultScope
	}
	return &Tokens{cred: cred, scope: scope}
}

// Token returns a valid access token and its expiry.
func (t *Tokens) Token(ctx context.Context) (string, time.Time, error) {
	tok, err := t.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{t.scope}})
	if err != nil {
		return "", time.Time{}, Explain(err)
	}
	return tok.Token, tok.ExpiresOn, nil
}

// hints maps Entra error codes to what the user should do.
var hints = map[string]string{
	"AADSTS7000215": "the client secret is wrong: check graph.client_secret (the secret's value, not its id) or create a new one",
	"AADSTS7000222": "the client secret has expired: create a new one for the app registration",
	"AADSTS700016":  "no application with graph.client_id exists in that tenant: check client_id and tenant_id",
	"AADSTS90002":   "the tenant was not found: check graph.tenant_id",
	"AADSTS900023":  "graph.tenant_id is not a valid tenant id or domain",
	"AADSTS700027":  "the certificate is not registered on the app registration, or the assertion is invalid: upload the certificate's public part",
	"AADSTS70011":   "the scope is invalid: graph.scope must be a resource's /.default scope",
}

// Explain turns a credential error into one that says what to do, without
// secrets: azidentity's messages never include them.
func Explain(err error) error {
	msg := err.Error()
	for code, hint := range hints {
		if strings.Contains(msg, code) {
			return fmt.Errorf("authenticate to Microsoft Entra: %s (%s)", hint, code)
		}
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host") {
		return fmt.Errorf("authenticate to Microsoft Entra: cannot reach the authority (check graph.authority_host and the network): %w", err)
	}
	return fmt.Errorf("authenticate to Microsoft Entra: %w", err)
}
