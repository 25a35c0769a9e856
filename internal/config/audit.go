package config

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"

	"github.com/hashicorp/hcl/v2"
)

// Audit is the optional audit block, how the audit trail is kept:
//
//	audit { signing_key = file("audit.key") }
type Audit struct {
	// SigningKey (signing_key, optional) is an Ed25519 private key in PEM,
	// PKCS#8 (`openssl genpkey -algorithm ed25519 -out audit.key`): every
	// manifest entry the pipeline commits is signed with it, so that
	// `etl verify --public-key` detects an entry written by anyone else.
	// Empty: entries are not signed.
	SigningKey Secret
	// DeclRange is the audit block's header (zero when there is none).
	DeclRange hcl.Range
}

var auditSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "signing_key"}}}

const signingKeyHelp = "Make one with `openssl genpkey -algorithm ed25519 -out audit.key`, keep it out of the lake, and give auditors its public half (`openssl pkey -in audit.key -pubout -out audit.pub`)."

// audit decodes the pipeline's audit blocks: none or one.
func (d *decoder) audit(blocks hcl.Blocks) Audit {
	var a Audit
	if len(blocks) == 0 {
		return a
	}
	for _, extra := range blocks[1:] {
		d.errorf(extra.DefRange, "Duplicate audit block",
			"A pipeline takes one audit block and the first is at line %d; merge the two or remove this one.", blocks[0].DefRange.Start.Line)
	}
	a.DeclRange = blocks[0].DefRange
	c := d.content(blocks[0].Body, auditSchema, "an audit block")
	key := d.str(c.Attributes, "signing_key", blocks[0].DefRange)
	switch {
	case !key.Set:
		d.errorf(key.Range, "Missing signing key", "The audit block needs signing_key, e.g. signing_key = file(\"audit.key\"). %s", signingKeyHelp)
	case key.Known:
		d.warnLiteralSecret(c.Attributes, "signing_key", "signing key", `signing_key = file("audit.key")`)
		if problem := checkSigningKey(key.Value); problem != "" {
			d.errorf(key.Range, "Invalid signing key", "signing_key %s; it must be an Ed25519 private key in PEM (PKCS#8, \"PRIVATE KEY\"). %s", problem, signingKeyHelp)
		}
		a.SigningKey = Secret(key.Value)
	}
	return a
}

// checkSigningKey says what is wrong with a signing key, without
// repeating it.
func checkSigningKey(text string) string {
	block, _ := pem.Decode([]byte(text))
	switch {
	case block == nil:
		return "is not PEM"
	case block.Type != "PRIVATE KEY":
		return "is a PEM " + block.Type + " block"
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return "is not a readable PKCS#8 key"
	}
	if _, ok := k.(ed25519.PrivateKey); !ok {
		return "is not an Ed25519 key"
	}
	return ""
}
