package table

import (
	"errors"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestWrongShape(t *testing.T) {
	long := `"` + strings.Repeat("é", 40) + `"`
	tests := []struct {
		name     string
		item     string
		column   string
		contains string
	}{
		{"a string for a bool is refused", `{"id":"u1","b":"yes"}`, "b", `value "yes": value does not fit the column's type: want bool, got string`},
		{"a number for a string is refused", `{"id":"u1","s":12}`, "s", "want string, got number"},
		{"a fraction for an int64 is refused", `{"id":"u1","i":1.5}`, "i", "want int64"},
		{"a string for a float64 is refused", `{"id":"u1","f":"NaN"}`, "f", "want number, got string"},
		{"a timestamp that is not RFC 3339 is refused", `{"id":"u1","ts":"May 1st"}`, "ts", "want an RFC 3339 timestamp"},
		{"a date with a time is refused", `{"id":"u1","d":"2024-05-01T00:00:00Z"}`, "d", "want a YYYY-MM-DD date"},
		{"an object for a list is refused", `{"id":"u1","tags":{}}`, "tags", "want array, got object"},
		{"a bad list element is refused with its index", `{"id":"u1","tags":["a",1]}`, "tags", "element 1: "},
		{"a bad struct field inside a list is refused with its path", `{"id":"u1","plans":[{"assigned":true}]}`, "plans", "element 0: field assigned: "},
		{"a string for a struct is refused", `{"id":"u1","addr":"Oslo"}`, "addr", "want object, got string"},
		{"a long value is quoted by its first 64 bytes", `{"id":"u1","b":` + long + `}`, "b", `value "` + strings.Repeat("é", 31) + "…"},
	}
	b := NewBuilder(memory.NewGoAllocator(), typesTable)
	defer b.Release()
	if err := b.AppendRaw([]byte(`{"id":"ok","s":"fine"}`), testMeta); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := b.AppendRaw([]byte(tt.item), testMeta)
			var ve *ValueError
			if !errors.As(err, &ve) || !errors.Is(err, ErrWrongShape) {
				t.Fatalf("error = %v, want a *ValueError wrapping ErrWrongShape", err)
			}
			if ve.Table != "things" || ve.Item != "u1" || ve.Column != tt.column {
				t.Errorf("error locates table %q item %q column %q, want things, u1, %s", ve.Table, ve.Item, ve.Column, tt.column)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error = %q, want it to contain %q", err, tt.contains)
			}
			if b.Len() != 1 {
				t.Errorf("Len = %d after a refused row, want 1", b.Len())
			}
		})
	}
	t.Run("the builder stays consistent after refused rows", func(t *testing.T) {
		if err := b.AppendRaw([]byte(`{"id":"ok2","tags":["t"],"plans":[{"skuId":"k"}]}`), testMeta); err != nil {
			t.Fatal(err)
		}
		rows := records(t, b)
		if len(rows) != 2 || rows[1]["id"] != "ok2" || rows[0]["s"] != "fine" {
			t.Errorf("rows = %v", rows)
		}
	})
}

func TestMalformedItems(t *testing.T) {
	tests := []struct{ name, item string }{
		{"an item that is not JSON is refused", `{"id":`},
		{"an item that is not an object is refused", `["id"]`},
	}
	b := NewBuilder(memory.NewGoAllocator(), typesTable)
	defer b.Release()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := b.AppendRaw([]byte(tt.item), testMeta); err == nil || !strings.Contains(err.Error(), "table things: decode item") {
				t.Errorf("error = %v, want a decode error", err)
			}
		})
	}
	objects := []struct {
		name string
		obj  Object
	}{
		{"a hand-built list with an empty element is refused", Object{"tags": []byte(`["a",,"b"]`)}},
		{"a hand-built unterminated list is refused", Object{"tags": []byte(`["a"`)}},
		{"a hand-built struct without colon is refused", Object{"addr": []byte(`{"city" "x"}`)}},
		{"a hand-built JSON value that is invalid is refused", Object{"j": []byte(`{x}`)}},
	}
	for _, tt := range objects {
		t.Run(tt.name, func(t *testing.T) {
			if err := b.Append(tt.obj, testMeta); !errors.As(err, new(*ValueError)) {
				t.Errorf("error = %v, want a *ValueError", err)
			}
			if b.Len() != 0 {
				t.Errorf("Len = %d, want 0", b.Len())
			}
		})
	}
}
