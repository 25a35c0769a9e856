package graphtest_test

import (
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestGoControlsMatchTheAdminAPI(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 51, Users: 3})
	c := newClient(t, srv)
	_, link, _ := c.round(srv.GraphURL() + "/users/delta")

	must(t, srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "gateway_timeout", Times: 1}}}))
	if r := c.get(link); r.status != 504 {
		t.Errorf("SetFaults: status %d, want 504", r.status)
	}
	srv.ClearFaults()
	if err := srv.ExpireDeltaTokens("bogus"); err == nil {
		t.Error("an unknown expiry mode was accepted")
	}
	must(t, srv.ExpireDeltaTokens("resyncRequired"))
	if r := c.get(link); r.status != 410 || r.err.Error.Code != "resyncRequired" {
		t.Errorf("ExpireDeltaTokens: %d %q", r.status, r.err.Error.Code)
	}
	srv.RevokeAccessTokens()
	if r := c.get(srv.GraphURL() + "/users/delta"); r.status != 401 {
		t.Errorf("RevokeAccessTokens: status %d", r.status)
	}
	// Four Graph requests; the faulted and the unauthorized ones never reach
	// the endpoint.
	counts := srv.RequestCounts()
	if counts["graph"] != 4 || counts["users.delta"] != 2 || counts["unauthorized"] != 1 {
		t.Errorf("RequestCounts = %v, want graph 4, users.delta 2, unauthorized 1", counts)
	}
}
