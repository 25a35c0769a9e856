package pluginhost

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/graphlake/graphlake/sdk/wire"
)

// bothEnds serves a source with the plugin process's definition
// (wire.GRPCPlugin) and dispenses it with the host's (grpcPlugin), as a
// plugin process and its host do across go-plugin.
type bothEnds struct {
	plugin.NetRPCUnsupportedPlugin
	serve *wire.GRPCPlugin
}

func (b bothEnds) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	return b.serve.GRPCServer(broker, s)
}

func (bothEnds) GRPCClient(ctx context.Context, broker *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return grpcPlugin{}.GRPCClient(ctx, broker, c)
}

// checkpoints is a source whose round sends each checkpoint it holds,
// after asking the host for a token.
type checkpoints []wire.Checkpoint

func (checkpoints) Describe(context.Context) ([]wire.Table, error)              { return nil, nil }
func (checkpoints) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (cs checkpoints) Sync(ctx context.Context, req wire.SyncRequest, send func(wire.Event) error) error {
	if tok, _, err := req.Tokens.Token(ctx); err != nil || tok != "host-token" {
		return errors.New("the host's token did not reach the plugin")
	}
	for i := range cs {
		if err := send(&cs[i]); err != nil {
			return err
		}
	}
	return nil
}

type hostTokens struct{}

func (hostTokens) Token(context.Context) (string, time.Time, error) {
	return "host-token", time.Now().Add(time.Hour), nil
}

// dispense serves src over real gRPC in process and returns the host's
// view of it.
func dispense(t *testing.T, src wire.Source) wire.Source {
	t.Helper()
	client, _ := plugin.TestPluginGRPCConn(t, false, map[string]plugin.Plugin{wire.PluginName: bothEnds{serve: &wire.GRPCPlugin{Impl: src}}})
	t.Cleanup(func() { _ = client.Close() })
	raw, err := client.Dispense(wire.PluginName)
	if err != nil {
		t.Fatalf("dispense the source: %v", err)
	}
	host, ok := raw.(wire.Source)
	if !ok {
		t.Fatalf("the host's end is a %T, not a wire.Source", raw)
	}
	return host
}

// Every status and mode of the vocabulary reaches the host over gRPC as
// the host records it: a status a plugin may send as sent, any other as
// StatusUnknown; a mode as its text.
func TestTheVocabularyCrossesTheWireAsTheHostRecordsIt(t *testing.T) {
	sent := checkpoints{
		{Stream: "a", Status: wire.StatusOK, Mode: wire.ModeInitial},
		{Stream: "b", Status: wire.StatusResyncRequired, Mode: wire.ModeIncremental},
		{Stream: "c", Status: wire.StatusFailed, Mode: wire.ModeResync},
		{Stream: "d", Status: wire.StatusEnded, Mode: wire.ModeIncremental},
		{Stream: "e", Status: wire.StatusReset, Mode: wire.ModeInitial},
		{Stream: "f", Status: wire.StatusUnknown},
		{Stream: "g", Status: "paused", Mode: "partial"},
	}
	var got []wire.Checkpoint
	err := dispense(t, sent).Sync(t.Context(), wire.SyncRequest{Round: 1, Tokens: hostTokens{}}, func(ev wire.Event) error {
		cp, ok := ev.(*wire.Checkpoint)
		if !ok {
			return errors.New("an event other than a checkpoint arrived")
		}
		got = append(got, *cp)
		return nil
	})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if len(got) != len(sent) {
		t.Fatalf("%d checkpoints arrived, want %d", len(got), len(sent))
	}
	for i, cp := range got {
		if want := sent[i].Status.Recorded(); cp.Stream != sent[i].Stream || cp.Status != want || cp.Mode != sent[i].Mode {
			t.Errorf("stream %s: arrived %s/%q/%q, want %s/%q/%q", sent[i].Stream, cp.Stream, cp.Status, cp.Mode, sent[i].Stream, want, sent[i].Mode)
		}
	}
}
