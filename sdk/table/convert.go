package table

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

var null = []byte("null")

// convert decodes raw JSON into the Go value the column's builder takes:
// nil for null, string, bool, int64, float64, arrow.Timestamp, arrow.Date32,
// []any for lists and []any (by field) for structs.
func (t Type) convert(raw json.RawMessage) (any, error) {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), null) {
		return nil, nil
	}
	switch t.kind {
	case kindString:
		var s string
		return s, json.Unmarshal(raw, &s)
	case kindBool:
		var b bool
		return b, json.Unmarshal(raw, &b)
	case kindInt64:
		var n int64
		return n, json.Unmarshal(raw, &n)
	case kindFloat64:
		var f float64
		return f, json.Unmarshal(raw, &f)
	case kindTimestamp:
		return parseTime(raw, time.RFC3339Nano, func(tm time.Time) any { return arrow.Timestamp(tm.UnixMilli()) })
	case kindDate:
		return parseTime(raw, time.DateOnly, func(tm time.Time) any { return arrow.Date32FromTime(tm) })
	case kindJSON:
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return nil, err
		}
		return buf.String(), nil
	case kindList:
		return t.convertList(raw)
	case kindStruct:
		return t.convertStruct(raw)
	}
	return nil, fmt.Errorf("unknown column type")
}

func parseTime(raw json.RawMessage, layout string, to func(time.Time) any) (any, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	tm, err := time.Parse(layout, s)
	if err != nil {
		return nil, err
	}
	return to(tm.UTC()), nil
}

func (t Type) convertList(raw json.RawMessage) (any, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := make([]any, len(items))
	for i, item := range items {
		v, err := t.elem.convert(item)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
}

// structValue is a converted struct: one value per field.
type structValue []any

func (t Type) convertStruct(raw json.RawMessage) (any, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	out := make(structValue, len(t.fields))
	for i, f := range t.fields {
		v, err := f.Type.convert(obj[f.source()])
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		out[i] = v
	}
	return out, nil
}
