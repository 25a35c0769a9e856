package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// sizedSource emits small rows around one row whose note is big bytes.
type sizedSource struct{ big int }

func (sizedSource) Tables() []table.Table {
	return []table.Table{{Name: "things", Key: []string{"id"},
		Columns: []table.Column{{Name: "id", Type: table.String()}, {Name: "note", Type: table.String()}}}}
}

func (s sizedSource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	for i, size := range []int{10, 10, s.big, 10} {
		note := json.RawMessage(`"` + strings.Repeat("n", size) + `"`)
		id := json.RawMessage(`"thing-` + string(rune('a'+i)) + `"`)
		if err := emit.Object("things", "things", table.Object{"id": id, "note": note}); err != nil {
			return err
		}
	}
	return nil
}

func TestLargeRows(t *testing.T) {
	const limit = 1 << 20
	t.Run("a row over the batch cap travels alone", func(t *testing.T) {
		var sizes []int64
		err := sdk.InProcess(sizedSource{big: 3 * limit}).Sync(context.Background(), wire.SyncRequest{Round: 1, Tokens: noTokens{}, MaxBatchBytes: limit},
			func(ev wire.Event) error {
				if b, ok := ev.(*wire.Batch); ok {
					sizes = append(sizes, b.Record.NumRows())
					b.Record.Release()
				}
				return nil
			})
		if err != nil || len(sizes) != 3 || sizes[0] != 2 || sizes[1] != 1 || sizes[2] != 1 {
			t.Fatalf("batches of %v rows, %v; want 2, 1 (the large row alone) and 1", sizes, err)
		}
	})
	t.Run("a row over the message limit is refused with its id and size", func(t *testing.T) {
		err := sdk.InProcess(sizedSource{big: wire.MaxRowBytes + 1}).Sync(context.Background(), wire.SyncRequest{Round: 1, Tokens: noTokens{}, MaxBatchBytes: limit},
			func(ev wire.Event) error {
				if b, ok := ev.(*wire.Batch); ok {
					b.Record.Release()
				}
				return nil
			})
		var tooLarge *sdk.RowTooLargeError
		if !errors.As(err, &tooLarge) || tooLarge.ID != "thing-c" || tooLarge.Bytes <= wire.MaxRowBytes ||
			!strings.Contains(err.Error(), `object "thing-c" is`) {
			t.Fatalf("Sync = %v, want a RowTooLargeError naming thing-c and its size", err)
		}
	})
}
