package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// setGraphArgument adds an argument to the pipeline file's graph block.
func (h *harness) setGraphArgument(line string) {
	h.t.Helper()
	text, err := os.ReadFile(h.pipeline)
	if err != nil {
		h.t.Fatal(err)
	}
	const anchor = `ca_file        = "ca.pem"`
	out := strings.Replace(string(text), anchor, anchor+"\n    "+line, 1)
	if err := os.WriteFile(h.pipeline, []byte(out), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

func TestThrottlingPastTheRetryBudgetEndsTheStreamCleanly(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 84, Users: 60, Contacts: 30}, allUserProperties+"\n  "+contactsSource(false, nil))
	h.setGraphArgument(`max_retry_wait = "2s"`)
	h.mustRun()
	h.churn(graphtest.ChurnSpec{Resource: "users", Updates: 5, Deletes: 2, Seed: 1}, graphtest.ChurnSpec{Resource: "contacts", Updates: 4, Seed: 2})

	// Graph throttles every users request, asking for 0.7 s at a time:
	// the third wait would pass the 2 s budget.
	after := 0.7
	if err := h.srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "throttle", Match: "/users/delta", RetryAfter: &after}}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := h.etl("run", h.pipeline)
	took := time.Since(start)
	if res.code != exitPartial {
		t.Fatalf("etl run under endless throttling exited %d, want %d (some streams failed)\n%s", res.code, exitPartial, res.stderr)
	}
	if took > 30*time.Second {
		t.Errorf("the throttled round took %s; the 2s retry budget should end it well before", took)
	}
	mustContain(t, "stderr", res.stderr, "users/users: ", "retry")
	round2 := h.history()[1]
	for _, s := range round2.Streams {
		switch s.Source {
		case "users":
			if s.Status != "failed" || !strings.Contains(s.Error, "retry") || s.EndLinkSHA256 != h.history()[0].Streams[1].EndLinkSHA256 {
				t.Errorf("users under throttling: %s %q, end link %s; want failed, naming the retry budget, keeping round 1's link", s.Status, s.Error, s.EndLinkSHA256)
			}
		case "contacts":
			if s.Status != "ok" {
				t.Errorf("contacts were not throttled, yet: %s %s", s.Status, s.Error)
			}
		}
	}

	h.srv.ClearFaults()
	h.mustRun()
	for _, s := range h.history()[2].Streams {
		if s.Source == "users" && s.Mode != "incremental" {
			t.Errorf("users after the throttled round ran %s; the kept deltaLink should serve", s.Mode)
		}
	}
	if diff := cmp.Diff(h.emulatorState("users"), h.lakeState("users", "id")); diff != "" {
		t.Fatalf("after the throttled round and a clean one the users differ (-emulator +lake):\n%s", diff)
	}
	h.assertContactsMatch(nil, "after the throttled round and a clean one")
}
