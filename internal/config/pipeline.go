package config

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Pipeline is one decoded pipeline file.
type Pipeline struct {
	// Name is the pipeline block's label; the lake's manifest records it.
	Name string
	// File is the pipeline file's path.
	File string
	// Schedule is how often `etl run --watch` starts a round (0: none).
	Schedule time.Duration
	// Graph says where Graph and its authority are and how to sign in.
	Graph Graph
	// State holds the key that seals deltaLinks.
	State State
	// Destination is where the lake lives.
	Destination Destination
	// Sources are the source blocks, in file order.
	Sources []Source
	// DeclRange is the pipeline block's range.
	DeclRange hcl.Range
}

// Graph is the graph block.
type Graph struct {
	// Endpoint is Graph's base URL (default https://graph.microsoft.com/v1.0).
	Endpoint string
	// AuthorityHost is the Entra authority (default: the public cloud).
	AuthorityHost string
	// TenantID is the tenant's id or domain.
	TenantID string
	// ClientID is the app registration's id.
	ClientID string
	// Auth is client_secret, certificate, managed_identity,
	// workload_identity or default; empty means inferred.
	Auth string
	// ClientSecret is the app's secret.
	ClientSecret Secret
	// CertificateFile is a PEM or PKCS#12 file with the certificate and key.
	CertificateFile string
	// CertificatePassword unlocks CertificateFile.
	CertificatePassword Secret
	// CAFile holds extra CA certificates to trust.
	CAFile string
	// Scope is the token scope (default https://graph.microsoft.com/.default).
	Scope string
	// DeclRange is the graph block's range.
	DeclRange hcl.Range
}

// State is the state block.
type State struct {
	// Key is the 32-byte key that seals deltaLinks.
	Key []byte
	// DeclRange is the state block's range.
	DeclRange hcl.Range
}

// Destination is the destination block.
type Destination struct {
	// Kind is the block's label: "local".
	Kind string
	// Path is a local destination's folder, absolute.
	Path string
	// Body is the block's remaining content, for other kinds to decode.
	Body hcl.Body
	// DeclRange is the destination block's range.
	DeclRange hcl.Range
}

// Source is one source block.
type Source struct {
	// Name is the block's label, unique in the pipeline.
	Name string
	// Plugin is a built-in plugin's name or an external plugin's absolute
	// path (default: Name).
	Plugin string
	// Config is the block's other attributes as one JSON object.
	Config []byte
	// AttrRanges maps each of those attributes to its range, so a plugin's
	// diagnostics can point at the line.
	AttrRanges map[string]hcl.Range
	// DeclRange is the source block's range.
	DeclRange hcl.Range
}

// Secret is a string that never prints.
type Secret string

// String implements fmt.Stringer.
func (Secret) String() string { return "[redacted]" }

// GoString implements fmt.GoStringer.
func (Secret) GoString() string { return "[redacted]" }

// MarshalJSON writes the redaction, not the secret.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"[redacted]"`), nil }

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }
