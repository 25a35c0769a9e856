package table

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// nullRunTable has a column of each kind a Builder builds, and one built
// through arrow-go's builders (a struct), which takes no runs of nulls.
var nullRunTable = Table{Name: "t", Key: []string{"id"}, Columns: []Column{
	{Name: "id", Type: String()}, {Name: "s", Type: String()}, {Name: "n", Type: Int64()}, {Name: "f", Type: Float64()},
	{Name: "b", Type: Bool()}, {Name: "ts", Type: Timestamp()}, {Name: "d", Type: Date()}, {Name: "j", Type: JSON()},
	{Name: "l", Type: List(String())}, {Name: "li", Type: List(Int64())},
	{Name: "st", Type: Struct(Column{Name: "x", Type: String()})},
}}

// randomMember is a member of a random item: absent (""), null, a value
// of the column's kind, or one of the wrong shape.
func randomMember(r *rand.Rand, name string) string {
	values := map[string][]string{
		"s": {`"a"`, `"é"`, `"a\"b"`, `"\u00e9"`, `"x\\y"`, "\"tab\there\"", `"` + strings.Repeat("long text ", 8) + `"`, `"` + strings.Repeat("é", 40) + `"`}, "n": {`1`, `-7`}, "f": {`1.5`, `2`}, "b": {`true`, `false`},
		"ts": {`"2026-12-06T10:00:00Z"`}, "d": {`"2026-12-06"`}, "j": {`{"k":1}`, `[1]`},
		"l": {`["a","b"]`, `[]`}, "li": {`[1,2]`, `[]`}, "st": {`{"x":"y"}`},
	}
	switch k := r.IntN(10); {
	case k < 4:
		return ""
	case k < 6:
		return fmt.Sprintf("%q:null", name)
	case k == 6 && r.IntN(4) == 0:
		return fmt.Sprintf(`%q:{"bad":1}`, name)
	}
	v := values[name]
	return fmt.Sprintf("%q:%s", name, v[r.IntN(len(v))])
}

// TestRunsBuildWhatOneByOneBuilds appends the same random rows (values,
// nulls, absent members, values of the wrong shape, strings with escapes,
// control characters, text past ASCII, long ones, items without a key,
// tombstones) to a Builder that owes nulls, repeats the last row's
// _fields and takes plain strings as they are, and to one that writes
// each null as it comes, builds every row's _fields anew and parses every
// string, cutting batches at random: each batch must be equal, and each
// append give the same error.
func TestRunsBuildWhatOneByOneBuilds(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 6))
	owing := NewBuilder(memory.NewGoAllocator(), nullRunTable)
	defer owing.Release()
	oneByOne := NewBuilder(memory.NewGoAllocator(), nullRunTable)
	defer oneByOne.Release()
	clear(oneByOne.nullRuns)
	for i := range oneByOne.cols {
		oneByOne.staged.add(i) // every column visited on every row
	}
	clear(oneByOne.texts) // every string through parseString
	meta := Meta{Round: 1, SyncedAt: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), Stream: "s"}
	var batches, owedRuns, failed int
	for i := range 20_000 {
		meta.Seq = int64(i)
		oneByOne.fieldLists = fieldLists{} // built anew for every row
		var gotErr, wantErr error
		if r.IntN(20) == 0 {
			key := map[string]string{"id": fmt.Sprint("gone", i)}
			gotErr, wantErr = owing.AppendTombstone(key, "deleted", meta), oneByOne.AppendTombstone(key, "deleted", meta)
		} else {
			var members []string
			if r.IntN(30) != 0 {
				members = append(members, fmt.Sprintf(`"id":"u%d"`, i))
			}
			for _, c := range nullRunTable.Columns[1:] {
				if m := randomMember(r, c.Name); m != "" {
					members = append(members, m)
				}
			}
			item := []byte("{" + strings.Join(members, ",") + "}")
			_, gotErr = owing.AppendItem(item, meta)
			_, wantErr = oneByOne.AppendItem(item, meta)
		}
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("row %d: owing nulls: %v; one by one: %v", i, gotErr, wantErr)
		}
		if gotErr != nil {
			failed++
		}
		for _, c := range owing.nullRuns {
			if c != nil && owing.rows-c.rows() > 1 {
				owedRuns++
			}
		}
		if r.IntN(500) == 0 || i == 19_999 {
			got, want := owing.NewRecord(), oneByOne.NewRecord()
			if !array.RecordEqual(got, want) {
				t.Fatalf("batch %d differs:\nowing nulls: %v\none by one: %v", batches, got, want)
			}
			if err := array.ValidateRecordFull(got); err != nil {
				t.Fatalf("batch %d: %v", batches, err)
			}
			got.Release()
			want.Release()
			batches++
		}
	}
	if batches < 20 || failed < 500 || owedRuns < 1000 {
		t.Fatalf("%d batches, %d refused rows, %d runs of nulls owed: the cases do not cover the paths", batches, failed, owedRuns)
	}
}
