package sdk_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// gatedStates serves a few states a page; every page after the first
// waits until release is closed, as a host's pages still on their way.
type gatedStates struct {
	states  []wire.StreamState
	perPage int
	release chan struct{}
}

func (g *gatedStates) Page(ctx context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	if offset > 0 {
		select {
		case <-g.release:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
	if offset > len(g.states) {
		return nil, 0, fmt.Errorf("offset %d is outside the %d stream states", offset, len(g.states))
	}
	end := min(offset+min(limit, g.perPage), len(g.states))
	return g.states[offset:end], len(g.states), nil
}

// probeSource runs probe in its Sync.
type probeSource struct {
	probe func(req *sdk.SyncRequest)
}

func (probeSource) Tables() []table.Table { return nil }

func (p probeSource) Sync(_ context.Context, req *sdk.SyncRequest, _ *sdk.Emitter) error {
	p.probe(req)
	return nil
}

// read is one read of a round's StreamStates, and what it must answer.
type read struct {
	name string
	do   func(sdk.StreamStates) string
	want string
	// early is whether the first page alone answers it, while the host
	// sends the states in id order.
	early bool
}

// TestStatesInIDOrderAnswerBeforeTheLastPage: while the host sends the
// prior states in id order (wire.SyncRequest.StatesInOrder), a read that
// the pages so far settle is answered before the last page comes: a
// state, an id that has none, the ids of a prefix, the first ids of all.
// A read that needs more waits, and all answers are the same as once
// every state is there. A host that does not say so gets every read
// answered only once every state is read.
func TestStatesInIDOrderAnswerBeforeTheLastPage(t *testing.T) {
	states := make([]wire.StreamState, 20)
	for i := range states {
		states[i] = wire.StreamState{Stream: fmt.Sprintf("s%06d", i), DeltaLink: fmt.Sprintf("https://graph.example/delta?token=%d", i), Fingerprint: "fp"}
	}
	link := func(id string) func(sdk.StreamStates) string {
		return func(s sdk.StreamStates) string {
			st, ok := s.Get(id)
			return fmt.Sprint(ok, " ", st.DeltaLink)
		}
	}
	firstIDs := func(prefix string, n int) func(sdk.StreamStates) string {
		return func(s sdk.StreamStates) string {
			var ids []string
			for id := range s.IDsWithPrefix(prefix) {
				if ids = append(ids, id); len(ids) == n {
					break
				}
			}
			return strings.Join(ids, ",")
		}
	}
	reads := []read{
		{"a state in the first page", link("s000003"), "true https://graph.example/delta?token=3", true},
		{"the first page's last state", link("s000006"), "true https://graph.example/delta?token=6", true},
		{"an id with no state, before the first page's last", link("s0000035"), "false ", true},
		{"a prefix within the first page", firstIDs("s000004", 10), "s000004", true},
		{"the first ids of a prefix that goes on", firstIDs("s00000", 3), "s000000,s000001,s000002", true},
		{"the first ids of all", firstIDs("", 2), "s000000,s000001", true},
		{"a fingerprint in the first page", func(s sdk.StreamStates) string { return fmt.Sprint(s.LinkFingerprint("s000002", "fp")) }, "true", true},
		{"a state in a later page", link("s000015"), "true https://graph.example/delta?token=15", false},
		{"an id after every state", link("t"), "false ", false},
		{"all the ids of a prefix past the first page", firstIDs("s00000", 100), "s000000,s000001,s000002,s000003,s000004,s000005,s000006,s000007,s000008,s000009", false},
		{"the ids of a prefix in later pages", firstIDs("s00001", 100), "s000010,s000011,s000012,s000013,s000014,s000015,s000016,s000017,s000018,s000019", false},
		{"how many", func(s sdk.StreamStates) string { return fmt.Sprint(s.Len()) }, "20", false},
	}
	for _, inOrder := range []bool{true, false} {
		for _, rd := range reads {
			t.Run(fmt.Sprintf("in order %v/%s", inOrder, rd.name), func(t *testing.T) {
				src := &gatedStates{states: states, perPage: 7, release: make(chan struct{})}
				released := false
				release := func() {
					if !released {
						released = true
						close(src.release)
					}
				}
				defer release()
				probe := func(req *sdk.SyncRequest) {
					got := make(chan string, 1)
					go func() { got <- rd.do(req.Streams) }()
					early := rd.early && inOrder
					wait := 100 * time.Millisecond
					if early {
						wait = 5 * time.Second
					}
					select {
					case g := <-got:
						if !early {
							t.Errorf("answered %q before the last pages came: it needs them", g)
						}
						if g != rd.want {
							t.Errorf("got %q, want %q", g, rd.want)
						}
						release() // the Sync ends once the states are read
						return
					case <-time.After(wait):
						if early {
							t.Errorf("no answer after %v with the first page read: it waited for the rest", wait)
						}
					}
					release()
					if g := <-got; g != rd.want {
						t.Errorf("got %q once every state came, want %q", g, rd.want)
					}
				}
				req := wire.SyncRequest{States: src, StatesInOrder: inOrder, Tokens: noTokens{}}
				if err := sdk.InProcess(probeSource{probe: probe}).Sync(context.Background(), req, func(wire.Event) error { return nil }); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestStatesOutOfTheOrderTheHostSaid: a host that says it sends the states
// in id order and does not fails the Sync with both ids named, whatever
// the source did with those read before them.
func TestStatesOutOfTheOrderTheHostSaid(t *testing.T) {
	for _, tc := range []struct {
		name string
		ids  []string
	}{
		{"backwards", []string{"b", "a"}},
		{"twice", []string{"a", "a"}},
		{"backwards in a later page", []string{"a", "c", "d", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var states []wire.StreamState
			for _, id := range tc.ids {
				states = append(states, wire.StreamState{Stream: id, DeltaLink: "https://graph.example/delta?token=" + id})
			}
			src := &gatedStates{states: states, perPage: 2, release: make(chan struct{})}
			close(src.release)
			probe := func(req *sdk.SyncRequest) { _ = slices.Collect(req.Streams.IDs()) }
			req := wire.SyncRequest{States: src, StatesInOrder: true, Tokens: noTokens{}}
			err := sdk.InProcess(probeSource{probe: probe}).Sync(context.Background(), req, func(wire.Event) error { return nil })
			last := len(tc.ids) - 1
			want := fmt.Sprintf("%q came after %q", tc.ids[last], tc.ids[last-1])
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "id order") {
				t.Errorf("Sync returned %v; want an error naming the order and %s", err, want)
			}
		})
	}
}
