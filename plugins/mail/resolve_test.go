package mail_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestConfiguredNamesAreResolvedAtOnce: the user principal names of
// `mailboxes` are looked up side by side, not one round trip after the
// other: with each lookup slowed to a second, all of them have reached
// Graph half a second into the round, and every mailbox syncs.
func TestConfiguredNamesAreResolvedAtOnce(t *testing.T) {
	const mailboxes, lookupDelay = 6, time.Second
	srv := graphtest.Start(t, graphtest.Options{Seed: 12, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: 1, MessagesPerFolder: 1})
	var names []string
	for _, u := range sdktest.Truth(t, srv, "users") {
		names = append(names, u["userPrincipalName"].(string))
	}
	config, err := json.Marshal(map[string]any{"mailboxes": names})
	if err != nil {
		t.Fatal(err)
	}
	// A name's lookup is GET /users/{name}; mailbox requests use ids.
	if err := srv.SetFaults(graphtest.FaultConfig{Seed: 1, Rules: []graphtest.FaultRule{
		{Kind: "slow", Match: "@", Delay: graphtest.FaultDuration(lookupDelay)}}}); err != nil {
		t.Fatal(err)
	}
	early := make(chan int64, 1)
	go func() {
		time.Sleep(lookupDelay / 2)
		early <- srv.RequestCounts()["graph"]
	}()
	out := sdktest.New(t, srv, mail.New()).Sync(string(config))
	if n := <-early; n < mailboxes {
		t.Errorf("%d Graph requests half a second into the round, want the %d lookups at once", n, mailboxes)
	}
	synced := map[string]bool{}
	for _, cp := range out.Checkpoints {
		if cp.Status == sdk.StatusOK {
			synced[cp.Stream[:36]] = true
		}
	}
	if len(synced) != mailboxes {
		t.Errorf("%d mailboxes synced, want %d", len(synced), mailboxes)
	}
}
