package pluginhost

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/graphlake/graphlake/sdk/wire"
)

// manyBatches is a source whose round sends its batches (of table "t",
// testSchema) from senders
// goroutines at once, each goroutine every senders-th batch.
type manyBatches struct {
	recs    []arrow.RecordBatch
	senders int
}

func (manyBatches) Describe(context.Context) ([]wire.Table, error) {
	return []wire.Table{{Name: "t", Schema: testSchema}}, nil
}
func (manyBatches) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (bs manyBatches) Sync(ctx context.Context, req wire.SyncRequest, send func(wire.Event) error) error {
	var wg sync.WaitGroup
	errs := make(chan error, bs.senders)
	for g := range bs.senders {
		wg.Go(func() {
			for i := g; i < len(bs.recs); i += bs.senders {
				bs.recs[i].Retain() // send releases it
				if err := send(&wire.Batch{Table: "t", Record: bs.recs[i]}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// Batches of very different sizes, sent from several goroutines through
// the plugin's reused IPC buffers, each reach the host as sent: no batch
// carries another's bytes.
func TestBatchesCrossTheWireIntact(t *testing.T) {
	var recs []arrow.RecordBatch
	for i := range 60 {
		n := 1 + (i*37)%50
		values := make([]string, n)
		values[0] = fmt.Sprint(i) // the batch's name
		for j := 1; j < n; j++ {
			values[j] = strings.Repeat(string(rune('a'+i%26)), 1+(i*j*13)%4000) + fmt.Sprint(i, ".", j)
		}
		recs = append(recs, stringRecord(t, values...))
	}
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	var mu sync.Mutex
	got := map[string]arrow.RecordBatch{}
	err := dispense(t, manyBatches{recs: recs, senders: 3}).Sync(t.Context(), wire.SyncRequest{Round: 1, Tokens: hostTokens{}}, func(ev wire.Event) error {
		b, ok := ev.(*wire.Batch)
		if !ok {
			return fmt.Errorf("a %T arrived, want manyBatches only", ev)
		}
		mu.Lock()
		defer mu.Unlock()
		got[b.Record.Column(0).(*array.String).Value(0)] = b.Record
		return nil
	})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	for i, want := range recs {
		rec, ok := got[fmt.Sprint(i)]
		if !ok {
			t.Fatalf("batch %d never arrived", i)
		}
		if !array.RecordEqual(rec, want) {
			t.Errorf("batch %d arrived as %d rows unlike the %d sent", i, rec.NumRows(), want.NumRows())
		}
		rec.Release()
	}
}
