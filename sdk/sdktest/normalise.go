package sdktest

import "time"

// lakeTime is RFC 3339 to the millisecond, the lake's precision, without
// trailing zeros.
const lakeTime = "2006-01-02T15:04:05.999Z07:00"

// NormaliseDeep makes a nested lake, DuckDB or emulator value comparable
// with the emulator's JSON: nulls left out of objects at every depth,
// integers as float64 (JSON's numbers), times, and strings that are RFC
// 3339 times, as RFC 3339 in UTC to the millisecond the lake keeps
// (Graph's seven fractional digits cut to three, trailing zeros dropped).
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
		return v.UTC().Format(lakeTime)
	case string:
		if len(v) >= len("2006-01-02T15:04:05Z") && v[4] == '-' && v[10] == 'T' {
			if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
				return t.UTC().Truncate(time.Millisecond).Format(lakeTime)
			}
		}
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case int:
		return float64(v)
	}
	return v
}
