package config

import (
	"fmt"
	"strings"
	"testing"
)

// maskedSecret is the secret each case writes out; it appears nowhere
// else in the case's file.
const maskedSecret = "Zq7-written-out-secret-9Wk"

// secretFile is a pipeline file whose graph, state, audit and destination
// blocks are given.
func secretFile(graph, state, audit, destination string) string {
	return fmt.Sprintf(`pipeline "p" {
  graph {
    tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    client_id = "c76de370-0185-43e1-a669-c2b97f4ac291"
%s
  }
  %s
  %s
  %s
  source "users" {}
}
`, graph, state, audit, destination)
}

const (
	envSecret = `    client_secret = env("GRAPH_CLIENT_SECRET")`
	envState  = `state { key = env("GRAPHLAKE_STATE_KEY") }`
	local     = `destination "local" { path = "lake" }`
)

// Whatever a diagnostic is about, the lines it quotes never show a
// secret the file writes out, in any secret argument, whether the file
// parses or not; the diagnostic still names the line.
func TestDiagnosticsNeverQuoteAWrittenOutSecret(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		line       int
		shown      string // text of the quoted line that stays
	}{
		{"a syntax error on the client secret's line",
			secretFile(`    client_secret = "`+maskedSecret+`" x`, envState, "", local), 5, "client_secret ="},
		{"a client secret's string never closed",
			secretFile(`    client_secret = "`+maskedSecret, envState, "", local), 5, "client_secret ="},
		{"a certificate password and a syntax error after it",
			secretFile(envSecret+"\n    certificate_password = \""+maskedSecret+"\" ]", envState, "", local), 6, "certificate_password ="},
		{"a state key one byte short, in a block on one line",
			secretFile(envSecret, `state { key = "`+maskedSecret+`" }`, "", local), 7, "state { key ="},
		{"a syntax error after a state block on one line",
			secretFile(envSecret, `state { key = "`+maskedSecret+`" } x`, "", local), 7, "state { key ="},
		{"a signing key written out that is not PEM",
			secretFile(envSecret, envState, "audit {\n    signing_key = <<EOT\n"+maskedSecret+"\nEOT\n  }", local), 9, "signing_key ="},
		{"an S3 secret access key of the wrong type",
			secretFile(envSecret, envState, "", `destination "s3" {
    bucket = "b"
    access_key_id = "AKIAEXAMPLE"
    secret_access_key = ["`+maskedSecret+`"]
  }`), 12, "secret_access_key ="},
		{"an S3 session token written around an env() that is unset",
			secretFile(envSecret, envState, "", `destination "s3" {
    bucket = "b"
    session_token = "${env("NO_SUCH_TOKEN")}`+maskedSecret+`"
  }`), 11, `env("NO_SUCH_TOKEN")`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, files, diags := LoadSource("p.hcl", []byte(tt.file), testOptions())
			if !diags.HasErrors() {
				t.Fatalf("no error for:\n%s", tt.file)
			}
			shown := render(t, files, diags)
			if strings.Contains(shown, maskedSecret) || strings.Contains(shown, maskedSecret[:8]) {
				t.Fatalf("the diagnostics show the secret:\n%s", shown)
			}
			for _, want := range []string{fmt.Sprintf("p.hcl line %d", tt.line), tt.shown} {
				if !strings.Contains(shown, want) {
					t.Errorf("the diagnostics do not show %q:\n%s", want, shown)
				}
			}
		})
	}
}

// FuzzDiagnosticsNeverQuoteAWrittenOutSecret puts any text after the
// secrets of a pipeline file that writes out its client secret, state
// key, signing key and S3 secret access key, and renders whatever
// diagnostics the file gets: they must never show a secret, whether the
// text breaks the file's syntax (the secrets are then found from its
// tokens) or only its meaning.
//
//	go test ./internal/config -run '^$' -fuzz FuzzDiagnosticsNeverQuoteAWrittenOutSecret -fuzztime 5m
func FuzzDiagnosticsNeverQuoteAWrittenOutSecret(f *testing.F) {
	head := secretFile(`    client_secret = "`+maskedSecret+`-1"`, `state { key = "`+maskedSecret+`-2" }`,
		"audit {\n    signing_key = <<EOT\n"+maskedSecret+"-3\nEOT\n  }",
		`destination "s3" {
    bucket = "b"
    access_key_id = "AKIAEXAMPLE"
    secret_access_key = "`+maskedSecret+`-4"
  }`)
	cut := strings.LastIndex(head, "}")
	for _, text := range []string{"", "x", "}", "{", `"`, "<<EOT\n", "]\n", "source \"mail\" {\n", "  x = [\n", "y = 1 2\n", "${", "/*", "# c\n"} {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.Contains(text, maskedSecret[:8]) {
			t.Skip("the text writes the secret itself")
		}
		file := head[:cut] + text + head[cut:]
		_, files, diags := LoadSource("p.hcl", []byte(file), testOptions())
		if shown := render(t, files, diags); strings.Contains(shown, maskedSecret[:8]) {
			t.Fatalf("the diagnostics of\n%s\nshow a secret:\n%s", file, shown)
		}
	})
}

// A signing key or S3 credentials written out in the file get the
// warning a written-out client secret gets, the value shown masked.
func TestWrittenOutKeysGetAWarning(t *testing.T) {
	file := secretFile(envSecret, envState, "audit {\n    signing_key = \""+maskedSecret+"\"\n  }", `destination "s3" {
    bucket = "b"
    access_key_id = "AKIAEXAMPLE"
    secret_access_key = "`+maskedSecret+`"
    session_token = "`+maskedSecret+`"
  }`)
	_, files, diags := LoadSource("p.hcl", []byte(file), testOptions())
	shown := render(t, files, diags)
	for _, want := range []string{"The signing key is written in the pipeline file", "The S3 secret access key is written in the pipeline file",
		"The S3 session token is written in the pipeline file", `env("AWS_SECRET_ACCESS_KEY")`} {
		if !strings.Contains(shown, want) {
			t.Errorf("the diagnostics do not show %q:\n%s", want, shown)
		}
	}
	if strings.Contains(shown, maskedSecret[:8]) {
		t.Errorf("the diagnostics show the secret:\n%s", shown)
	}
}
