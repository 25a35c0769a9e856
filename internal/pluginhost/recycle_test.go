package pluginhost

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// recycledSource is an SDK source whose round emits n items in small
// batches (the host asks for batches of a few KB).
type recycledSource struct{ n int }

var recycledTable = table.Table{Name: "things", Key: []string{"id"}, Columns: []table.Column{
	{Name: "id", Type: table.String()}, {Name: "name", Type: table.String()},
	{Name: "n", Type: table.Int64()}, {Name: "tags", Type: table.List(table.String())},
}}

func (recycledSource) Tables() []table.Table { return []table.Table{recycledTable} }

func (m recycledSource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	for i := range m.n {
		item := fmt.Sprintf(`{"id":"id-%d","name":"%s","n":%d,"tags":["t%d","u%d"]}`, i, thingName(i), i, i, i%7)
		if err := emit.Item("things", "s", []byte(item)); err != nil {
			return err
		}
	}
	return emit.Release(sdk.Checkpoint{Stream: "s"})
}

// thingName varies in length, so that batches' buffers differ in size.
func thingName(i int) string {
	return fmt.Sprintf("name %d %.*s", i, i%37, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")
}

// TestRecycledBatchesCrossTheWireIntact: over gRPC the plugin builds each
// batch in the buffers of the batches it already sent (the server's send
// copies and releases them, wire.SyncRequest.SendCopiesBatches), and every
// value still reaches the host as it was emitted, over hundreds of
// batches of varying sizes.
func TestRecycledBatchesCrossTheWireIntact(t *testing.T) {
	const n = 3000
	got, batches := 0, 0
	err := dispense(t, sdk.InProcess(recycledSource{n: n})).Sync(t.Context(),
		wire.SyncRequest{Round: 1, Tokens: hostTokens{}, MaxBatchBytes: 8 << 10}, func(ev wire.Event) error {
			b, ok := ev.(*wire.Batch)
			if !ok {
				return nil
			}
			defer b.Record.Release()
			batches++
			rec := b.Record
			ids, names := rec.Column(0).(*array.String), rec.Column(1).(*array.String)
			nums, tags := rec.Column(2).(*array.Int64), rec.Column(3).(*array.List)
			tagVals := tags.ListValues().(*array.String)
			for r := range int(rec.NumRows()) {
				i := got
				from, to := tags.ValueOffsets(r)
				if ids.Value(r) != fmt.Sprintf("id-%d", i) || names.Value(r) != thingName(i) || nums.Value(r) != int64(i) ||
					to-from != 2 || tagVals.Value(int(from)) != fmt.Sprintf("t%d", i) || tagVals.Value(int(from)+1) != fmt.Sprintf("u%d", i%7) {
					return fmt.Errorf("row %d arrived as id %q, name %q, n %d", i, ids.Value(r), names.Value(r), nums.Value(r))
				}
				got++
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if got != n || batches < 100 {
		t.Errorf("%d rows in %d batches arrived, want %d in at least 100", got, batches, n)
	}
}

// copiesAsked is a wire.Source that notes whether its SyncRequest says
// that send copies batches.
type copiesAsked struct{ said *bool }

func (copiesAsked) Describe(context.Context) ([]wire.Table, error)              { return nil, nil }
func (copiesAsked) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (c copiesAsked) Sync(_ context.Context, req wire.SyncRequest, _ func(wire.Event) error) error {
	*c.said = req.SendCopiesBatches
	return nil
}

// TestTheGRPCServerSaysSendCopiesBatches: a plugin's gRPC server tells
// the source that its send copies and releases every batch, which lets
// the SDK build later batches in released ones' buffers; the host, which
// calls an in-process source with its own send, does not say it.
func TestTheGRPCServerSaysSendCopiesBatches(t *testing.T) {
	said := false
	if err := dispense(t, copiesAsked{said: &said}).Sync(t.Context(), wire.SyncRequest{Round: 1, Tokens: hostTokens{}},
		func(wire.Event) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if !said {
		t.Error("over gRPC the source was not told that send copies batches")
	}
}
