package config

import (
	"errors"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Defaults of the graph block.
const (
	DefaultEndpoint      = "https://graph.microsoft.com/v1.0"
	DefaultAuthorityHost = "https://login.microsoftonline.com/"
	DefaultScope         = "https://graph.microsoft.com/.default"
	// DefaultMaxRetryWait is how long one round of a stream may wait for
	// retries in all before it fails and keeps its deltaLink.
	DefaultMaxRetryWait = 10 * time.Minute
	// DefaultMaxPages is the most pages one round of a stream may read.
	DefaultMaxPages = 1_000_000
)

// Graph is the graph block: where Graph and its authority are and how to
// sign in.
type Graph struct {
	// Endpoint (endpoint) is Graph's base URL, https only, without a
	// trailing slash. Default https://graph.microsoft.com/v1.0.
	Endpoint string
	// AuthorityHost (authority_host) is the Microsoft Entra authority,
	// https only. Default https://login.microsoftonline.com/ (public cloud).
	AuthorityHost string
	// TenantID (tenant_id, required) is the directory's tenant ID (a GUID)
	// or one of its domains, such as contoso.onmicrosoft.com.
	TenantID string
	// ClientID (client_id) is the app registration's Application (client)
	// ID. Required for auth "client_secret" and "certificate"; for
	// "managed_identity" it picks a user-assigned identity; for
	// "workload_identity" it defaults to $AZURE_CLIENT_ID.
	ClientID string
	// Auth (auth) is how to sign in: "client_secret", "certificate",
	// "managed_identity", "workload_identity" or "default" (azidentity's
	// chain). Optional: "client_secret" when client_secret is set,
	// "certificate" when certificate_file is set, else "default". Always
	// filled in after Load.
	Auth string
	// ClientSecret (client_secret) is the app's secret; write it as
	// env("GRAPH_CLIENT_SECRET"), never inline.
	ClientSecret Secret
	// CertificateFile (certificate_file) is a PEM or PKCS#12 file with the
	// app's certificate and private key; relative paths start at the
	// pipeline file's folder. Absolute after Load.
	CertificateFile string
	// CertificatePassword (certificate_password) unlocks CertificateFile,
	// if it is encrypted.
	CertificatePassword Secret
	// CAFile (ca_file) holds extra PEM CA certificates to trust, e.g. the
	// CA `etl sim` generates; relative to the pipeline file's folder.
	// Absolute after Load.
	CAFile string
	// Scope (scope) is the token scope. Default
	// https://graph.microsoft.com/.default.
	Scope string
	// MaxRetryWait (max_retry_wait) caps the time one round of a stream
	// spends waiting to retry throttled (429), unavailable (503/504) or
	// cut responses, Retry-After included. Past it the stream fails
	// cleanly, keeps its deltaLink and retries next round, instead of
	// hanging. A duration from "1s" to "24h"; default "10m".
	MaxRetryWait time.Duration
	// MaxPages (max_pages) is the most pages one round of a stream may
	// read: a guard against a server that never sends a deltaLink.
	// Default 1000000.
	MaxPages int
	// DeclRange is the graph block's header.
	DeclRange hcl.Range
}

var graphSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "endpoint"}, {Name: "authority_host"}, {Name: "tenant_id"}, {Name: "client_id"}, {Name: "auth"},
	{Name: "client_secret"}, {Name: "certificate_file"}, {Name: "certificate_password"}, {Name: "ca_file"}, {Name: "scope"},
	{Name: "max_retry_wait"}, {Name: "max_pages"},
}}

// graphAttrs are the graph block's arguments as written.
type graphAttrs struct {
	endpoint, authority, tenant, clientID, auth, secret, cert, certPassword, ca, scope strAttr
	decl                                                                               hcl.Range
}

func (d *decoder) graph(b *hcl.Block) Graph {
	c := d.content(b.Body, graphSchema, "a graph block")
	at := func(name string) strAttr { return d.str(c.Attributes, name, b.DefRange) }
	a := graphAttrs{endpoint: at("endpoint"), authority: at("authority_host"), tenant: at("tenant_id"),
		clientID: at("client_id"), auth: at("auth"), secret: at("client_secret"), cert: at("certificate_file"),
		certPassword: at("certificate_password"), ca: at("ca_file"), scope: at("scope"), decl: b.DefRange}
	g := Graph{
		Endpoint: strings.TrimRight(a.endpoint.or(DefaultEndpoint), "/"), AuthorityHost: a.authority.or(DefaultAuthorityHost),
		TenantID: a.tenant.Value, ClientID: a.clientID.Value, ClientSecret: Secret(a.secret.Value),
		CertificateFile: d.resolve(a.cert.Value), CertificatePassword: Secret(a.certPassword.Value),
		CAFile: d.resolve(a.ca.Value), Scope: a.scope.or(DefaultScope), DeclRange: b.DefRange,
		MaxRetryWait: d.duration("max_retry_wait", at("max_retry_wait"), DefaultMaxRetryWait, time.Second, 24*time.Hour),
		MaxPages:     d.integer(c.Attributes, "max_pages", DefaultMaxPages, 10, 100_000_000),
	}
	d.httpsURL("endpoint", a.endpoint)
	d.httpsURL("authority_host", a.authority)
	d.tenant(a.tenant)
	g.Auth = d.credentials(a)
	d.warnLiteralSecret(c.Attributes, "client_secret", "client secret",
		`client_secret = env("GRAPH_CLIENT_SECRET"), or client_secret = file("client.secret")`)
	d.warnLiteralSecret(c.Attributes, "certificate_password", "certificate password",
		`certificate_password = env("GRAPH_CERTIFICATE_PASSWORD")`)
	d.readable("certificate_file", a.cert, g.CertificateFile)
	d.readable("ca_file", a.ca, g.CAFile)
	return g
}

func (d *decoder) httpsURL(name string, a strAttr) {
	if !a.Known {
		return
	}
	u, err := url.Parse(a.Value)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		d.errorf(a.Range, "Invalid "+name, "%s must be an https URL such as https://host/…; got %q. "+
			"azidentity and Graph accept nothing else: for the emulator use the https URL `etl sim` prints and name its CA in ca_file.", name, a.Value)
	}
}

// tenantRE is a tenant GUID or a DNS domain.
var tenantRE = regexp.MustCompile(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})$`)

func (d *decoder) tenant(a strAttr) {
	const fix = "Set tenant_id to the directory's tenant ID (a GUID, shown in the Entra admin center) or one of its domains, such as contoso.onmicrosoft.com."
	switch {
	case !a.Set:
		d.errorf(a.Range, "Missing tenant_id", "The graph block needs tenant_id. %s", fix)
	case a.Known && !tenantRE.MatchString(a.Value):
		d.errorf(a.Range, "Invalid tenant_id", "%q is neither a GUID nor a domain. %s", a.Value, fix)
	}
}

// readable checks that a file the graph block names can be read.
func (d *decoder) readable(name string, a strAttr, path string) {
	if !a.Known || path == "" {
		return
	}
	if _, err := d.opts.ReadFile(path); err != nil {
		fix := "Relative paths start at the pipeline file's folder; fix the path or create the file."
		if !errors.Is(err, fs.ErrNotExist) {
			fix = err.Error() + "."
		}
		d.errorf(a.Range, "Cannot read "+name, "%s is %s. %s", name, path, fix)
	}
}
