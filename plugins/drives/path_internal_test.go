package drives

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestPathOfAFolderCycleWithLongNamesIsCheap: Graph's answer is not
// trusted to be a tree. Two folders that name each other as parent, each
// with a long name, must not make the path grow hop after hop (up to the
// cycle guard's 1,000 hops, a gigabyte copied over and over): the path is
// unknown, and finding that out costs little.
func TestPathOfAFolderCycleWithLongNamesIsCheap(t *testing.T) {
	name := strings.Repeat("n", 1<<20)
	tr := newTree("d")
	tr.folders["a"] = node{name: name, parent: "b"}
	tr.folders["b"] = node{name: name, parent: "a"}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p, ok := tr.path("x", "x", "a", false)
	runtime.ReadMemStats(&after)
	if ok || p != "" {
		t.Errorf("path = %d bytes, %v; want unknown", len(p), ok)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("building the path allocated %d MiB, want a few", n>>20)
	}
}

// TestADriveItemWithoutAnIDIsABadItem: an item Graph sent without an id
// fails its drive's stream (sdk.ErrBadItem), not the whole round.
func TestADriveItemWithoutAnIDIsABadItem(t *testing.T) {
	for _, obj := range []table.Object{{}, {"id": json.RawMessage(`7`)}, {"id": json.RawMessage(`""`)}} {
		if err := newTree("d").item(t.Context(), nil, "s", obj); !errors.Is(err, sdk.ErrBadItem) {
			t.Errorf("item(%v) = %v, want sdk.ErrBadItem", obj, err)
		}
	}
}
