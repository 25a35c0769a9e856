package mail_test

import (
	"testing"
	"time"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// TestTenantRateLimitConverges syncs 100 mailboxes (500 streams) on the
// source's default configuration against a tenant that serves at most 60
// Graph requests in any second, answering the rest 429 TooManyRequests
// with Retry-After, as Graph's tenant-wide limit does. The client must
// find the limit by itself: every stream completes, and Graph refuses few
// requests, because after a refusal the whole tenant waits out
// Retry-After and the request rate halves, then climbs back slowly.
//
// The share refused is what tells a client that settles from one that
// keeps pressing, and the first refusals, while the client climbs to the
// limit, grow with the latency of a loaded machine (every request then in
// flight is refused). The round is long enough for the settled part to
// dominate: under -race at a load average of 15-19 on 2 cores, 4-8% of
// the requests were refused, and 12-17% when a 429 TooManyRequests held
// only its own mailbox instead of the tenant. With 40 mailboxes the two
// overlapped (13-20% against 19-30%) around the former bound of a
// quarter, which a loaded machine could cross.
func TestTenantRateLimitConverges(t *testing.T) {
	const limit, mailboxes, folders = 60, 100, 4
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
	if refused*10 > all {
		t.Errorf("Graph refused %d of %d requests: the client did not settle below the tenant's limit", refused, all)
	}
}
