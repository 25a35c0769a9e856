package table

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// typesTable has one column of every type.
var typesTable = Table{Name: "things", Key: []string{"id"}, Columns: []Column{
	{Name: "id", Type: String()},
	{Name: "s", Type: String()},
	{Name: "b", Type: Bool()},
	{Name: "i", Type: Int64()},
	{Name: "f", Type: Float64()},
	{Name: "ts", Type: Timestamp()},
	{Name: "d", Type: Date()},
	{Name: "j", Type: JSON()},
	{Name: "tags", Type: List(String())},
	{Name: "plans", Type: List(Struct(
		Column{Name: "skuId", Type: String()},
		Column{Name: "disabled", From: "disabledPlans", Type: List(String())},
		Column{Name: "assigned", Type: Timestamp()},
	))},
	{Name: "addr", Type: Struct(Column{Name: "city", Type: String()}, Column{Name: "zip", Type: Int64()})},
}}

func TestRoundTrip(t *testing.T) {
	utc := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339Nano, s); return tm.UTC() }
	cols := []string{"s", "b", "i", "f", "ts", "d", "j", "tags", "plans", "addr"}
	tests := []struct {
		name string
		item string
		want map[string]any
	}{{
		name: "every type keeps its value",
		item: `{"id":"1","s":"héllo \"q\" \u00e9","b":true,"i":-42,"f":1.5,"ts":"2024-05-01T10:00:00Z","d":"2024-02-29",
			"j":{"a": [1, 2]},"tags":["x","y"],"plans":[{"skuId":"k1","disabledPlans":["p1"],"assigned":"2024-05-01T10:00:00.5Z"}],
			"addr":{"city":"Oslo","zip":150}}`,
		want: map[string]any{"s": `héllo "q" é`, "b": true, "i": int64(-42), "f": 1.5, "ts": utc("2024-05-01T10:00:00Z"),
			"d": "2024-02-29", "j": `{"a":[1,2]}`, "tags": []any{"x", "y"},
			"plans": []any{map[string]any{"skuId": "k1", "disabled": []any{"p1"}, "assigned": utc("2024-05-01T10:00:00.5Z")}},
			"addr":  map[string]any{"city": "Oslo", "zip": int64(150)}},
	}, {
		name: "JSON nulls are nulls",
		item: `{"id":"1","s":null,"b":null,"i":null,"f":null,"ts":null,"d":null,"j":null,"tags":null,"plans":null,"addr":null}`,
		want: map[string]any{"s": nil, "b": nil, "i": nil, "f": nil, "ts": nil, "d": nil, "j": nil, "tags": nil, "plans": nil, "addr": nil},
	}, {
		name: "absent properties are nulls",
		item: `{"id":"1"}`,
		want: map[string]any{"s": nil, "b": nil, "i": nil, "f": nil, "ts": nil, "d": nil, "j": nil, "tags": nil, "plans": nil, "addr": nil},
	}, {
		name: "empty lists stay empty, not null, and nulls inside lists and structs stay null",
		item: `{"id":"1","tags":[],"plans":[{"skuId":null,"disabledPlans":[]},null,{}],"addr":{"city":null}}`,
		want: map[string]any{"s": nil, "b": nil, "i": nil, "f": nil, "ts": nil, "d": nil, "j": nil, "tags": []any{},
			"plans": []any{map[string]any{"skuId": nil, "disabled": []any{}, "assigned": nil}, nil,
				map[string]any{"skuId": nil, "disabled": nil, "assigned": nil}},
			"addr": map[string]any{"city": nil, "zip": nil}},
	}, {
		name: "timestamps are truncated to milliseconds and converted to UTC",
		item: `{"id":"1","ts":"2024-05-01T12:00:00.1239999+02:00","plans":[{"assigned":"1969-12-31T23:59:59.9999Z"}]}`,
		want: map[string]any{"s": nil, "b": nil, "i": nil, "f": nil, "ts": utc("2024-05-01T10:00:00.123Z"), "d": nil, "j": nil,
			"tags": nil, "plans": []any{map[string]any{"skuId": nil, "disabled": nil, "assigned": utc("1969-12-31T23:59:59.999Z")}}, "addr": nil},
	}, {
		name: "dates before the epoch, integral floats as int64 and zoneless timestamps as UTC are read",
		item: `{"id":"1","d":"1969-12-31","i":1e3,"ts":"2024-05-01T10:00:00","f":-0.25e2}`,
		want: map[string]any{"s": nil, "b": nil, "i": int64(1000), "f": -25.0, "ts": utc("2024-05-01T10:00:00Z"), "d": "1969-12-31",
			"j": nil, "tags": nil, "plans": nil, "addr": nil},
	}, {
		name: "struct keys that repeat keep the last value and unknown struct keys are ignored",
		item: `{"id":"1","addr":{"city":"A","other":{"x":[1,"]"]},"city":"B"}}`,
		want: map[string]any{"s": nil, "b": nil, "i": nil, "f": nil, "ts": nil, "d": nil, "j": nil, "tags": nil, "plans": nil,
			"addr": map[string]any{"city": "B", "zip": nil}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(build(t, typesTable, tt.item), cols...)
			if diff := cmp.Diff([]map[string]any{tt.want}, got); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
		})
	}
}
