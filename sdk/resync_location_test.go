package sdk_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// A 410 sync reset restarts the stream from its own first-round URL: with a
// Location that drops the query options, a stream of two ids would
// otherwise read every contact of the tenant under the same fingerprint.
func TestASyncResetRestartsFromTheStreamsOwnURL(t *testing.T) {
	for _, variants := range [][]graphtest.Variant{nil, {graphtest.LocationWithoutQuery}} {
		t.Run(fmt.Sprintf("variants %v", variants), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 5, Contacts: 10, Variants: variants})
			contacts := sdktest.Truth(t, srv, "org_contacts", "id")
			config := `["` + contacts[0]["id"].(string) + `","` + contacts[1]["id"].(string) + `"]`
			r := sdktest.New(t, srv, idSource{})
			r.Sync(config)
			if err := srv.ExpireDeltaTokens("location"); err != nil {
				t.Fatal(err)
			}
			round := r.Sync(config)
			if len(round.Checkpoints) != 1 {
				t.Fatalf("checkpoints %+v, want one", round.Checkpoints)
			}
			cp := round.Checkpoints[0]
			if cp.Status != wire.StatusOK || cp.Mode != sdk.ModeResync || cp.Upserts != 2 ||
				!strings.Contains(cp.Reason, "restarted from the stream's own first-round URL") {
				t.Errorf("checkpoint %s, mode %s, %d upserts, reason %q; want ok, a resync of the 2 configured contacts, and the reason",
					cp.Status, cp.Mode, cp.Upserts, cp.Reason)
			}
			if rows := r.State("contacts"); len(rows) != 2 {
				t.Errorf("the lake holds %d contacts after the reset, want the 2 configured", len(rows))
			}
		})
	}
}
