package sdktest

import "time"

// NormaliseDeep makes a nested lake, DuckDB or emulator value comparable
// with the emulator's JSON: nulls left out of objects at every depth,
// integers as float64 (JSON's numbers), times as RFC 3339 in UTC.
func NormaliseDeep(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			if x = NormaliseDeep(x); x != nil {
				m[k] = x
			}
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = NormaliseDeep(x)
		}
		return l
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case int:
		return float64(v)
	}
	return v
}
