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
// find the limit by itself: every stream completes, and once it has met
// the limit Graph refuses few requests, because after a refusal the whole
// tenant waits out Retry-After and the request rate drops below what Graph
// served, then climbs back slowly.
//
// What tells a client that settles from one that keeps pressing is the
// share refused after the first refusals, not the share of the whole
// round: the first burst (every request in flight when the tenant's window
// fills is refused) grows with how fast the client climbed and with the
// latency of a loaded machine, and so varies from run to run, while a
// client that settles keeps the rest of the round nearly free of
// refusals. The round is sampled as it runs, and the requests from two
// seconds after the first refusal on are counted. Measured: 0.2-5.5% of
// them refused (the whole round: 7-15%, the first burst), and 50-70% when
// a 429 TooManyRequests on a mailbox request held only that mailbox; the
// bound, a fifth, lies between with room for a loaded machine.
func TestTenantRateLimitConverges(t *testing.T) {
	const limit, mailboxes, folders = 60, 100, 4
	const settle = 2 * time.Second // two Retry-After windows after the first refusal
	srv := graphtest.Start(t, graphtest.Options{Seed: 47, Users: mailboxes, Mailboxes: mailboxes, FoldersPerMailbox: folders,
		MessagesPerFolder: 2, TenantRateLimit: limit, TenantRateWindow: time.Second,
		Variants: []graphtest.Variant{graphtest.TenantRateLimit}})
	r := sdktest.New(t, srv, mail.New())
	samples := sampleRequestCounts(srv, 50*time.Millisecond)
	start := time.Now()
	out := r.Sync(`{}`)
	took := time.Since(start)
	timeline := samples()
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
		t.Fatalf("Graph refused no request: the test no longer reaches the tenant's limit")
	}
	first := -1
	for i, c := range timeline {
		if c.refused > 0 {
			first = i
			break
		}
	}
	var before requestSample
	for _, c := range timeline[max(first, 0):] {
		if c.at >= timeline[max(first, 0)].at+settle {
			break
		}
		before = c
	}
	settledAll, settledRefused := all-before.all, refused-before.refused
	t.Logf("from %v after the first refusal on: %d of %d requests refused", settle, settledRefused, settledAll)
	if settledAll < 100 {
		t.Fatalf("only %d requests after the first refusals: the round is too short to tell whether the client settles", settledAll)
	}
	if settledRefused*5 > settledAll {
		t.Errorf("after its first refusals Graph still refused %d of %d requests: the client did not settle below the tenant's limit", settledRefused, settledAll)
	}
}

// requestSample is what the emulator had counted at a moment of a round.
type requestSample struct {
	at           time.Duration
	all, refused int64
}

// sampleRequestCounts samples srv's Graph requests and tenant-wide
// refusals every interval until the returned function is called, which
// returns the samples.
func sampleRequestCounts(srv *graphtest.Server, interval time.Duration) func() []requestSample {
	start := time.Now()
	stop, result := make(chan struct{}), make(chan []requestSample)
	go func() {
		var out []requestSample
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			c := srv.RequestCounts()
			out = append(out, requestSample{at: time.Since(start), all: c["graph"], refused: c["throttled.tenant"]})
			select {
			case <-stop:
				result <- out
				return
			case <-tick.C:
			}
		}
	}()
	return func() []requestSample {
		close(stop)
		return <-result
	}
}
