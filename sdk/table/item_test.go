package table

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"
)

// itemTable has a column read twice (name and nameCopy via From), an
// Extract column with From (managerId) and one without (initials).
var itemTable = Table{Name: "users", Key: []string{"id"}, Columns: []Column{
	{Name: "id", Type: String()}, {Name: "name", Type: String()}, {Name: "nameCopy", Type: String(), From: "name"},
	{Name: "n", Type: Int64()}, {Name: "tags", Type: List(String())}, {Name: "ok", Type: Bool()},
	{Name: "managerId", Type: String(), Extract: managerID, From: "manager@delta"},
	{Name: "initials", Type: String(), Extract: func(obj Object) (json.RawMessage, bool) {
		name, ok := obj["name"]
		if !ok || len(name) < 2 || name[0] != '"' {
			return nil, false
		}
		return json.RawMessage(`"` + string(name[1:2]) + `"`), true
	}},
}}

// TestAppendItemMatchesAppend: AppendItem, which reads an item straight
// into the columns and finds members among earlier ones, makes the rows Append
// makes of the same item decoded into an Object, item after item, whatever
// the order of members, unknown, duplicate or escaped properties, control
// keys, tombstones and Extract columns.
func TestAppendItemMatchesAppend(t *testing.T) {
	items := []string{
		`{"id":"a","name":"Ann","n":1,"tags":["x"],"ok":true,"manager@delta":[{"id":"m1"}]}`,
		`{"id":"b","name":"Bob","n":2,"tags":[],"ok":false}`,                                 // same order, one member fewer
		`{"ok":null,"id":"c","n":3,"name":"Cy","city":"Oslo","@odata.type":"#u"}`,            // another order, unknown and control keys
		`{"id":"d","name":"Di","zeta":1,"alpha":{"b":[1, 2]},"name":"Dee","a\"b":"q","é":2}`, // duplicates and escaped keys
		`{"id":"e","@removed":{"reason":"deleted"}}`,
		` { "id" : "f" , "n" : 1.0e1 , "manager@delta" : [ ] , "x@odata.nextLink" : "l" } `,
		`{"id":"g","name":"Gus","n":3,"tags":["y","z"],"ok":true,"manager@delta":[{"id":"m2","@removed":{}}]}`,
		`{"id":"\u0068","name":null}`,
		`{"id":"i"}`,
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	viaObject, direct := NewBuilder(mem, itemTable), NewBuilder(mem, itemTable)
	defer viaObject.Release()
	defer direct.Release()
	var r ObjectReader
	wantRemoved := []bool{false, false, false, false, true, false, false, false, false}
	for i, item := range items {
		obj, err := r.Read([]byte(item))
		if err != nil {
			t.Fatal(err)
		}
		if err := viaObject.Append(obj, testMeta); err != nil {
			t.Fatalf("item %d: Append: %v", i, err)
		}
		removed, err := direct.AppendItem([]byte(item), testMeta)
		if err != nil || removed != wantRemoved[i] {
			t.Fatalf("item %d: AppendItem = %v, %v; want removed %v", i, removed, err, wantRemoved[i])
		}
	}
	want, got := viaObject.NewRecord(), direct.NewRecord()
	defer want.Release()
	defer got.Release()
	if !array.RecordEqual(want, got) {
		for c := range want.Columns() {
			if !array.Equal(want.Column(c), got.Column(c)) {
				t.Errorf("column %s: Append %v, AppendItem %v", want.ColumnName(c), want.Column(c), got.Column(c))
			}
		}
	}
}

// TestAppendItemErrors: a value of the wrong shape fails the row with a
// ValueError naming the column and the item, and appends nothing; a
// malformed structure fails; the builder goes on.
func TestAppendItemErrors(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := NewBuilder(mem, itemTable)
	defer b.Release()
	var ve *ValueError
	if _, err := b.AppendItem([]byte(`{"id":"a","n":"many"}`), testMeta); !errors.As(err, &ve) || ve.Column != "n" || ve.Item != "a" || !errors.Is(err, ErrWrongShape) {
		t.Fatalf("err = %v, want a ValueError of column n of item a", err)
	}
	if _, err := b.AppendItem([]byte(`["id","a"]`), testMeta); err == nil {
		t.Fatal("an array was appended as an item")
	}
	if _, err := b.AppendItem([]byte(`{"id":"b"}`), testMeta); err != nil {
		t.Fatal(err)
	}
	rows := records(t, b)
	if diff := cmp.Diff([]map[string]any{{"id": "b"}}, only(rows, "id")); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}
}

// TestAnItemWithoutItsKeyIsRefused: an upsert whose key column is absent
// or null would be a row no key finds, nor deletes: both ways of appending
// refuse it with ErrMissingKey, append nothing, and the builder goes on.
func TestAnItemWithoutItsKeyIsRefused(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := NewBuilder(mem, itemTable)
	defer b.Release()
	var r ObjectReader
	for _, item := range []string{`{}`, `{"name":"Ann","tags":["x"],"n":1}`, `{"id":null,"name":"Ann"}`, `{"id" : null }`} {
		obj, err := r.Read([]byte(item))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Append(obj, testMeta); !errors.Is(err, ErrMissingKey) {
			t.Errorf("Append(%s) = %v, want ErrMissingKey", item, err)
		}
		if _, err := b.AppendItem([]byte(item), testMeta); !errors.Is(err, ErrMissingKey) {
			t.Errorf("AppendItem(%s) = %v, want ErrMissingKey", item, err)
		}
	}
	if _, err := b.AppendItem([]byte(`{"id":"a","name":"Ann","tags":["y"]}`), testMeta); err != nil || b.Len() != 1 {
		t.Fatalf("the next item: %v, %d rows; want it appended alone", err, b.Len())
	}
	rec := b.NewRecord()
	defer rec.Release()
	if got := rec.Column(4).String(); got != `[["y"]]` {
		t.Errorf("tags = %s, want only the last item's", got)
	}
}

// TestMembersAreFoundAmongEarlierItems: items that leave out different
// properties (as Graph omits those an item does not carry) have each
// member looked up by name only the first time it is seen; the rows are
// those of the items.
func TestMembersAreFoundAmongEarlierItems(t *testing.T) {
	items := []string{
		`{"id":"a","name":"Ann","n":1,"ok":true}`,
		`{"id":"b","n":2,"tags":["x"],"ok":false}`, // no name; tags
		`{"id":"c","name":"Cy","tags":[],"ok":true}`,
		`{"id":"d","ok":true}`,
		`{"id":"e","name":"Eve","n":5,"tags":["y"],"ok":false}`,
	}
	b := NewBuilder(memory.NewGoAllocator(), itemTable)
	defer b.Release()
	var want []map[string]any
	for round := range 20 {
		for i, it := range items {
			if _, err := b.AppendItem([]byte(it), Meta{Seq: int64(round*len(items) + i)}); err != nil {
				t.Fatal(err)
			}
		}
		if round == 0 {
			want = only(records(t, b), "id", "name", "n", "tags", "ok")
		}
	}
	if b.lookups != 5 {
		t.Errorf("%d members were looked up by name, want 5 (id, name, n, ok, tags: each once)", b.lookups)
	}
	got := only(records(t, b), "id", "name", "n", "tags", "ok")
	for i := range got {
		if diff := cmp.Diff(want[i%len(items)], got[i]); diff != "" {
			t.Fatalf("row %d (-want +got):\n%s", i, diff)
		}
	}
}
