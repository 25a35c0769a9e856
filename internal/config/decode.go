package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// decoder turns the decoded HCL shapes into a Pipeline, collecting
// diagnostics as it goes.
type decoder struct {
	ctx   *hcl.EvalContext
	dir   string
	opts  LoadOptions
	diags hcl.Diagnostics
}

func (d *decoder) errorf(subject hcl.Range, summary, detailFormat string, args ...any) {
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary,
		Detail: fmt.Sprintf(detailFormat, args...), Subject: subject.Ptr()})
}

func (d *decoder) pipeline(h *pipelineHCL) *Pipeline {
	p := &Pipeline{Name: h.Name, DeclRange: blockRange(h.Body)}
	if h.Schedule != nil {
		every, err := time.ParseDuration(*h.Schedule)
		switch {
		case err != nil:
			d.errorf(attrRange(h.Body, "schedule"), "Invalid schedule", "schedule must be a duration such as \"15m\" or \"1h\": %v.", err)
		case every < 10*time.Second:
			d.errorf(attrRange(h.Body, "schedule"), "Schedule too short", "schedule is %s; rounds at least 10s apart are required.", every)
		}
		p.Schedule = every
	}
	if one(d, h.Graphs, "graph", p.DeclRange) {
		p.Graph = d.graph(h.Graphs[0])
	}
	if one(d, h.States, "state", p.DeclRange) {
		p.State = d.state(h.States[0])
	}
	if one(d, h.Destinations, "destination", p.DeclRange) {
		p.Destination = d.destination(h.Destinations[0])
	}
	p.Sources = d.sources(h.Sources, p.DeclRange)
	return p
}

// one checks that exactly one block of a kind is present.
func one[T any](d *decoder, blocks []T, kind string, within hcl.Range) bool {
	switch len(blocks) {
	case 1:
		return true
	case 0:
		d.errorf(within, fmt.Sprintf("Missing %s block", kind), "The pipeline needs one %s block; see the pipeline reference in the README.", kind)
	default:
		d.errorf(within, fmt.Sprintf("More than one %s block", kind), "The pipeline takes exactly one %s block; remove the others.", kind)
	}
	return false
}

func (d *decoder) graph(h *graphHCL) Graph {
	g := Graph{Endpoint: strings.TrimRight(deref(h.Endpoint, "https://graph.microsoft.com/v1.0"), "/"),
		AuthorityHost: deref(h.AuthorityHost, ""), TenantID: h.TenantID, ClientID: deref(h.ClientID, ""),
		Auth: deref(h.Auth, ""), ClientSecret: Secret(deref(h.ClientSecret, "")),
		CertificateFile: resolve(d.dir, deref(h.CertificateFile, "")), CertificatePassword: Secret(deref(h.CertificatePassword, "")),
		CAFile: resolve(d.dir, deref(h.CAFile, "")), Scope: deref(h.Scope, "https://graph.microsoft.com/.default"),
		DeclRange: blockRange(h.Body)}
	d.https(h.Body, "endpoint", g.Endpoint)
	if g.AuthorityHost != "" {
		d.https(h.Body, "authority_host", g.AuthorityHost)
	}
	d.credentials(h.Body, g)
	return g
}

func (d *decoder) https(body hcl.Body, name, value string) {
	u, err := url.Parse(value)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		d.errorf(attrRange(body, name), "Invalid URL", "%s must be an https:// URL (Microsoft Entra and azidentity accept nothing else); got %q.", name, value)
	}
}

// credentials checks that the auth method and the credentials agree.
func (d *decoder) credentials(body hcl.Body, g Graph) {
	hasSecret, hasCert := g.ClientSecret != "", g.CertificateFile != ""
	switch {
	case hasSecret && hasCert:
		d.errorf(attrRange(body, "certificate_file"), "Two credentials", "Set either client_secret or certificate_file, not both.")
	case g.Auth == "client_secret" && !hasSecret:
		d.errorf(attrRange(body, "auth"), "Missing client_secret", "auth = \"client_secret\" needs client_secret = env(\"GRAPH_CLIENT_SECRET\").")
	case g.Auth == "certificate" && !hasCert:
		d.errorf(attrRange(body, "auth"), "Missing certificate_file", "auth = \"certificate\" needs certificate_file = \"app.pem\".")
	}
	switch g.Auth {
	case "", "client_secret", "certificate", "managed_identity", "workload_identity", "default":
	default:
		d.errorf(attrRange(body, "auth"), "Unknown auth method", "auth must be one of client_secret, certificate, managed_identity, workload_identity, default; got %q.", g.Auth)
	}
	if (g.Auth == "" || g.Auth == "client_secret" || g.Auth == "certificate") && (hasSecret || hasCert) && g.ClientID == "" {
		d.errorf(blockRange(body), "Missing client_id", "Signing in with a secret or certificate needs client_id: the app registration's Application (client) ID.")
	}
}

// attrRange is the range of an attribute's expression, or of the block.
func attrRange(body hcl.Body, name string) hcl.Range {
	if sb, ok := body.(*hclsyntax.Body); ok {
		if a, ok := sb.Attributes[name]; ok {
			return a.Expr.Range()
		}
	}
	return blockRange(body)
}

// blockRange is the range that names a block: its opening line.
func blockRange(body hcl.Body) hcl.Range {
	if sb, ok := body.(*hclsyntax.Body); ok {
		return sb.SrcRange
	}
	return body.MissingItemRange()
}
