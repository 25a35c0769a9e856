package config

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// testAuditKey is an Ed25519 test key as `openssl genpkey -algorithm
// ed25519` writes it (a test key, nothing else).
const testAuditKey = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPDykeIkkYQ0ei5jL4r1Oxpc7fyxlIQ/fKdliCq5LiZt
-----END PRIVATE KEY-----
`

func TestAuditBlockReadsTheSigningKeyAndNeverPrintsIt(t *testing.T) {
	src := `pipeline "p" {
  graph {
    tenant_id     = "contoso.onmicrosoft.com"
    client_id     = "00000000-0000-0000-0000-000000000001"
    client_secret = env("GRAPH_CLIENT_SECRET")
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "./lake" }
  audit { signing_key = file("audit.key") }
  source "users" {}
}`
	opts := testOptions()
	opts.ReadFile = mapFiles(map[string]string{"/cfg/audit.key": testAuditKey})
	p, files, diags := LoadSource("/cfg/p.hcl", []byte(src), opts)
	if diags.HasErrors() {
		t.Fatal(render(t, files, diags))
	}
	if p.Audit.SigningKey.Reveal() != testAuditKey {
		t.Fatal("audit.signing_key was not read from audit.key")
	}
	js, err := json.Marshal(p.Audit)
	if err != nil {
		t.Fatal(err)
	}
	for _, shown := range []string{fmt.Sprint(p.Audit), fmt.Sprintf("%#v", p.Audit), fmt.Sprintf("%+v", p), string(js)} {
		if strings.Contains(shown, "PRIVATE") || strings.Contains(shown, "MC4CAQAw") {
			t.Errorf("the signing key shows in %q", shown)
		}
	}
}
