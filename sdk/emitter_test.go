package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// rowsSource emits n small rows into one table, without Graph.
type rowsSource struct{ n int }

func (rowsSource) Tables() []table.Table {
	return []table.Table{{Name: "things", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}}}}
}

func (s rowsSource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	for i := range s.n {
		if err := emit.Object("things", "things", table.Object{"id": []byte(fmt.Sprintf(`"%d"`, i))}); err != nil {
			return err
		}
	}
	return nil
}

// noTokens is a token source for sources that never call Graph.
type noTokens struct{}

func (noTokens) Token(context.Context) (string, time.Time, error) {
	return "", time.Time{}, errors.New("this source does not call Graph")
}

// A host that sets no batch size (an in-process run) gets the default one,
// not a batch per row.
func TestBatchesWithoutAHostLimitUseTheDefaultSize(t *testing.T) {
	for _, limit := range []int64{0, wire.DefaultMaxBatchBytes} {
		batches, rows := 0, int64(0)
		err := sdk.InProcess(rowsSource{n: 1000}).Sync(context.Background(), wire.SyncRequest{Round: 1, Tokens: noTokens{}, MaxBatchBytes: limit},
			func(ev wire.Event) error {
				if b, ok := ev.(*wire.Batch); ok {
					batches, rows = batches+1, rows+b.Record.NumRows()
					b.Record.Release()
				}
				return nil
			})
		if err != nil || batches != 1 || rows != 1000 {
			t.Errorf("MaxBatchBytes %d: %d batches of %d rows in all, %v; want one batch of 1000 rows", limit, batches, rows, err)
		}
	}
}
