package config

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

const validPipeline = `pipeline "p" {
  schedule = "15m"
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "c"
    client_secret = env("SECRET")
    ca_file       = "ca.pem"
  }
  state { key = env("KEY") }
  destination "local" { path = "lake" }
  source "users" { select = ["displayName"] }
  source "staff" {
    plugin = "users"
    filter = trimspace(file("filter.txt"))
  }
}
`

func testOptions(env map[string]string) LoadOptions {
	return LoadOptions{RequireSecrets: true,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		ReadFile: func(path string) ([]byte, error) {
			if strings.HasSuffix(path, "/cfg/filter.txt") {
				return []byte(" id eq 'x'\n"), nil
			}
			return nil, errNotFound
		}}
}

var errNotFound = errors.New("not found")

const testKey = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio="

func TestLoadDecodesAValidPipeline(t *testing.T) {
	p, _, diags := LoadSource("/cfg/p.hcl", []byte(validPipeline), testOptions(map[string]string{"SECRET": "s3cret", "KEY": testKey}))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"the endpoint defaults to Graph v1.0", p.Graph.Endpoint, "https://graph.microsoft.com/v1.0"},
		{"the schedule is a duration", p.Schedule, 15 * time.Minute},
		{"env() reads the secret", p.Graph.ClientSecret.Reveal(), "s3cret"},
		{"paths resolve next to the file", p.Graph.CAFile, "/cfg/ca.pem"},
		{"the local path resolves next to the file", p.Destination.Path, "/cfg/lake"},
		{"the state key decodes to 32 bytes", len(p.State.Key), 32},
		{"a source's plugin defaults to its name", p.Sources[0].Plugin, "users"},
		{"a source's attributes become JSON", string(p.Sources[0].Config), `{"select":["displayName"]}`},
		{"file() and trimspace() work", string(p.Sources[1].Config), `{"filter":"id eq 'x'"}`},
		{"plugin is the host's attribute", p.Sources[1].Plugin, "users"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestLoadReportsMistakesWithTheirLine(t *testing.T) {
	env := map[string]string{"SECRET": "s", "KEY": testKey}
	tests := []struct {
		name, old, new string
		env            map[string]string
		line           int
		want           string
	}{
		{"an unknown attribute suggests the right one", "client_id     =", "clientid      =", env, 5, `Did you mean "client_id"?`},
		{"an unset variable is named", "", "", map[string]string{"KEY": testKey}, 6, "environment variable SECRET is not set"},
		{"a short state key says how to make one", `env("KEY")`, `"abc"`, env, 9, "openssl rand -base64 32"},
		{"an http endpoint is refused", `tenant_id`, "endpoint = \"http://x/v1.0\"\n    tenant_id", env, 4, "must be an https:// URL"},
		{"a short schedule is refused", `"15m"`, `"1s"`, env, 2, "at least 10s"},
		{"duplicate sources are refused", `source "staff"`, `source "users"`, env, 12, "source names must be unique"},
		{"an unknown destination is refused", `destination "local"`, `destination "ftp"`, env, 10, "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(validPipeline, tt.old, tt.new, 1)
			_, files, diags := LoadSource("/cfg/p.hcl", []byte(src), testOptions(tt.env))
			var out bytes.Buffer
			_ = WriteDiagnostics(&out, files, diags, 100, false)
			var found bool
			for _, d := range diags {
				text := d.Summary + " " + d.Detail
				if strings.Contains(text, tt.want) && d.Subject != nil && d.Subject.Start.Line == tt.line {
					found = true
				}
			}
			if !found {
				t.Errorf("no diagnostic %q on line %d:\n%s", tt.want, tt.line, out.String())
			}
		})
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	s := Secret("hunter2")
	for _, got := range []string{s.String(), s.GoString(), fmtAll(s)} {
		if strings.Contains(got, "hunter2") {
			t.Errorf("secret printed: %s", got)
		}
	}
}
