package graphtest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// TestBatchThrottlesEachRequest evaluates each request of a batch against
// the tenant's limit: those past it are 429 with Retry-After, and the
// batch is 200, or 424 with the batch-failed-dependency variant.
func TestBatchThrottlesEachRequest(t *testing.T) {
	for _, tt := range []struct {
		name     string
		variants []graphtest.Variant
		status   int
	}{
		{"batch 200", nil, 200},
		{"batch-failed-dependency", []graphtest.Variant{graphtest.BatchFailedDependency}, 424},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 44, Users: 3, TenantRateLimit: 3, TenantRateWindow: time.Minute,
				Variants: append([]graphtest.Variant{graphtest.TenantRateLimit}, tt.variants...)})
			c := newClient(t, srv)
			var subs []sub
			for i := range 5 {
				subs = append(subs, sub{ID: fmt.Sprint(i), Method: "GET", URL: "/users/delta"})
			}
			r := c.batch(batchRequests(subs...))
			if r.status != tt.status || len(r.Responses) != 5 {
				t.Fatalf("batch status %d with %d answers, want %d with 5: %s", r.status, len(r.Responses), tt.status, r.body)
			}
			var statuses []int
			for _, a := range r.Responses {
				statuses = append(statuses, a.Status)
				if a.Status == 429 && a.Headers["Retry-After"] == "" {
					t.Errorf("a throttled request without Retry-After: %v", a.Headers)
				}
			}
			slices.Sort(statuses)
			if want := []int{200, 200, 200, 429, 429}; !slices.Equal(statuses, want) {
				t.Errorf("statuses %v, want %v", statuses, want)
			}
		})
	}
	t.Run("a batch without a throttled request is 200 with the variant", func(t *testing.T) {
		srv := graphtest.Start(t, graphtest.Options{Seed: 44, Users: 3, Variants: []graphtest.Variant{graphtest.BatchFailedDependency}})
		c := newClient(t, srv)
		if r := c.batch(batchRequests(sub{ID: "1", Method: "GET", URL: "/users/nobody"})); r.status != 200 {
			t.Errorf("status %d", r.status)
		}
	})
}

// TestBatchRunsRequestsInParallel serves the requests of a batch at once:
// two slow ones (200 and 500 ms) take about 500 ms together, not 700, the
// faster answered first.
func TestBatchRunsRequestsInParallel(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 45, Users: 3, Groups: 2})
	c := newClient(t, srv)
	setFaults(t, c,
		graphtest.FaultRule{Kind: "slow", Match: "/users/delta", Delay: graphtest.FaultDuration(500 * time.Millisecond)},
		graphtest.FaultRule{Kind: "slow", Match: "/groups/delta", Delay: graphtest.FaultDuration(200 * time.Millisecond)})
	start := time.Now()
	r := c.batch(batchRequests(sub{ID: "users", Method: "GET", URL: "/users/delta"}, sub{ID: "groups", Method: "GET", URL: "/groups/delta"}))
	took := time.Since(start)
	// One after the other they would take at least 700 ms.
	if r.status != 200 || took < 500*time.Millisecond || took >= 690*time.Millisecond {
		t.Errorf("status %d in %v, want 200 in 500 to 690 ms", r.status, took)
	}
	if got := r.ids(); !slices.Equal(got, []string{"groups", "users"}) {
		t.Errorf("answers in the order %v, want the order they finished (groups, users)", got)
	}
}

// TestBatchDependsOn runs a request after those it depends on, and
// answers it 424 without running it when one of them failed.
func TestBatchDependsOn(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 46, Users: 3, Groups: 2})
	c := newClient(t, srv)
	setFaults(t, c, graphtest.FaultRule{Kind: "slow", Match: "/groups/delta", Delay: graphtest.FaultDuration(200 * time.Millisecond)})
	before := srv.RequestCounts()["users.delta"]
	r := c.batch(batchRequests(
		sub{ID: "missing", Method: "GET", URL: "/users/nobody"},
		sub{ID: "after-missing", Method: "GET", URL: "/users/delta", DependsOn: []string{"MISSING"}},
		sub{ID: "slow", Method: "GET", URL: "/groups/delta"},
		sub{ID: "after-slow", Method: "GET", URL: "/users", DependsOn: []string{"slow"}},
	))
	if r.status != 200 {
		t.Fatalf("batch status %d: %s", r.status, r.body)
	}
	for id, want := range map[string]int{"missing": 404, "after-missing": 424, "slow": 200, "after-slow": 200} {
		if a := r.byID(t, id); a.Status != want {
			t.Errorf("%s: status %d, want %d: %s", id, a.Status, want, a.Body)
		}
	}
	order := r.ids()
	if slices.Index(order, "after-slow") < slices.Index(order, "slow") {
		t.Errorf("answers %v: a request ran before the one it depends on", order)
	}
	if got := srv.RequestCounts()["users.delta"] - before; got != 0 {
		t.Errorf("users.delta served %d times, want 0 (the dependent of a failure never runs)", got)
	}
}

// TestBatchCutFaultCutsTheBatch drops the batch's connection when a cut
// fault fires on one of its requests.
func TestBatchCutFaultCutsTheBatch(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 47, Users: 3, Groups: 2})
	c := newClient(t, srv)
	setFaults(t, c, graphtest.FaultRule{Kind: "cut", Match: "/groups/delta", Times: 1})
	body := batchRequests(sub{ID: "users", Method: "GET", URL: "/users/delta"}, sub{ID: "groups", Method: "GET", URL: "/groups/delta"})
	if r, err := c.batchCtx(context.Background(), body); err == nil {
		t.Fatalf("reading a batch with a cut request must fail; got status %d: %s", r.status, r.body)
	}
	if r := c.batch(body); r.status != 200 || len(r.Responses) != 2 {
		t.Errorf("after times:1 the next batch must succeed, got %d: %s", r.status, r.body)
	}
}

// TestBatchCountsEachRequest counts every request of a batch as a Graph
// request in flight and in the stats, and the batch as "batch".
func TestBatchCountsEachRequest(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 48, Users: 3})
	c := newClient(t, srv)
	setFaults(t, c, graphtest.FaultRule{Kind: "slow", Match: "/users", Delay: graphtest.FaultDuration(100 * time.Millisecond)})
	srv.ResetPeakInFlight()
	before, answered := srv.RequestCounts(), srv.Answered()
	var subs []sub
	for i := range 6 {
		subs = append(subs, sub{ID: fmt.Sprint(i), Method: "GET", URL: "/users/delta"})
	}
	if r := c.batch(batchRequests(subs...)); r.status != 200 {
		t.Fatalf("batch status %d", r.status)
	}
	after := srv.RequestCounts()
	if g, b := after["graph"]-before["graph"], after["batch"]-before["batch"]; g != 6 || b != 1 {
		t.Errorf("counted %d Graph requests and %d batches, want 6 and 1", g, b)
	}
	if p, a := srv.PeakInFlight(), srv.Answered()-answered; p != 6 || a != 6 {
		t.Errorf("PeakInFlight %d, Answered %d; want 6 and 6", p, a)
	}
}

// TestBatchEndsWhenTheClientGivesUp ends the requests of a batch whose
// client went away.
func TestBatchEndsWhenTheClientGivesUp(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 49, Users: 3})
	c := newClient(t, srv)
	setFaults(t, c, graphtest.FaultRule{Kind: "slow", Match: "/users/delta", Delay: graphtest.FaultDuration(5 * time.Second)})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := c.batchCtx(ctx, batchRequests(sub{ID: "1", Method: "GET", URL: "/users/delta"}, sub{ID: "2", Method: "GET", URL: "users/delta"})); err == nil {
		t.Fatal("the batch answered before its slow requests")
	}
	deadline := time.Now().Add(time.Second)
	for srv.InFlight() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := srv.InFlight(); n != 0 {
		t.Errorf("%d requests still in flight a second after the client gave up", n)
	}
}

// TestBatchCarriesEachAnswersHeaders puts the headers a client acts on in
// each answer: Location of a 410 sync reset, Retry-After of Outlook's
// 429 when more than 4 requests of one batch address one mailbox.
func TestBatchCarriesEachAnswersHeaders(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 50, Users: 3, Mailboxes: 2, FoldersPerMailbox: 1, MessagesPerFolder: 2})
	c := newClient(t, srv)
	_, with := mailboxless(t, c)
	t.Run("Location of a sync reset", func(t *testing.T) {
		_, link, _ := c.round(srv.GraphURL() + "/users/delta?$select=displayName")
		must(t, srv.ExpireDeltaTokens("location"))
		a := c.batch(batchRequests(sub{ID: "1", Method: "GET", URL: strings.TrimPrefix(link, srv.GraphURL())})).byID(t, "1")
		if a.Status != 410 || !strings.HasPrefix(a.Headers["Location"], srv.GraphURL()+"/users/delta") {
			t.Errorf("status %d, Location %q", a.Status, a.Headers["Location"])
		}
	})
	t.Run("Outlook's 4 requests at once per mailbox", func(t *testing.T) {
		setFaults(t, c, graphtest.FaultRule{Kind: "slow", Match: "/mailFolders", Delay: graphtest.FaultDuration(200 * time.Millisecond)})
		var subs []sub
		for i := range 6 {
			subs = append(subs, sub{ID: fmt.Sprint(i), Method: "GET", URL: "/users/" + with + "/mailFolders/delta"})
		}
		r := c.batch(batchRequests(subs...))
		var statuses []int
		for _, a := range r.Responses {
			statuses = append(statuses, a.Status)
			if a.Status == 429 && a.Headers["Retry-After"] == "" {
				t.Errorf("429 without Retry-After: %v", a.Headers)
			}
		}
		slices.Sort(statuses)
		if want := []int{200, 200, 200, 200, 429, 429}; r.status != 200 || !slices.Equal(statuses, want) {
			t.Errorf("batch %d, statuses %v, want 200 and %v", r.status, statuses, want)
		}
	})
}
