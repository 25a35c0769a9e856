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
				ClientID: "00000000-0000-0000-0000-000000000001", Auth: AuthClientSecret, ClientSecret: testSecret, Scope: DefaultScope,
				MaxRetryWait: DefaultMaxRetryWait, MaxPages: DefaultMaxPages},
			State:       State{Key: key},
			Destination: Destination{Kind: "local", Path: filepath.Join(dir, "lake")},
			Sources:     []Source{{Name: "users", Plugin: "users", Config: []byte(`{}`)}},
			Lake:        Lake{CompactEvery: DefaultCompactEvery},
		}},
		{"full", Pipeline{Name: "full", Schedule: 15 * time.Minute,
			Graph: Graph{Endpoint: "https://127.0.0.1:8443/v1.0", AuthorityHost: "https://127.0.0.1:8443/",
				TenantID: "11111111-2222-4333-8444-555555555555", ClientID: "00000000-0000-0000-0000-000000000001",
				Auth: AuthCertificate, CertificateFile: filepath.Join(dir, "app.pem"), CAFile: filepath.Join(dir, "sim-ca.pem"),
				Scope: "https://127.0.0.1:8443/.default", MaxRetryWait: DefaultMaxRetryWait, MaxPages: DefaultMaxPages},
			State:       State{Key: key},
			Destination: Destination{Kind: "local", Path: "/var/lake"},
			Sources: []Source{
				{Name: "users", Plugin: "users", Config: []byte(`{"deep":{"on":true,"tags":["a","b"]},"filter":"accountEnabled eq true",` +
					`"page":999,"select":["displayName","mail","accountEnabled"]}`)},
				{Name: "staff", Plugin: "users", Config: []byte(`{"select":["displayName"]}`)},
				{Name: "custom", Plugin: filepath.Join(filepath.Dir(dir), "plugins", "echo-plugin"), Config: []byte(`{}`)},
			},
			Lake: Lake{CompactEvery: 12},
		}},
		{"managed_identity", Pipeline{Name: "mi", Schedule: time.Hour,
			Graph: Graph{Endpoint: DefaultEndpoint, AuthorityHost: DefaultAuthorityHost, TenantID: "contoso.onmicrosoft.com",
				Auth: AuthManagedIdentity, Scope: DefaultScope, MaxRetryWait: 90 * time.Second, MaxPages: 5000},
			State:       State{Key: key},
			Destination: Destination{Kind: "local", Path: filepath.Join(dir, "lake")},
			Sources:     []Source{{Name: "groups", Plugin: "groups", Config: []byte(`{}`)}},
			Lake:        Lake{CompactEvery: DefaultCompactEvery},
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

func TestS3DestinationDecodes(t *testing.T) {
	tests := []struct {
		name, block string
		want        S3
	}{
		{"defaults", `destination "s3" { bucket = "lake" }`,
			S3{Bucket: "lake", Checksum: DefaultS3Checksum, PartSizeMB: DefaultS3PartSizeMB, UploadConcurrency: DefaultS3UploadConcurrency}},
		{"every argument", `destination "s3" {
    bucket             = "lake"
    prefix             = "/graph/contoso/"
    region             = env("AWS_REGION", "eu-west-1")
    endpoint           = "http://127.0.0.1:7070/"
    path_style         = true
    access_key_id      = "AKIA0000"
    secret_access_key  = env("GRAPH_CLIENT_SECRET")
    sse                = "aws:kms"
    kms_key_id         = "alias/lake"
    checksum           = "sha256"
    part_size_mb       = 16
    upload_concurrency = 4
    single_writer      = true
  }`, S3{Bucket: "lake", Prefix: "graph/contoso", Region: "eu-west-1", Endpoint: "http://127.0.0.1:7070", PathStyle: true,
			AccessKeyID: "AKIA0000", SecretAccessKey: testSecret, SSE: "aws:kms", KMSKeyID: "alias/lake", Checksum: "SHA256",
			PartSizeMB: 16, UploadConcurrency: 4, SingleWriter: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `pipeline "p" {
  graph { tenant_id = "contoso.com" }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  ` + tt.block + `
  source "users" {}
}`
			p, files, diags := LoadSource("/cfg/p.hcl", []byte(src), testOptions())
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", render(t, files, diags))
			}
			if p.Destination.Kind != "s3" || p.Destination.S3 == nil {
				t.Fatalf("destination = %+v, want an s3 block", p.Destination)
			}
			if diff := cmp.Diff(tt.want, *p.Destination.S3, cmp.Comparer(func(a, b Secret) bool { return a == b })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
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
