package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestTheEntraSecurityPipelineValidates: the example pipeline of an Entra
// ID security lake is valid, each source's block as its plugin sees it.
func TestTheEntraSecurityPipelineValidates(t *testing.T) {
	for _, v := range []string{"GRAPHLAKE_TENANT", "GRAPHLAKE_CLIENT_ID", "GRAPH_CLIENT_SECRET"} {
		t.Setenv(v, "00000000-0000-0000-0000-000000000000")
	}
	t.Setenv("GRAPHLAKE_STATE_KEY", testStateKey)
	var out, errOut bytes.Buffer
	cmd := newRootCommand()
	cmd.SetArgs([]string{"validate", "--in-process", "../../pipelines/entra-security.hcl"})
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	if err := cmd.Execute(); err != nil || !strings.Contains(out.String(), `pipeline "entra-security" is valid (4 sources)`) {
		t.Fatalf("etl validate pipelines/entra-security.hcl: %v\n%s%s", err, out.String(), errOut.String())
	}
}
