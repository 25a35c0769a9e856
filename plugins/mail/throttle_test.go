package mail_test

import (
	"testing"
	"time"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestTenantRateLimitConverges syncs 40 mailboxes (200 streams) on the
// source's default configuration against a tenant that serves at most 60
// Graph requests in any second, answering the rest 429 TooManyRequests
// with Retry-After, as Graph's tenant-wide limit does. The client must
// find the limit by itself: every stream completes, and Graph refuses few
// requests, because after a refusal the whole tenant waits out
// Retry-After and the request rate halves, then climbs back slowly. A
// client that keeps pressing at a fixed rate (the former default of 1,000
// requests per second, with 16 mailboxes at once, each holding back only
// the mailbox that was throttled) is refused about a third of its
// requests.
func TestTenantRateLimitConverges(t *testing.T) {
	const limit, mailboxes, folders = 60, 40, 4
	srv := graphtest.Start(t, graphtest.Options{Seed: 47, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: folders,
		MessagesPerFolder: 2, TenantRateLimit: limit, TenantRateWindow: time.Second,
		Variants: []graphtest.Variant{graphtest.TenantRateLimit}})
	r := sdktest.New(t, srv, mail.New())
	start := time.Now()
	out := r.Sync(`{}`)
	took := time.Since(start)
	for _, cp := range out.Checkpoints {
		if cp.Status != sdk.StatusOK {
			t.Errorf("stream %s ended %s: %s", cp.Stream, cp.Status, cp.Error)
		}
	}
	if got, want := len(out.Checkpoints), mailboxes*(folders+1); got != want {
		t.Errorf("%d streams checkpointed, want %d", got, want)
	}
	counts := srv.RequestCounts()
	refused, all := counts["throttled.tenant"], counts["graph"]
	served := all - refused
	t.Logf("%d requests served and %d refused in %v: %.0f served per second, limit %d", served, refused, took, float64(served)/took.Seconds(), limit)
	if refused == 0 {
		t.Errorf("Graph refused no request: the test no longer reaches the tenant's limit")
	}
	if refused*4 > all {
		t.Errorf("Graph refused %d of %d requests: the client did not settle below the tenant's limit", refused, all)
	}
}
