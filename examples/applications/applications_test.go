package applications_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/examples/applications"
	"github.com/graphlake/graphlake/examples/applications/applicationstest"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// assertMatches compares the lake's current applications with the
// emulator's, nested nulls and timestamps normalised on both sides.
func assertMatches(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, when string) {
	t.Helper()
	deep := func(rows []map[string]any) (out []any) {
		for _, row := range rows {
			out = append(out, sdktest.NormaliseDeep(row))
		}
		return out
	}
	want, got := deep(sdktest.Truth(t, srv, "applications", "id")), deep(r.State("applications"))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s, applications differ from the emulator's (-emulator +lake):\n%s", when, diff)
	}
}

func TestRoundsOfChurnMatchTheEmulator(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 41, Users: 3, DirectoryPageSize: 9,
		Resources: []graphtest.Resource{applicationstest.Resource(40)}})
	r := sdktest.New(t, srv, applications.New())
	if rows := r.Sync(`{}`).Rows["applications"]; len(rows) != 40 {
		t.Fatalf("the first round wrote %d applications, want 40", len(rows))
	}
	assertMatches(t, r, srv, "after the first round")
	reasons := map[any]int{}
	for i, spec := range []graphtest.ChurnSpec{
		{Resource: "applications", Creates: 5, Updates: 12, Deletes: 8, Seed: 1},
		{Resource: "applications", Creates: 2, Updates: 8, Deletes: 4, Restores: 3, Seed: 2},
	} {
		if _, err := srv.Tenant().Churn(spec); err != nil {
			t.Fatal(err)
		}
		for _, row := range r.Sync(`{}`).Rows["applications"] {
			if row["_op"] == "delete" {
				reasons[row["_removed_reason"]]++
			}
		}
		assertMatches(t, r, srv, fmt.Sprintf("after churn round %d", i+2))
	}
	if reasons["changed"] == 0 || reasons["deleted"] == 0 {
		t.Errorf("tombstones by reason %v; want soft deletes (changed) and purges (deleted)", reasons)
	}
}

// TestAStreamGraphRefusesFailsTheTest: when Graph refuses applications/delta
// (a tenant that does not serve it, or a 403 for a missing permission), a
// test of the plugin fails, naming the stream, unless it declares the
// failure.
func TestAStreamGraphRefusesFailsTheTest(t *testing.T) {
	forbidden := graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "forbidden", Match: "/applications/delta"}}}
	for _, tc := range []struct {
		name     string
		register bool
		faults   *graphtest.FaultConfig
		allow    []sdktest.RoundOption
		want     string
	}{
		{name: "an emulator without the resource answers 400", want: "Resource not found for the segment"},
		{name: "a 403 fails the test", register: true, faults: &forbidden, want: "403"},
		{name: "a declared failure passes", register: true, faults: &forbidden, allow: []sdktest.RoundOption{sdktest.AllowFailed("applications")}},
		{name: "a stream Graph serves passes", register: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := graphtest.Options{Seed: 42, Users: 2}
			if tc.register {
				opts.Resources = []graphtest.Resource{applicationstest.Resource(3)}
			}
			srv := graphtest.Start(t, opts)
			if tc.faults != nil {
				if err := srv.SetFaults(*tc.faults); err != nil {
					t.Fatal(err)
				}
			}
			failures := syncRecorded(t, srv, tc.allow)
			switch {
			case tc.want == "" && len(failures) > 0:
				t.Errorf("the test failed: %q; want it to pass", failures)
			case tc.want != "" && (len(failures) != 1 || !strings.Contains(failures[0], "stream applications failed") ||
				!strings.Contains(failures[0], tc.want)):
				t.Errorf("the test reported %q; want one failure of stream applications with %q", failures, tc.want)
			}
		})
	}
}

// syncRecorded runs one round through a runner that reports to a
// recorder instead of t, and returns what it reported.
func syncRecorded(t *testing.T, srv *graphtest.Server, opts []sdktest.RoundOption) []string {
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sdktest.New(rec, srv, applications.New()).Sync(`{}`, opts...)
	}()
	<-done
	return rec.failures
}

// recorder is a testing.TB that keeps the failures reported to it.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) { r.record(fmt.Sprintf(format, args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.record(fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (r *recorder) record(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, msg)
}
