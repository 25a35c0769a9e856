package pluginhost

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/table/tabletest"
	"github.com/graphlake/graphlake/sdk/wire"
)

// everyType declares a column of each type a table may have.
var everyType = tabletest.EveryType("every")

// everySource emits items of everyType in small batches: the first half
// with only an id (every other column null on every row of their
// batches), the rest with every column set.
type everySource struct{ n int }

func (everySource) Tables() []table.Table { return []table.Table{everyType} }

func (m everySource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	for i := range m.n {
		item := fmt.Sprintf(`{"id":"id-%d"}`, i)
		if i >= m.n/2 {
			item = fmt.Sprintf(`{"id":"id-%d","s":"s%d","b":true,"i":%d,"f":1.5,"ts":"2026-12-06T10:00:00Z","d":"2026-12-06",`+
				`"j":{"k":%d},"l":["a","b"],"st":{"x":"x%d","y":%d},"ls":[{"z":true}]}`, i, i, i, i, i, i)
		}
		if err := emit.Item("every", "s", []byte(item)); err != nil {
			return err
		}
	}
	return emit.Release(sdk.Checkpoint{Stream: "s"})
}

// roundBatches runs src's round, its batches cut at maxBatchBytes, and
// returns them; they are released when the test ends.
func roundBatches(t testing.TB, src wire.Source, maxBatchBytes int64) []arrow.RecordBatch {
	t.Helper()
	var out []arrow.RecordBatch
	err := src.Sync(t.Context(), wire.SyncRequest{Round: 1, Tokens: hostTokens{}, MaxBatchBytes: maxBatchBytes}, func(ev wire.Event) error {
		if b, ok := ev.(*wire.Batch); ok {
			out = append(out, b.Record)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, r := range out {
			r.Release()
		}
	})
	return out
}

// Over gRPC the plugin sends the columns null on every row of a batch as
// Arrow's null type (compact batches), and the host gets each batch back
// exactly as the plugin built it: the declared types, every value and
// every null, valid Arrow.
func TestCompactBatchesComeBackAsBuilt(t *testing.T) {
	src := sdk.InProcess(everySource{n: 400})
	built := roundBatches(t, src, 16<<10)
	got := roundBatches(t, dispense(t, src), 16<<10)
	if len(got) != len(built) || len(built) < 4 {
		t.Fatalf("%d batches crossed the wire, %d were built (want at least 4)", len(got), len(built))
	}
	nulls := 0
	for i := range built {
		if !got[i].Schema().Equal(built[i].Schema()) {
			t.Fatalf("batch %d arrived in schema %v, built in %v", i, got[i].Schema(), built[i].Schema())
		}
		if err := array.ValidateRecordFull(got[i]); err != nil {
			t.Fatalf("batch %d is not valid Arrow: %v", i, err)
		}
		if !array.RecordEqual(got[i], built[i]) {
			t.Fatalf("batch %d arrived other than built", i)
		}
		for _, col := range got[i].Columns() {
			if col.NullN() == col.Len() {
				nulls++
			}
		}
	}
	if nulls < 10 {
		t.Errorf("only %d columns of the batches were null on every row: the test sends no compact batch", nulls)
	}
}
