package table

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FuzzAppendItemMatchesAppend is TestAppendItemMatchesAppend over any
// items Graph may send: the lines of the input, each a JSON object, are
// appended in turn by AppendItem (one walk straight into the columns,
// finding each member among earlier items' members) and by Append (the
// item decoded into an Object first). The two must take and refuse the
// same items, tell the same tombstones, and build equal batches, which
// Arrow's own check finds valid.
//
//	go test ./sdk/table -run '^$' -fuzz FuzzAppendItemMatchesAppend -fuzztime 5m
func FuzzAppendItemMatchesAppend(f *testing.F) {
	for _, items := range []string{
		`{"id":"a","name":"Ann","n":1,"tags":["x"],"ok":true,"manager@delta":[{"id":"m1"}]}` + "\n" +
			`{"id":"b","name":"Bob","n":2,"tags":[],"ok":false}` + "\n" +
			`{"ok":null,"id":"c","n":3,"name":"Cy","city":"Oslo","@odata.type":"#u"}`,
		`{"id":"d","name":"Di","zeta":1,"alpha":{"b":[1, 2]},"name":"Dee","a\"b":"q","é":2}` + "\n" + `{"id":"e","@removed":{"reason":"deleted"}}`,
		` { "id" : "f" , "n" : 1.0e1 , "manager@delta" : [ ] , "x@odata.nextLink" : "l" } ` + "\n" + `{"id":"\u0068","name":null}`,
		`{"id":"g","name":"Gus","n":3,"tags":["y","z"],"ok":true,"manager@delta":[{"id":"m2","@removed":{}}]}` + "\n" + `{"id":"i"}`,
		`{"id":"j","n":"1","ok":"true","tags":"x"}` + "\n" + `{"id":"k","n":1e400,"name":"` + "\xff" + `"}`,
		`{"ID":"l","Name":"case"}` + "\n" + `{"id":7}` + "\n" + `{"id":"m","name":"\ud800"}`,
	} {
		f.Add([]byte(items))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		viaObject, direct := NewBuilder(mem, itemTable), NewBuilder(mem, itemTable)
		defer viaObject.Release()
		defer direct.Release()
		var r ObjectReader
		for i, item := range bytes.Split(data, []byte("\n")) {
			if !json.Valid(item) {
				continue // the Graph client refuses a page that is not valid JSON
			}
			obj, err := r.Read(item)
			if err != nil {
				continue // not an object: the client's items are objects
			}
			errObject := viaObject.Append(obj, testMeta)
			removed, errDirect := direct.AppendItem(bytes.Clone(item), testMeta)
			if (errObject == nil) != (errDirect == nil) {
				t.Fatalf("item %d %q: Append: %v; AppendItem: %v", i, item, errObject, errDirect)
			}
			if _, tomb := obj["@removed"]; errDirect == nil && removed != tomb {
				t.Fatalf("item %d %q: AppendItem says removed %v", i, item, removed)
			}
		}
		want, got := viaObject.NewRecord(), direct.NewRecord()
		defer want.Release()
		defer got.Release()
		if !array.RecordEqual(want, got) {
			t.Fatalf("the batches differ for %q:\nAppend     %v\nAppendItem %v", data, want, got)
		}
		if err := array.ValidateRecordFull(got); err != nil {
			t.Fatalf("the batch of %q is not valid Arrow: %v", data, err)
		}
	})
}
