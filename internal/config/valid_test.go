package config

import (
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"
)

// ignoreRanges leaves ranges and opaque bodies to their own tests.
var ignoreRanges = cmp.Options{
	cmpopts.IgnoreFields(Pipeline{}, "DeclRange"), cmpopts.IgnoreFields(Graph{}, "DeclRange"),
	cmpopts.IgnoreFields(State{}, "DeclRange"), cmpopts.IgnoreFields(Destination{}, "DeclRange", "Body", "EvalContext"),
	cmpopts.IgnoreFields(Source{}, "DeclRange", "AttrRanges"),
}

func TestValidPipelinesDecode(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "valid"))
	if err != nil {
		t.Fatal(err)
	}
	key, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	tests := []struct {
		file string
		want Pipeline
	}{
		{"minimal", Pipeline{Name: "minimal",
			Graph: Graph{Endpoint: DefaultEndpoint, AuthorityHost: DefaultAuthorityHost, TenantID: "contoso.onmicrosoft.com",
				ClientID: "00000000-0000-0000-0000-000000000001", Auth: AuthClientSecret, ClientSecret: testSecret, Scope: DefaultScope},
			State:       State{Key: key},
			Destination: Destination{Kind: "local", Path: filepath.Join(dir, "lake")},
			Sources:     []Source{{Name: "users", Plugin: "users", Config: []byte(`{}`)}},
		}},
		{"full", Pipeline{Name: "full", Schedule: 15 * time.Minute,
			Graph: Graph{Endpoint: "https://127.0.0.1:8443/v1.0", AuthorityHost: "https://127.0.0.1:8443/",
				TenantID: "11111111-2222-4333-8444-555555555555", ClientID: "00000000-0000-0000-0000-000000000001",
				Auth: AuthCertificate, CertificateFile: filepath.Join(dir, "app.pem"), CAFile: filepath.Join(dir, "sim-ca.pem"),
				Scope: "https://127.0.0.1:8443/.default"},
			State:       State{Key: key},
			Destination: Destination{Kind: "local", Path: "/var/lake"},
			Sources: []Source{
				{Name: "users", Plugin: "users", Config: []byte(`{"deep":{"on":true,"tags":["a","b"]},"filter":"accountEnabled eq true",` +
					`"page":999,"select":["displayName","mail","accountEnabled"]}`)},
				{Name: "staff", Plugin: "users", Config: []byte(`{"select":["displayName"]}`)},
				{Name: "custom", Plugin: filepath.Join(filepath.Dir(dir), "plugins", "echo-plugin"), Config: []byte(`{}`)},
			},
		}},
		{"managed_identity", Pipeline{Name: "mi", Schedule: time.Hour,
			Graph: Graph{Endpoint: DefaultEndpoint, AuthorityHost: DefaultAuthorityHost, TenantID: "contoso.onmicrosoft.com",
				Auth: AuthManagedIdentity, Scope: DefaultScope},
			State:       State{Key: key},
			Destination: Destination{Kind: "local", Path: filepath.Join(dir, "lake")},
			Sources:     []Source{{Name: "groups", Plugin: "groups", Config: []byte(`{}`)}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+" decodes to the expected pipeline", func(t *testing.T) {
			path := filepath.Join("testdata", "valid", tt.file+".hcl")
			got, files, diags := Load(path, testOptions())
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", render(t, files, diags))
			}
			tt.want.File = path
			if diff := cmp.Diff(tt.want, *got, ignoreRanges, cmp.Comparer(func(a, b Secret) bool { return a == b })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRangesPointAtTheLines(t *testing.T) {
	p, _, diags := Load(filepath.Join("testdata", "valid", "full.hcl"), testOptions())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	users := p.Sources[0]
	tests := []struct {
		name string
		rng  hcl.Range
		line int
	}{
		{"the pipeline's header", p.DeclRange, 2},
		{"the graph block's header", p.Graph.DeclRange, 4},
		{"the state block's header", p.State.DeclRange, 15},
		{"the destination's header", p.Destination.DeclRange, 16},
		{"a source's header", users.DeclRange, 17},
		{"a source attribute's expression", users.AttrRanges["select"], 18},
		{"a multi-line source attribute's expression", users.AttrRanges["deep"], 21},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is on its line", func(t *testing.T) {
			if tt.rng.Start.Line != tt.line || tt.rng.Filename == "" {
				t.Errorf("range %v, want line %d", tt.rng, tt.line)
			}
		})
	}
	if _, ok := users.AttrRanges["plugin"]; ok {
		t.Error("AttrRanges holds plugin, which is the host's argument")
	}
	if len(users.AttrRanges) != 4 {
		t.Errorf("AttrRanges = %v, want the 4 arguments of Config", users.AttrRanges)
	}
}

func TestOtherDestinationKindsKeepTheirBodyOpaque(t *testing.T) {
	saved := DestinationKinds
	DestinationKinds = append([]string{"s3"}, saved...)
	t.Cleanup(func() { DestinationKinds = saved })
	src := `pipeline "p" {
  graph { tenant_id = "contoso.com" }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "s3" {
    bucket = "lake"
    region = env("AWS_REGION", "eu-west-1")
  }
  source "users" {}
}`
	p, files, diags := LoadSource("/cfg/p.hcl", []byte(src), testOptions())
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", render(t, files, diags))
	}
	attrs, diags := p.Destination.Body.JustAttributes()
	if diags.HasErrors() || len(attrs) != 2 || p.Destination.Path != "" {
		t.Fatalf("s3 body attributes = %v (%v), path %q; want bucket and region, no path", attrs, diags, p.Destination.Path)
	}
	region, diags := attrs["region"].Expr.Value(p.Destination.EvalContext)
	if diags.HasErrors() || region.AsString() != "eu-west-1" {
		t.Errorf("region = %#v (%v), want env()'s fallback", region, diags)
	}
}

func TestTheExamplePipelinesLoadWithoutTheirVariables(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "pipelines", "*.hcl"))
	if len(paths) == 0 {
		t.Skip("no example pipelines")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, files, diags := Load(path, LoadOptions{LookupEnv: mapEnv(nil)})
			if diags.HasErrors() {
				t.Errorf("errors:\n%s", render(t, files, diags))
			}
		})
	}
}
