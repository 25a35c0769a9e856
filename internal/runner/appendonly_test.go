package runner

import (
	"slices"
	"testing"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// TestRoundNeverSweepsAnAppendOnlyTable: a full round of a stream the lake
// holds (after etl reset, say) that returns fewer rows deletes none of an
// append-only table's: its rows are events that stay.
func TestRoundNeverSweepsAnAppendOnlyTable(t *testing.T) {
	l := newTestLake(t)
	l.src.appendOnly = true
	l.mustRun(firstRound)
	res := l.mustRun(map[string]streamRound{
		"a": {ids: []string{"a1"}, mode: wire.ModeResync, link: "https://graph.test/a?token=2"},
		"b": {},
	})
	if a := streamOf(t, res.Entry, "a"); a.Swept != 0 {
		t.Errorf("stream a swept %d rows of an append-only table, want none", a.Swept)
	}
	got := l.rows(res.Entry)
	sortRows(got)
	if want := []lakeRow{{"a1", "a", table.OpUpsert, ""}}; !slices.Equal(got, want) {
		t.Fatalf("rows read back:\n got %v\nwant %v", got, want)
	}
}
