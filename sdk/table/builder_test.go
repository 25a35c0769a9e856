package table

import (
	"fmt"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

func TestBuilderMeta(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := NewBuilder(mem, typesTable)
	defer b.Release()
	at := time.Date(2024, 5, 1, 10, 0, 0, 987654321, time.FixedZone("CEST", 7200))
	m := Meta{Round: 3, Seq: 41, SyncedAt: at, Stream: "mailbox/inbox"}
	if err := b.AppendRaw([]byte(`{"id":"1"}`), m); err != nil {
		t.Fatal(err)
	}
	t.Run("meta columns carry the emitter's values, time in UTC milliseconds", func(t *testing.T) {
		got := only(records(t, b), ColOp, ColRemovedReason, ColRound, ColSeq, ColSyncedAt, ColStream)
		want := []map[string]any{{ColOp: OpUpsert, ColRemovedReason: nil, ColRound: int64(3), ColSeq: int64(41),
			ColSyncedAt: time.Date(2024, 5, 1, 8, 0, 0, 987000000, time.UTC), ColStream: "mailbox/inbox"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("meta (-want +got):\n%s", diff)
		}
	})
	t.Run("NewRecord resets the count and the estimate", func(t *testing.T) {
		if b.Len() != 0 || b.EstimatedBytes() != 0 {
			t.Errorf("Len = %d, EstimatedBytes = %d after NewRecord, want 0, 0", b.Len(), b.EstimatedBytes())
		}
	})
}

func TestBuilderReuse(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := NewBuilder(mem, typesTable)
	defer b.Release()
	items := []string{
		`{"id":"1","tags":["a"],"plans":[{"skuId":"k1","disabledPlans":["p"]}],"addr":{"city":"X"}}`,
		`{"id":"2","tags":["b","c"],"plans":[null,{"skuId":"k2"}],"addr":null}`,
	}
	for batch := range 3 {
		t.Run(fmt.Sprintf("batch %d holds only its own rows", batch+1), func(t *testing.T) {
			for _, item := range items {
				if err := b.AppendRaw([]byte(item), testMeta); err != nil {
					t.Fatal(err)
				}
			}
			got := only(records(t, b), "id", "tags", "plans", "addr")
			want := []map[string]any{
				{"id": "1", "tags": []any{"a"}, "addr": map[string]any{"city": "X", "zip": nil},
					"plans": []any{map[string]any{"skuId": "k1", "disabled": []any{"p"}, "assigned": nil}}},
				{"id": "2", "tags": []any{"b", "c"}, "addr": nil,
					"plans": []any{nil, map[string]any{"skuId": "k2", "disabled": nil, "assigned": nil}}},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEstimatedBytes(t *testing.T) {
	b := NewBuilder(memory.NewGoAllocator(), typesTable)
	defer b.Release()
	small := []byte(`{"id":"1"}`)
	big := []byte(`{"id":"2","s":"0123456789012345678901234567890123456789","unknown":"0123456789"}`)
	var sizes []int
	for _, item := range [][]byte{small, big} {
		if err := b.AppendRaw(item, testMeta); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, b.EstimatedBytes())
	}
	t.Run("grows with every row, more for larger rows", func(t *testing.T) {
		if sizes[0] <= 0 || sizes[1]-sizes[0] <= sizes[0] {
			t.Errorf("estimates = %v, want a positive first and a larger second increment", sizes)
		}
	})
}
