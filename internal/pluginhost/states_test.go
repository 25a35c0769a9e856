package pluginhost

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// hostStates is the host's StateSource in these tests: n states whose
// deltaLinks are linkLen bytes long. It records the largest page it was
// asked for and the most pages it built at once.
type hostStates struct {
	n, linkLen int
	hold       time.Duration // how long building a page takes

	mu                    sync.Mutex
	calls, maxLimit       int
	inFlight, maxInFlight int
}

func (h *hostStates) Page(_ context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	h.mu.Lock()
	h.calls++
	h.maxLimit = max(h.maxLimit, limit)
	h.inFlight++
	h.maxInFlight = max(h.maxInFlight, h.inFlight)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.inFlight--
		h.mu.Unlock()
	}()
	time.Sleep(h.hold)
	if offset < 0 || offset > h.n {
		return nil, 0, fmt.Errorf("offset %d is outside the %d stream states", offset, h.n)
	}
	var out []wire.StreamState
	for i := offset; i < min(h.n, offset+limit); i++ {
		out = append(out, wire.StreamState{Stream: fmt.Sprintf("s%05d", i), DeltaLink: strings.Repeat("l", h.linkLen), Fingerprint: "fp"})
	}
	return out, h.n, nil
}

// stateReader is a source (built with this SDK's wire package) that reads
// every prior state of its round and reports what it got.
type stateReader struct {
	got chan stateReading
}

type stateReading struct {
	inline int
	paged  bool
	states []string
	err    error
}

func (stateReader) Describe(context.Context) ([]wire.Table, error)              { return nil, nil }
func (stateReader) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (s stateReader) Sync(ctx context.Context, req wire.SyncRequest, _ func(wire.Event) error) error {
	r := stateReading{inline: len(req.Streams), paged: req.States != nil}
	r.err = wire.EachState(ctx, req, func(st wire.StreamState) { r.states = append(r.states, st.Stream) })
	s.got <- r
	return r.err
}

// rawPlugin serves a hand-written SourceServer, as a plugin built with
// another SDK (or an older one, or a hostile one) would.
type rawPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	server func(broker *plugin.GRPCBroker) pb.SourceServer
}

func (p rawPlugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterSourceServer(s, p.server(broker))
	return nil
}

func (rawPlugin) GRPCClient(ctx context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return grpcPlugin{}.GRPCClient(ctx, broker, c)
}

// dispensePlugin is dispense for any plugin definition.
func dispensePlugin(t *testing.T, p plugin.Plugin) wire.Source {
	t.Helper()
	client, _ := plugin.TestPluginGRPCConn(t, false, map[string]plugin.Plugin{wire.PluginName: p})
	t.Cleanup(func() { _ = client.Close() })
	raw, err := client.Dispense(wire.PluginName)
	if err != nil {
		t.Fatalf("dispense the source: %v", err)
	}
	return raw.(wire.Source)
}

// oldPlugin is a plugin built before StateBroker: its DescribeResponse
// has no reads_states; it records the SyncRequest it got.
type oldPlugin struct {
	pb.UnimplementedSourceServer
	got chan *pb.SyncRequest
}

func (oldPlugin) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	return &pb.DescribeResponse{}, nil
}

func (p oldPlugin) Sync(req *pb.SyncRequest, _ grpc.ServerStreamingServer[pb.SyncEvent]) error {
	p.got <- req
	return nil
}

// A plugin of this SDK reads its prior states in pages of at most
// wire.StatesPageSize over the host's broker, and the SyncRequest holds
// none; a plugin that predates the StateBroker gets them all in the
// SyncRequest, as before.
func TestPriorStatesArePagedToAPluginThatReadsThem(t *testing.T) {
	const n = 2*wire.StatesPageSize + 500
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprintf("s%05d", i)
	}

	t.Run("a plugin of this SDK reads pages", func(t *testing.T) {
		src := stateReader{got: make(chan stateReading, 1)}
		host := dispense(t, src)
		states := &hostStates{n: n, linkLen: 500}
		if err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}, States: states}, func(wire.Event) error { return nil }); err != nil {
			t.Fatal(err)
		}
		got := <-src.got
		if got.inline != 0 || !got.paged {
			t.Errorf("the plugin got %d states in the SyncRequest (paged: %t); want none, all paged", got.inline, got.paged)
		}
		if strings.Join(got.states, ",") != strings.Join(want, ",") {
			t.Errorf("the plugin read %d states, want the %d in order", len(got.states), n)
		}
		states.mu.Lock()
		defer states.mu.Unlock()
		if states.calls != 3 || states.maxLimit > wire.StatesPageSize {
			t.Errorf("the host built %d pages of up to %d states; want 3 of at most %d", states.calls, states.maxLimit, wire.StatesPageSize)
		}
	})

	t.Run("a plugin that predates the StateBroker gets them in the SyncRequest", func(t *testing.T) {
		old := oldPlugin{got: make(chan *pb.SyncRequest, 1)}
		host := dispensePlugin(t, rawPlugin{server: func(*plugin.GRPCBroker) pb.SourceServer { return old }})
		if err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}, States: &hostStates{n: n, linkLen: 10}}, func(wire.Event) error { return nil }); err != nil {
			t.Fatal(err)
		}
		req := <-old.got
		if req.GetStatesFromBroker() || len(req.GetStreams()) != n || req.GetStreams()[n-1].GetStream() != want[n-1] {
			t.Errorf("the old plugin got %d states in the SyncRequest, states_from_broker %t; want all %d, false", len(req.GetStreams()), req.GetStatesFromBroker(), n)
		}
	})
}

// hostilePlugin declares that it reads states and, during its Sync, asks
// the host's StateBroker for what it should not get. It keeps the
// connection to ask again after the round.
type hostilePlugin struct {
	pb.UnimplementedSourceServer
	broker *plugin.GRPCBroker
	asks   func(ctx context.Context, c pb.StateBrokerClient)
	client chan pb.StateBrokerClient
}

func (hostilePlugin) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	return &pb.DescribeResponse{ReadsStates: true}, nil
}

func (p hostilePlugin) Sync(req *pb.SyncRequest, stream grpc.ServerStreamingServer[pb.SyncEvent]) error {
	conn, err := p.broker.Dial(req.GetTokenBrokerId())
	if err != nil {
		return err
	}
	c := pb.NewStateBrokerClient(conn)
	p.asks(stream.Context(), c)
	p.client <- c
	return nil
}

// A plugin is untrusted: whatever it asks the StateBroker, a page holds at
// most wire.StatesPageSize states and about wire.MaxStatesPageBytes, an
// offset outside the states is refused, no more than a few pages are built
// at once however many it asks for in parallel, and after its round it
// gets nothing.
func TestTheStateBrokerBoundsWhatAPluginAsks(t *testing.T) {
	const n = 3 * wire.StatesPageSize
	type answer struct {
		states, bytes int
		code          codes.Code
	}
	ask := func(ctx context.Context, c pb.StateBrokerClient, offset int64, limit int32) answer {
		resp, err := c.States(ctx, &pb.StatesRequest{Offset: offset, Limit: limit})
		a := answer{states: len(resp.GetStreams()), code: status.Code(err)}
		for _, s := range resp.GetStreams() {
			a.bytes += len(s.GetStream()) + len(s.GetDeltaLink()) + len(s.GetFingerprint())
		}
		return a
	}
	tests := []struct {
		name    string
		linkLen int
		asks    func(ctx context.Context, c pb.StateBrokerClient) []answer
		check   func(t *testing.T, got []answer, host *hostStates)
	}{
		{"a page larger than the host's is cut to it", 100, func(ctx context.Context, c pb.StateBrokerClient) []answer {
			return []answer{ask(ctx, c, 0, 1<<30), ask(ctx, c, 0, -5)}
		}, func(t *testing.T, got []answer, host *hostStates) {
			for _, a := range got {
				if a.code != codes.OK || a.states != wire.StatesPageSize {
					t.Errorf("got %d states (%v); want %d", a.states, a.code, wire.StatesPageSize)
				}
			}
			if host.maxLimit > wire.StatesPageSize {
				t.Errorf("the host built a page of %d states", host.maxLimit)
			}
		}},
		{"long states fill a page by bytes", 64 << 10, func(ctx context.Context, c pb.StateBrokerClient) []answer {
			return []answer{ask(ctx, c, 0, wire.StatesPageSize)}
		}, func(t *testing.T, got []answer, _ *hostStates) {
			if a := got[0]; a.code != codes.OK || a.states == 0 || a.bytes > wire.MaxStatesPageBytes {
				t.Errorf("got %d states of %d bytes (%v); want at least one, at most %d bytes", a.states, a.bytes, a.code, wire.MaxStatesPageBytes)
			}
		}},
		{"an offset outside the states is refused", 100, func(ctx context.Context, c pb.StateBrokerClient) []answer {
			return []answer{ask(ctx, c, -1, 10), ask(ctx, c, n+1, 10), ask(ctx, c, 1<<62, 10), ask(ctx, c, n, 10)}
		}, func(t *testing.T, got []answer, _ *hostStates) {
			want := []codes.Code{codes.InvalidArgument, codes.FailedPrecondition, codes.InvalidArgument, codes.OK}
			for i, a := range got {
				if a.code != want[i] || a.states != 0 {
					t.Errorf("ask %d: %d states, %v; want none, %v", i, a.states, a.code, want[i])
				}
			}
		}},
		{"pages asked in parallel are built a few at a time", 100, func(ctx context.Context, c pb.StateBrokerClient) []answer {
			out := make([]answer, 32)
			var wg sync.WaitGroup
			for i := range out {
				wg.Go(func() { out[i] = ask(ctx, c, 0, wire.StatesPageSize) })
			}
			wg.Wait()
			return out
		}, func(t *testing.T, got []answer, host *hostStates) {
			for _, a := range got {
				if a.code != codes.OK {
					t.Errorf("a parallel ask failed: %v", a.code)
				}
			}
			if host.maxInFlight > stateServerPages {
				t.Errorf("the host built %d pages at once, want at most %d", host.maxInFlight, stateServerPages)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []answer
			p := hostilePlugin{client: make(chan pb.StateBrokerClient, 1)}
			p.asks = func(ctx context.Context, c pb.StateBrokerClient) { got = tt.asks(ctx, c) }
			host := dispensePlugin(t, rawPlugin{server: func(b *plugin.GRPCBroker) pb.SourceServer { p.broker = b; return p }})
			states := &hostStates{n: n, linkLen: tt.linkLen, hold: time.Millisecond}
			if err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}, States: states}, func(wire.Event) error { return nil }); err != nil {
				t.Fatal(err)
			}
			c := <-p.client
			states.mu.Lock()
			tt.check(t, got, states)
			states.mu.Unlock()
			after := ask(t.Context(), c, 0, 10)
			if after.code != codes.FailedPrecondition || after.states != 0 {
				t.Errorf("after the round the plugin got %d states (%v); want none, FailedPrecondition", after.states, after.code)
			}
		})
	}
}
