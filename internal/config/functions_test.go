package config

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// loadValue loads a pipeline whose users source holds v = expr, from
// /cfg/p.hcl.
func loadValue(t *testing.T, expr string, opts LoadOptions) (*Pipeline, hcl.Diagnostics) {
	t.Helper()
	src := `pipeline "p" {
  graph { tenant_id = "contoso.com" }
  state { key = env("GRAPHLAKE_STATE_KEY", "` + testStateKey + `") }
  destination "local" { path = "lake" }
  source "users" {
    v = ` + expr + `
  }
}`
	p, _, diags := LoadSource("/cfg/p.hcl", []byte(src), opts)
	return p, diags
}

func TestFunctionsComputeValues(t *testing.T) {
	opts := LoadOptions{
		LookupEnv: mapEnv(map[string]string{"NAME": "value", "EMPTY": ""}),
		ReadFile:  mapFiles(map[string]string{"/cfg/notes/filter.txt": "  id eq 'x'\n", "/etc/abs.txt": "abs"}),
	}
	tests := []struct {
		name, expr, want string
	}{
		{"env reads a set variable", `env("NAME")`, `"value"`},
		{"env prefers a set variable to the fallback", `env("NAME", "fallback")`, `"value"`},
		{"env keeps a variable set to empty", `env("EMPTY", "fallback")`, `""`},
		{"env falls back when the variable is unset", `env("UNSET", "fallback")`, `"fallback"`},
		{"file reads relative to the pipeline file", `file("notes/filter.txt")`, `"  id eq 'x'\n"`},
		{"file reads an absolute path as it is", `file("/etc/abs.txt")`, `"abs"`},
		{"trimspace trims", `trimspace(file("notes/filter.txt"))`, `"id eq 'x'"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := loadValue(t, tt.expr, opts)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			if got, want := string(p.Sources[0].Config), `{"v":`+tt.want+`}`; got != want {
				t.Errorf("Config = %s, want %s", got, want)
			}
		})
	}
}

func TestFunctionFailuresSayTheFix(t *testing.T) {
	tests := []struct {
		name, expr     string
		requireSecrets bool
		severity       hcl.DiagnosticSeverity
		summary        string
		detail         string
	}{
		{"an unset variable is an error when secrets are required", `env("GRAPH_CLIENT_SECRET")`, true,
			hcl.DiagError, "Environment variable GRAPH_CLIENT_SECRET is not set", "export GRAPH_CLIENT_SECRET=…"},
		{"an unset variable is a warning when secrets are not required", `env("GRAPH_CLIENT_SECRET")`, false,
			hcl.DiagWarning, "Environment variable GRAPH_CLIENT_SECRET is not set", "left unchecked"},
		{"a missing file names the resolved path", `file("../missing.txt")`, true,
			hcl.DiagError, "Cannot read file /missing.txt", "There is no file at /missing.txt"},
		{"env takes at most one fallback", `env("A", "b", "c")`, true,
			hcl.DiagError, "Invalid function argument", "at most one fallback"},
		{"other functions do not exist", `upper("a")`, true,
			hcl.DiagError, "Call to unknown function", "upper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := LoadOptions{LookupEnv: mapEnv(nil), ReadFile: mapFiles(nil), RequireSecrets: tt.requireSecrets}
			p, diags := loadValue(t, tt.expr, opts)
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			d := diags[0]
			if d.Severity != tt.severity || d.Summary != tt.summary || !strings.Contains(d.Detail, tt.detail) {
				t.Errorf("got %v %q: %q; want %v %q with %q", d.Severity, d.Summary, d.Detail, tt.severity, tt.summary, tt.detail)
			}
			if d.Subject == nil || d.Subject.Start.Line != 6 {
				t.Errorf("subject %v, want line 6", d.Subject)
			}
			if p != nil && string(p.Sources[0].Config) != "{}" {
				t.Errorf("Config = %s; a failed argument must be left out", p.Sources[0].Config)
			}
		})
	}
}

func TestUnsetSecretsLeaveTheRestCheckedWhenNotRequired(t *testing.T) {
	src := `pipeline "p" {
  graph {
    tenant_id     = "contoso.com"
    client_id     = "c"
    auth          = "client_secret"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = env("LAKE", "lake") }
  source "users" { filter = env("FILTER") }
}`
	p, files, diags := LoadSource("/cfg/p.hcl", []byte(src), LoadOptions{LookupEnv: mapEnv(nil)})
	if diags.HasErrors() || len(diags) != 3 {
		t.Fatalf("want three warnings and no error:\n%s", render(t, files, diags))
	}
	if p.Graph.Auth != AuthClientSecret || p.State.Key != nil || p.Destination.Path != "/cfg/lake" {
		t.Errorf("auth %q, key %v, path %q", p.Graph.Auth, p.State.Key, p.Destination.Path)
	}
	if _, ok := p.Sources[0].AttrRanges["filter"]; !ok || string(p.Sources[0].Config) != "{}" {
		t.Errorf("an unknown source argument: Config %s, AttrRanges %v", p.Sources[0].Config, p.Sources[0].AttrRanges)
	}
}
