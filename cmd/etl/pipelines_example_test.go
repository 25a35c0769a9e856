package main

import (
	"bytes"
	"fmt"
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

// TestTheM365CompliancePipelineValidates: the example pipeline of a
// Microsoft 365 compliance lake, with every built-in source and an S3
// destination, is valid, each source's block as its plugin sees it.
func TestTheM365CompliancePipelineValidates(t *testing.T) {
	for _, v := range []string{"GRAPHLAKE_TENANT", "GRAPHLAKE_CLIENT_ID", "GRAPH_CLIENT_SECRET"} {
		t.Setenv(v, "00000000-0000-0000-0000-000000000000")
	}
	t.Setenv("GRAPHLAKE_STATE_KEY", testStateKey)
	t.Setenv("GRAPHLAKE_BUCKET", "compliance-lake")
	var out, errOut bytes.Buffer
	cmd := newRootCommand()
	cmd.SetArgs([]string{"validate", "--in-process", "../../pipelines/m365-compliance.hcl"})
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	want := fmt.Sprintf(`pipeline "m365-compliance" is valid (%d sources)`, len(builtins()))
	if err := cmd.Execute(); err != nil || !strings.Contains(out.String(), want) {
		t.Fatalf("etl validate pipelines/m365-compliance.hcl: %v\n%s%s", err, out.String(), errOut.String())
	}
}
