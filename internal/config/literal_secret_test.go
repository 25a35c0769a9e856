package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestIsLiteral(t *testing.T) {
	tests := []struct {
		expr string
		want bool
	}{
		{`"s3cret"`, true},
		{"<<EOT\ns3cret\nEOT\n", true},
		{`"a${"b"}"`, true},
		{`env("GRAPH_CLIENT_SECRET")`, false},
		{`file("client.secret")`, false},
		{`trimspace(file("client.secret"))`, false},
		{`"${env("A")}-suffix"`, false},
		{`var.secret`, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			expr, diags := hclsyntax.ParseExpression([]byte(tt.expr), "x.hcl", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got := isLiteral(expr); got != tt.want {
				t.Errorf("isLiteral(%s) = %v, want %v", tt.expr, got, tt.want)
			}
		})
	}
}

// TestLiteralSecretsAreMaskedInDiagnostics: the warnings name the file and
// line of a secret written out, and the lines they quote never show it;
// the decoded values are the secrets as written.
func TestLiteralSecretsAreMaskedInDiagnostics(t *testing.T) {
	path := filepath.Join("testdata", "invalid", "literal_secrets.hcl")
	p, files, diags := Load(path, testOptions())
	shown := render(t, files, diags)
	for _, want := range []string{"literal_secrets.hcl line 5", "literal_secrets.hcl line 7", "client_secret = \"*************\""} {
		if !strings.Contains(shown, want) {
			t.Errorf("the warnings do not show %q:\n%s", want, shown)
		}
	}
	for _, secret := range []string{"my-app-secret", testStateKey} {
		if strings.Contains(shown, secret) {
			t.Errorf("the warnings print a secret:\n%s", shown)
		}
	}
	if p == nil || p.Graph.ClientSecret.Reveal() != "my-app-secret" || len(p.State.Key) != StateKeySize {
		t.Errorf("the pipeline did not decode the secrets as written: %+v", p)
	}
}
