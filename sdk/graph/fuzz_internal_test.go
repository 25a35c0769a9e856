package graph

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/table/tabletest"
)

// fuzzTable declares a column of each type a table may have, under the
// member names the seeds use.
var fuzzTable = tabletest.EveryType("fuzz")

// FuzzPageIntoBatch feeds a page body, which Graph (or whatever answers
// in its place) controls entirely, through what a plugin does with it:
// the page's validating parse (parseEnvelope), then each item into a
// table's Arrow builder (AppendItem). Whatever comes, nothing may panic;
// a page that is not valid JSON must be refused; a page taken must list
// items that are valid JSON and lie inside the body; and the batch built
// from the items taken must pass Arrow's own full check, since the host
// refuses a batch that does not (and fails the whole source for it).
//
//	go test ./sdk/graph -run '^$' -fuzz FuzzPageIntoBatch -fuzztime 5m
func FuzzPageIntoBatch(f *testing.F) {
	item := `{"id":"u1","s":"caf\u00e9","b":true,"i":42,"f":1.5,"ts":"2026-12-06T10:00:00Z","d":"2026-12-06",` +
		`"j":{"k":[1,"two",null]},"l":["a","b"],"st":{"x":"x","y":7},"ls":[{"z":false}]}`
	for _, page := range []string{
		`{"value":[` + item + `],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users/delta?$skiptoken=x"}`,
		`{"@odata.context":"c","value":[{"id":"u2","@removed":{"reason":"changed"}},{"id":"u3","s":null,"l":[]}],"@odata.deltaLink":"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=y"}`,
		`{"value":[{"id":"u4","s":"\ud83d\ude00 \"quoted\" \\ \u0000","i":-9007199254740993,"f":1e308,"ts":"2026-12-06T10:00:00.1234567+02:00"}]}`,
		`{"value":[{"id":"u5","S":"case","id":"dup"}],"VALUE":[]}`,
		`{"value":null,"@odata.deltaLink":null}`,
		`{"value":[{"id":"u6","s":"` + "ok \xff\xfe \xc3" + `","l":["` + "\xed\xa0\x80" + `"]},{"id":"u7","b":"true","i":1.5,"d":"not a date"}]}`,
		`{"value":[1,"x",[],{}]}`,
		`{"value":[{"id":"u7"}]} trailing`,
	} {
		f.Add([]byte(page))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		body := bytes.Clone(data)
		env, err := parseEnvelope(body)
		if !json.Valid(data) && err == nil {
			t.Fatalf("took a page that is not valid JSON: %q", data)
		}
		if err != nil {
			return
		}
		if !bytes.Equal(body, data) {
			t.Fatalf("parsing changed the page")
		}
		if len(env.Value) > maxPageItems {
			t.Fatalf("took %d items, over %d", len(env.Value), maxPageItems)
		}
		b := table.NewBuilder(memory.NewGoAllocator(), fuzzTable)
		defer b.Release()
		rows := 0
		for i, it := range env.Value {
			if !json.Valid(it) || !bytes.Contains(body, it) {
				t.Fatalf("item %d is not valid JSON inside the page: %q", i, it)
			}
			if _, err := b.AppendItem(it, table.Meta{Round: 1, Seq: int64(i), SyncedAt: time.Unix(0, 0), Stream: "s"}); err == nil {
				rows++
			}
		}
		rec := b.NewRecord()
		defer rec.Release()
		if rec.NumRows() != int64(rows) {
			t.Fatalf("the batch holds %d rows, %d items were taken", rec.NumRows(), rows)
		}
		if err := array.ValidateRecordFull(rec); err != nil { // a panic fails the target too
			t.Fatalf("the batch built from the page is not valid Arrow: %v", err)
		}
	})
}

// FuzzBatchAnswer feeds the answer to a JSON batch ($batch), which Graph
// (or whatever answers in its place) controls entirely, to the batcher's
// parse (parseBatchAnswer). Nothing may panic; an answer that is not
// valid JSON must be refused, as a page is; an answer taken holds
// responses with an id and a status of three digits.
//
//	go test ./sdk/graph -run '^$' -fuzz FuzzBatchAnswer -fuzztime 5m
func FuzzBatchAnswer(f *testing.F) {
	for _, answer := range []string{
		`{"responses":[{"id":"1","status":200,"headers":{"Content-Type":"application/json"},"body":{"value":[],"@odata.deltaLink":"https://graph.microsoft.com/v1.0/x"}}]}`,
		`{"responses":[{"id":"2","status":429,"headers":{"Retry-After":"3"},"body":{"error":{"code":"TooManyRequests"}}},{"id":"3","status":204,"body":"eyJhIjoxfQ=="}]}`,
		`{"responses":[{"id":"4","status":"200"}]}`,
		`{"responses":[{"id":"5","status":200},{"id":"5","status":200}]}`,
		`{"nextLink":null,"responses":[{"id":6,"status":500,"headers":null,"body":null}]}`,
		`{"responses":[{"id":"7","status":200,"headers":{"Location":1}}]}`,
		`{"responses":[]} {"responses":[]}`,
	} {
		f.Add([]byte(answer))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseBatchAnswer(bytes.Clone(data))
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("took an answer that is not valid JSON: %q", data)
		}
		for id, r := range got {
			if id == "" || r.status < 100 || r.status > 999 {
				t.Fatalf("took a response with id %q and status %d", id, r.status)
			}
		}
	})
}
