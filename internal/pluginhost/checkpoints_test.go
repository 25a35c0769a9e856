package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// rawEvents is a plugin built with another SDK, or a hostile one: its
// Sync records whether the host reads checkpoint lists and sends events
// as they are.
type rawEvents struct {
	pb.UnimplementedSourceServer
	events []*pb.SyncEvent
	lists  chan bool
}

func (rawEvents) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	return &pb.DescribeResponse{}, nil
}

func (p rawEvents) Sync(req *pb.SyncRequest, stream grpc.ServerStreamingServer[pb.SyncEvent]) error {
	p.lists <- req.GetCheckpointLists()
	for _, ev := range p.events {
		if err := stream.Send(ev); err != nil {
			return err
		}
	}
	return nil
}

func listEvent(cps ...*pb.Checkpoint) *pb.SyncEvent {
	return &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoints{Checkpoints: &pb.CheckpointList{Checkpoints: cps}}}
}

// TestCheckpointListsCrossTheWire: the host asks for checkpoint lists; a
// plugin of this SDK sends a round's checkpoints several to a message,
// and the host hands them on one by one, in the plugin's order, escaped
// as a lone checkpoint is.
func TestCheckpointListsCrossTheWire(t *testing.T) {
	t.Run("the host asks for them", func(t *testing.T) {
		raw := rawEvents{lists: make(chan bool, 1)}
		host := dispensePlugin(t, rawPlugin{server: func(*plugin.GRPCBroker) pb.SourceServer { return raw }})
		if err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}}, func(wire.Event) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if !<-raw.lists {
			t.Error("the SyncRequest does not say that the host reads checkpoint lists")
		}
	})
	t.Run("a plugin of this SDK", func(t *testing.T) {
		const n = 3*wire.MaxCheckpointsPerList + 7
		var sent checkpoints
		for i := range n {
			sent = append(sent, wire.Checkpoint{Stream: fmt.Sprintf("s%04d", i), Status: wire.StatusOK, DeltaLink: "https://graph.example/delta?token=" + fmt.Sprint(i)})
		}
		sent[5].Error = "a bell\a in the error"
		var got []wire.Checkpoint
		err := dispense(t, sent).Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}}, func(ev wire.Event) error {
			if cp, ok := ev.(*wire.Checkpoint); ok {
				got = append(got, *cp)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("the host got %d checkpoints, want %d", len(got), n)
		}
		for i := range got {
			want := sent[i]
			if i == 5 {
				want.Error = wire.EscapeControl(want.Error)
			}
			if got[i] != want {
				t.Fatalf("checkpoint %d arrived as %+v, want %+v", i, got[i], want)
			}
		}
	})
	t.Run("a list arrives in its order", func(t *testing.T) {
		raw := rawEvents{lists: make(chan bool, 1), events: []*pb.SyncEvent{
			listEvent(&pb.Checkpoint{Stream: "b", Status: pb.Checkpoint_STATUS_OK}, &pb.Checkpoint{Stream: "a", Status: pb.Checkpoint_STATUS_FAILED, Error: "x\x1by"}),
			{Event: &pb.SyncEvent_Checkpoint{Checkpoint: &pb.Checkpoint{Stream: "c", Status: pb.Checkpoint_STATUS_OK}}},
		}}
		host := dispensePlugin(t, rawPlugin{server: func(*plugin.GRPCBroker) pb.SourceServer { return raw }})
		var got []string
		err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}}, func(ev wire.Event) error {
			cp := ev.(*wire.Checkpoint)
			got = append(got, cp.Stream+":"+cp.Error)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := "[b: a:" + wire.EscapeControl("x\x1by") + " c:]"; fmt.Sprint(got) != want {
			t.Errorf("the host got %v, want %s", got, want)
		}
	})
}

// TestAPluginsLongTextsAreCut: a checkpoint's Error and Reason, a
// diagnostic's texts and a progress report's stream reach the host cut
// to wire.MaxTextBytes, then escaped: the host records, logs and prints
// them, and a plugin could send tens of MiB of each.
func TestAPluginsLongTextsAreCut(t *testing.T) {
	long := strings.Repeat("\x1b", 12<<20) // four of them fit one message
	want := wire.EscapeControl(wire.CutText(long, wire.MaxTextBytes))
	raw := rawEvents{lists: make(chan bool, 1), events: []*pb.SyncEvent{
		listEvent(&pb.Checkpoint{Stream: "a", Status: pb.Checkpoint_STATUS_FAILED, Error: long}),
		{Event: &pb.SyncEvent_Checkpoint{Checkpoint: &pb.Checkpoint{Stream: "b", Status: pb.Checkpoint_STATUS_OK, Mode: string(wire.ModeResync), Reason: long}}},
		{Event: &pb.SyncEvent_Diagnostic{Diagnostic: &pb.Diagnostic{Severity: pb.Diagnostic_SEVERITY_WARNING, Summary: long, Detail: long, Attribute: long, Stream: long}}},
		{Event: &pb.SyncEvent_Progress{Progress: &pb.Progress{Stream: long, Pages: 1}}},
	}}
	host := dispensePlugin(t, rawPlugin{server: func(*plugin.GRPCBroker) pb.SourceServer { return raw }})
	var texts []string
	err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}}, func(ev wire.Event) error {
		switch e := ev.(type) {
		case *wire.Checkpoint:
			texts = append(texts, e.Error+e.Reason)
		case *wire.Diagnostic:
			texts = append(texts, e.Summary, e.Detail, e.Attribute, e.Stream)
		case *wire.Progress:
			texts = append(texts, e.Stream)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 7 {
		t.Fatalf("the host got %d texts, want 7", len(texts))
	}
	for i, got := range texts {
		if got != want {
			t.Errorf("text %d arrived as %d bytes, want %d (cut, then escaped)", i, len(got), len(want))
		}
	}
}

// TestAHostileCheckpointListIsRefused: a plugin is untrusted. A list the
// SDK never sends (empty, or longer than wire.MaxCheckpointsPerList) is a
// protocol error; so are graph stats of more statuses than HTTP has. A
// long list of empty elements is refused before protobuf reads it, since
// protobuf allocates a message for each two bytes.
func TestAHostileCheckpointListIsRefused(t *testing.T) {
	many := func(n int) []*pb.Checkpoint {
		out := make([]*pb.Checkpoint, n)
		for i := range out {
			out[i] = &pb.Checkpoint{}
		}
		return out
	}
	statuses := make([]*pb.GraphStatusStats, 100_000)
	for i := range statuses {
		statuses[i] = &pb.GraphStatusStats{}
	}
	for _, tc := range []struct {
		name  string
		event *pb.SyncEvent
		// says is what the refusal says.
		says string
	}{
		{"an empty list", listEvent(), "a checkpoint list of 0 checkpoints"},
		{"one too many", listEvent(many(wire.MaxCheckpointsPerList + 1)...), fmt.Sprintf("more than %d checkpoints", wire.MaxCheckpointsPerList)},
		{"200,000 empty checkpoints", listEvent(many(200_000)...), fmt.Sprintf("more than %d checkpoints", wire.MaxCheckpointsPerList)},
		{"a deltaLink longer than a state holds", listEvent(&pb.Checkpoint{Stream: "s", Status: pb.Checkpoint_STATUS_OK, DeltaLink: strings.Repeat("l", wire.MaxDeltaLinkBytes+1)}),
			fmt.Sprintf(`stream "s"'s checkpoint: a deltaLink of %d bytes, more than the %d`, wire.MaxDeltaLinkBytes+1, wire.MaxDeltaLinkBytes)},
		{"a lone checkpoint's long deltaLink", &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: &pb.Checkpoint{Stream: "s", DeltaLink: strings.Repeat("l", 60<<20)}}},
			fmt.Sprintf("a deltaLink of %d bytes", 60<<20)},
		{"a long fingerprint", listEvent(&pb.Checkpoint{Stream: "s", Fingerprint: strings.Repeat("f", wire.MaxFingerprintBytes+1)}),
			fmt.Sprintf("a fingerprint of %d bytes", wire.MaxFingerprintBytes+1)},
		{"a long mode", listEvent(&pb.Checkpoint{Stream: "s", Mode: strings.Repeat("m", 1<<20)}),
			fmt.Sprintf("a mode of %d bytes, more than %d", 1<<20, wire.MaxModeBytes)},
		{"graph stats of 100,000 statuses", &pb.SyncEvent{Event: &pb.SyncEvent_GraphStats{GraphStats: &pb.GraphStats{Statuses: statuses}}},
			fmt.Sprintf("more than %d statuses", maxGraphStatuses)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := rawEvents{lists: make(chan bool, 1), events: []*pb.SyncEvent{tc.event}}
			host := dispensePlugin(t, rawPlugin{server: func(*plugin.GRPCBroker) pb.SourceServer { return raw }})
			events := 0
			err := host.Sync(t.Context(), wire.SyncRequest{Tokens: hostTokens{}, GraphStats: true}, func(wire.Event) error {
				events++
				return nil
			})
			if !errors.Is(err, ErrProtocol) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("sync: %v, want a protocol error saying %q", err, tc.says)
			}
			if events != 0 {
				t.Errorf("the host took %d events of a refused message", events)
			}
		})
	}
}

// TestBoundSyncEventCountsEveryOccurrence: protobuf merges the
// occurrences of a message field, so the bound counts their elements
// together; other fields and unreadable bytes pass to protobuf.
func TestBoundSyncEventCountsEveryOccurrence(t *testing.T) {
	half := listEvent(make([]*pb.Checkpoint, wire.MaxCheckpointsPerList/2+1)...)
	for i := range half.GetCheckpoints().Checkpoints {
		half.GetCheckpoints().Checkpoints[i] = &pb.Checkpoint{Stream: "s"}
	}
	one, err := proto.Marshal(half)
	if err != nil {
		t.Fatal(err)
	}
	if err := boundSyncEvent(one); err != nil {
		t.Errorf("one list of %d: %v", len(half.GetCheckpoints().Checkpoints), err)
	}
	var merged pb.SyncEvent
	if err := proto.Unmarshal(append(append([]byte{}, one...), one...), &merged); err != nil || len(merged.GetCheckpoints().GetCheckpoints()) <= wire.MaxCheckpointsPerList {
		t.Fatalf("protobuf read the two lists as %d checkpoints (%v); the test expects them merged", len(merged.GetCheckpoints().GetCheckpoints()), err)
	}
	if err := boundSyncEvent(append(append([]byte{}, one...), one...)); !errors.Is(err, ErrProtocol) {
		t.Errorf("two lists that protobuf merges past the bound: %v, want a protocol error", err)
	}
	for _, b := range [][]byte{nil, {0xff}, {0x32, 0x80}, one[:len(one)/2]} {
		if err := boundSyncEvent(b); err != nil {
			t.Errorf("boundSyncEvent(%x): %v, want protobuf to decide", b, err)
		}
	}
}
