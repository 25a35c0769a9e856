package auth

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/graphlake/graphlake/internal/config"
)

// knownAuthorities are Microsoft's cloud authorities; any other host is a
// custom authority where instance discovery does not apply.
var knownAuthorities = []string{"login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"}

// NewCredential returns the credential a graph block describes; config
// has already inferred g.Auth when the file left it out. transport carries
// the pipeline's extra CA, if any.
func NewCredential(g config.Graph, transport *http.Client) (azcore.TokenCredential, error) {
	opts := azcore.ClientOptions{Transport: transport}
	if g.AuthorityHost != "" {
		opts.Cloud = cloud.Configuration{ActiveDirectoryAuthorityHost: g.AuthorityHost}
	}
	custom := isCustomAuthority(g.AuthorityHost)
	switch g.Auth {
	case config.AuthClientSecret:
		return azidentity.NewClientSecretCredential(g.TenantID, g.ClientID, g.ClientSecret.Reveal(),
			&azidentity.ClientSecretCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: custom})
	case config.AuthCertificate:
		return certificateCredential(g, opts, custom)
	case config.AuthManagedIdentity:
		mi := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: opts}
		if g.ClientID != "" {
			mi.ID = azidentity.ClientID(g.ClientID)
		}
		return azidentity.NewManagedIdentityCredential(mi)
	case config.AuthWorkloadIdentity:
		return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
			ClientOptions: opts, TenantID: g.TenantID, ClientID: g.ClientID, DisableInstanceDiscovery: custom})
	case config.AuthDefault:
		return azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
			ClientOptions: opts, TenantID: g.TenantID, DisableInstanceDiscovery: custom})
	}
	return nil, fmt.Errorf("graph.auth = %q is not one of client_secret, certificate, managed_identity, workload_identity, default", g.Auth)
}

func certificateCredential(g config.Graph, opts azcore.ClientOptions, custom bool) (azcore.TokenCredential, error) {
	data, err := os.ReadFile(g.CertificateFile)
	if err != nil {
		return nil, fmt.Errorf("read graph.certificate_file: %w", err)
	}
	var password []byte
	if g.CertificatePassword != "" {
		password = []byte(g.CertificatePassword.Reveal())
	}
	certs, key, err := azidentity.ParseCertificates(data, password)
	if err != nil {
		return nil, fmt.Errorf("graph.certificate_file %s: %w (it must hold the certificate and its private key, PEM or PKCS#12)",
			filepath.Base(g.CertificateFile), err)
	}
	return azidentity.NewClientCertificateCredential(g.TenantID, g.ClientID, certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: custom, SendCertificateChain: true})
}

func isCustomAuthority(host string) bool {
	if host == "" {
		return false
	}
	for _, k := range knownAuthorities {
		if strings.Contains(strings.ToLower(host), k) {
			return false
		}
	}
	return true
}
