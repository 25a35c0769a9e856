package identity

import (
	"context"
	"crypto"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/pki"
)

// federatedToken is what a Kubernetes service account token file holds.
const federatedToken = "eyJhbGciOiJSUzI1NiJ9.kubernetes-service-account.signature"

func TestAzidentityCredentials(t *testing.T) {
	started := time.Now()
	f := start(t, Options{}) // the platform's clock stands still at about started
	time.Sleep(1500 * time.Millisecond)
	certs, key := clientCertificate(t, f.ca, "app")
	if err := f.p.AddCertificate(clientID, certs[0]); err != nil {
		t.Fatal(err)
	}
	if err := f.p.AddFederatedToken(clientID, federatedToken); err != nil {
		t.Fatal(err)
	}
	otherCerts, otherKey := clientCertificate(t, f.ca, "not the app")
	tests := []struct {
		name    string
		cred    func() (azcore.TokenCredential, error)
		wantErr string // empty: GetToken succeeds and Graph accepts the token
	}{
		{"a client secret gets a token", func() (azcore.TokenCredential, error) { return f.secretCredential(secret) }, ""},
		{"a wrong client secret fails with AADSTS7000215", func() (azcore.TokenCredential, error) { return f.secretCredential("wrong") }, "AADSTS7000215"},
		{"a client certificate gets a token", func() (azcore.TokenCredential, error) { return f.certCredential(certs, key, false) }, ""},
		{"a client certificate sending its chain gets a token", func() (azcore.TokenCredential, error) { return f.certCredential(certs, key, true) }, ""},
		{"a certificate the app does not have fails with AADSTS700027", func() (azcore.TokenCredential, error) { return f.certCredential(otherCerts, otherKey, false) }, "AADSTS700027"},
		{"a workload identity token file gets a token", func() (azcore.TokenCredential, error) { return f.workloadCredential(t, federatedToken) }, ""},
		{"a workload identity token the app does not trust fails with AADSTS70021", func() (azcore.TokenCredential, error) { return f.workloadCredential(t, "stranger") }, "AADSTS70021"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred, err := tt.cred()
			if err != nil {
				t.Fatalf("new credential: %v", err)
			}
			tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{graphDefault}})
			elapsed := time.Since(started)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("GetToken error %v, want one mentioning %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("GetToken: %v", err)
			}
			pr, gerr := f.p.Authenticate(graphRequest(tok.Token))
			if gerr != nil {
				t.Fatalf("Graph rejects the token: %v", gerr)
			}
			// The platform's clock stands still while the credential dates
			// the expiry from the real time it read the answer, plus
			// expires_in in whole seconds rounded down: the credential's
			// expiry may be up to a second before the token's, and later by
			// at most the real time since the platform's clock was set (on
			// a busy CI machine, seconds).
			early, late := pr.ExpiresAt.Sub(tok.ExpiresOn), tok.ExpiresOn.Sub(pr.ExpiresAt)
			if pr.ClientID != clientID || early > time.Second || late > elapsed {
				t.Errorf("principal %+v, token expires %v (%v after the platform's clock was set)", pr, tok.ExpiresOn, elapsed)
			}
		})
	}
}

func (f *fixture) secretCredential(s string) (azcore.TokenCredential, error) {
	return azidentity.NewClientSecretCredential(tenantID, clientID, s,
		&azidentity.ClientSecretCredentialOptions{ClientOptions: f.clientOptions(), DisableInstanceDiscovery: true})
}

func (f *fixture) certCredential(certs []*x509.Certificate, key crypto.PrivateKey, chain bool) (azcore.TokenCredential, error) {
	return azidentity.NewClientCertificateCredential(tenantID, clientID, certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: f.clientOptions(), DisableInstanceDiscovery: true, SendCertificateChain: chain})
}

func (f *fixture) workloadCredential(t *testing.T, token string) (azcore.TokenCredential, error) {
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{ClientOptions: f.clientOptions(),
		TenantID: tenantID, ClientID: clientID, TokenFilePath: file, DisableInstanceDiscovery: true})
}

// clientCertificate issues a client certificate and parses it as an
// application would.
func clientCertificate(t *testing.T, ca *pki.Authority, name string) ([]*x509.Certificate, crypto.PrivateKey) {
	t.Helper()
	certPEM, keyPEM, err := ca.IssueClient(name)
	if err != nil {
		t.Fatal(err)
	}
	certs, key, err := azidentity.ParseCertificates(append(certPEM, keyPEM...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return certs, key
}
