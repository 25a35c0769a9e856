package config

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretsNeverPrint(t *testing.T) {
	p, _, diags := Load(filepath.Join("testdata", "valid", "minimal.hcl"), testOptions())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p.Graph.CertificatePassword = "cert-password-never-printed"
	leaks := []string{testSecret, hex.EncodeToString([]byte(testSecret)), "cert-password-never-printed",
		testStateKey, base64.StdEncoding.EncodeToString(p.State.Key), hex.EncodeToString(p.State.Key), fmt.Sprint([]byte(p.State.Key))}
	values := map[string]any{"the pipeline": p, "the graph block": p.Graph, "the secret": p.Graph.ClientSecret,
		"the state block": p.State, "a pointer to the state": &p.State}
	for what, v := range values {
		t.Run(what+" prints without secrets", func(t *testing.T) {
			for _, out := range renderings(t, v) {
				for _, leak := range leaks {
					if strings.Contains(out, leak) {
						t.Errorf("output holds a secret:\n%s", out)
					}
				}
			}
		})
	}
	if p.Graph.ClientSecret.Reveal() != testSecret {
		t.Error("Reveal does not return the secret")
	}
}

// renderings prints v every way a log line might.
func renderings(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		out = append(out, fmt.Sprintf(verb, v))
	}
	if b, err := json.Marshal(v); err == nil {
		out = append(out, string(b))
	}
	for _, h := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("loaded", "value", v)
		out = append(out, buf.String())
	}
	return out
}

func TestStateKeysDecode(t *testing.T) {
	key := bytes.Repeat([]byte{0xfb}, StateKeySize) // base64 of 0xfb differs between the alphabets
	tests := []struct {
		name, text, problem string
	}{
		{"standard base64", base64.StdEncoding.EncodeToString(key), ""},
		{"URL base64", base64.URLEncoding.EncodeToString(key), ""},
		{"unpadded URL base64", base64.RawURLEncoding.EncodeToString(key), ""},
		{"hex with a trailing newline", hex.EncodeToString(key) + "\n", ""},
		{"too short", base64.StdEncoding.EncodeToString(key[:16]), "decodes to 16 bytes"},
		{"not an encoding", "correct horse battery staple", "neither base64 nor hex"},
		{"empty", "  ", "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problem := parseStateKey(tt.text)
			if (problem == "") != (tt.problem == "") || !strings.Contains(problem, tt.problem) {
				t.Fatalf("problem %q, want %q", problem, tt.problem)
			}
			if problem == "" && !bytes.Equal(got, key) {
				t.Errorf("key %x, want %x", got, key)
			}
		})
	}
}
