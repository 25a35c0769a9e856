package sdktest_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// source is a one-table plugin whose rounds sync does.
type source struct {
	sync func(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error
}

func (source) Tables() []table.Table {
	return []table.Table{{Name: "items", Key: []string{"id"}, Columns: []table.Column{
		{Name: "id", Type: table.String()}, {Name: "displayName", Type: table.String()}}}}
}

func (s source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	return s.sync(ctx, req, emit)
}

// deltaOf is a source of one delta stream, id, from the query at path.
func deltaOf(id, path string) source {
	return source{func(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
		return sdk.RunDelta(ctx, req, emit, sdk.DeltaStream{ID: id, Table: "items", URL: req.Endpoint + path})
	}}
}

// recorder is a testing.TB that keeps the failures reported to it
// instead of failing the test that runs it.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) { r.record(fmt.Sprintf(format, args...)) }

func (r *recorder) Error(args ...any) { r.record(fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.record(fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.record(fmt.Sprint(args...))
	runtime.Goexit()
}

func (r *recorder) record(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, msg)
}

// syncAs runs a round of src per option list through a runner that
// reports to a recorder, in a goroutine of its own as a Fatal ends it, and
// returns what was reported and the rounds that completed.
func syncAs(t *testing.T, srv *graphtest.Server, src sdk.Source, rounds ...[]sdktest.RoundOption) ([]string, []sdktest.Round) {
	rec := &recorder{TB: t}
	var out []sdktest.Round
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := sdktest.New(rec, srv, src)
		for _, opts := range rounds {
			out = append(out, r.Sync(`{}`, opts...))
		}
	}()
	<-done
	return rec.failures, out
}

// TestAFailedStreamFailsTheTest: Graph refuses a stream's query (a
// resource the tenant does not serve, a property the resource does not
// have): the test fails, naming the stream and Graph's answer, unless the
// test declared the failure with AllowFailed.
func TestAFailedStreamFailsTheTest(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 3})
	for _, tt := range []struct {
		name, id, path string
		opts           []sdktest.RoundOption
		want           []string // in the one failure reported; none when empty
	}{
		{name: "a stream Graph serves passes", id: "users", path: "/users/delta"},
		{name: "an unknown resource fails the test", id: "applications", path: "/applications/delta",
			want: []string{"round 1: stream applications failed", "400 BadRequest", "Resource not found for the segment", `sdktest.AllowFailed("applications")`}},
		{name: "an unknown property in $select fails the test", id: "users", path: "/users/delta?$select=noSuchProperty",
			want: []string{"round 1: stream users failed", "400", "Could not find a property named 'noSuchProperty'"}},
		{name: "a failure declared by id passes", id: "applications", path: "/applications/delta",
			opts: []sdktest.RoundOption{sdktest.AllowFailed("applications")}},
		{name: "a failure declared by pattern passes", id: "tenant/applications", path: "/applications/delta",
			opts: []sdktest.RoundOption{sdktest.AllowFailed("other", "*/applications")}},
		{name: "a declaration of another stream does not cover it", id: "applications", path: "/applications/delta",
			opts: []sdktest.RoundOption{sdktest.AllowFailed("users", "*/applications")},
			want: []string{"round 1: stream applications failed"}},
		{name: "a malformed pattern fails the test", id: "users", path: "/users/delta",
			opts: []sdktest.RoundOption{sdktest.AllowFailed("[users")},
			want: []string{`sdktest.AllowFailed("[users")`, "syntax error in pattern"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			failures, rounds := syncAs(t, srv, deltaOf(tt.id, tt.path), tt.opts)
			if len(tt.want) == 0 {
				if len(failures) != 0 {
					t.Fatalf("the test failed: %q; want it to pass", failures)
				}
				return
			}
			if len(failures) != 1 {
				t.Fatalf("the test reported %q; want one failure", failures)
			}
			for _, w := range tt.want {
				if !strings.Contains(failures[0], w) {
					t.Errorf("failure %q does not contain %q", failures[0], w)
				}
			}
			if len(rounds) != 1 {
				t.Errorf("%d rounds returned; want the round returned to the test for its own assertions", len(rounds))
			}
		})
	}
}

// TestDeclaredFailuresAreReturned: a round whose failure is declared
// returns it in Round.Failed for the test to assert on.
func TestDeclaredFailuresAreReturned(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 3})
	failures, rounds := syncAs(t, srv, deltaOf("applications", "/applications/delta"), []sdktest.RoundOption{sdktest.AllowFailed("applications")})
	if len(failures) != 0 {
		t.Fatalf("the test failed: %q; want it to pass", failures)
	}
	failed := rounds[0].Failed()
	if len(failed) != 1 || failed[0].Stream != "applications" || failed[0].Status != wire.StatusFailed || !strings.Contains(failed[0].Error, "400") {
		t.Errorf("Round.Failed() = %+v; want the applications stream, failed with Graph's 400", failed)
	}
}

// TestAFailureNeverPrintsADeltaLink: a source that puts its deltaLink in
// a failed stream's error fails the test with the link redacted.
func TestAFailureNeverPrintsADeltaLink(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 3})
	var link string
	leaky := source{func(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
		prev, ok := req.Streams.Get("users")
		if !ok {
			return sdk.RunDelta(ctx, req, emit, sdk.DeltaStream{ID: "users", Table: "items", URL: req.Endpoint + "/users/delta"})
		}
		link = prev.DeltaLink
		return emit.Checkpoint(wire.Checkpoint{Stream: "users", Status: wire.StatusFailed, Error: "could not resume from " + link})
	}}
	failures, _ := syncAs(t, srv, leaky, nil, nil)
	if !strings.Contains(link, "deltatoken") {
		t.Fatalf("round 2 got no deltaLink with a token (%s)", graph.Redact(link))
	}
	if len(failures) != 1 {
		t.Fatalf("the test reported %d failures; want one", len(failures))
	}
	switch {
	case strings.Contains(failures[0], link):
		t.Errorf("the failure printed the deltaLink (not shown here); want it redacted as %s", graph.Redact(link))
	case !strings.Contains(failures[0], graph.Redact(link)):
		t.Errorf("failure %q: want the deltaLink redacted as %s", failures[0], graph.Redact(link))
	}
}
