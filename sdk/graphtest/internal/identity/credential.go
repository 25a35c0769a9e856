package identity

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"time"
)

// jwtBearer is the only client_assertion_type the identity platform takes.
const jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// checkCredential verifies the client's secret or client assertion. It
// never logs or echoes the credential.
func (p *Platform) checkCredential(r *http.Request, c Client, secret string) *oauthError {
	assertion := r.PostForm.Get("client_assertion")
	switch {
	case assertion != "":
		return p.checkAssertion(r, c, assertion)
	case secret == "":
		return errNoCredential()
	case c.Secret == "" || !equal(secret, c.Secret):
		return errSecret(c.ID)
	}
	return nil
}

// checkAssertion accepts the client's federated token verbatim, or a JWT
// signed by its certificate's key. An assertion that names no certificate
// is taken for a federated token when the client trusts one. The JWT's
// times are checked against the wall clock, which the client signed with,
// not Options.Now.
func (p *Platform) checkAssertion(r *http.Request, c Client, assertion string) *oauthError {
	if r.PostForm.Get("client_assertion_type") != jwtBearer {
		return errMissing("client_assertion_type")
	}
	if c.FederatedToken != "" && equal(assertion, c.FederatedToken) {
		return nil
	}
	switch {
	case c.FederatedToken != "" && (c.Certificate == nil || !namesCertificate(assertion)):
		return errFederation()
	case c.Certificate == nil:
		return errAssertion("The key was not found.")
	}
	path := "/" + p.opts.TenantID + "/oauth2/v2.0/token"
	audiences := []string{p.base(r) + path, p.opts.BaseURL() + path}
	if err := verifyAssertion(assertion, c, audiences, time.Now()); err != nil {
		if errors.Is(err, errAssertionExpired) {
			return errAssertionTime()
		}
		return errAssertion(err.Error())
	}
	return nil
}

// equal compares secrets in constant time.
func equal(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
