package jsonscan

import "bytes"

// SkipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func SkipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// StringEnd returns the index just past the JSON string that opens at
// data[i], and whether it holds escapes.
func StringEnd(data []byte, i int) (end int, escaped bool, err error) {
	// Jump from quote to quote (bytes.IndexByte is vectorised); a quote
	// preceded by an odd run of backslashes is escaped.
	for j := i + 1; ; {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return 0, false, ErrUnterminated
		}
		q := j + k
		run := 0
		for p := q - 1; p > i && data[p] == '\\'; p-- {
			run++
		}
		if run%2 == 0 {
			escaped = escaped || bytes.IndexByte(data[i+1:q], '\\') >= 0
			return q + 1, escaped, nil
		}
		escaped, j = true, q+1
	}
}

// ValueEnd returns the index just past the JSON value that starts at
// data[i]: a string, a balanced array or object, or a bare literal.
func ValueEnd(data []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '"':
			end, _, err := StringEnd(data, j)
			if err != nil {
				return 0, err
			}
			if depth == 0 {
				return end, nil
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return j, nil
			}
			if depth--; depth == 0 {
				return j + 1, nil
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j, nil
			}
		}
	}
	if depth != 0 {
		return 0, ErrUnterminated
	}
	return len(data), nil
}

// IsNull reports whether raw is absent or the JSON literal null.
func IsNull(raw []byte) bool {
	return len(raw) == 0 || len(raw) == 4 && string(raw) == "null"
}

// TrimSpace drops JSON white space around raw.
func TrimSpace(raw []byte) []byte {
	i := SkipSpace(raw, 0)
	j := len(raw)
	for j > i && (raw[j-1] == ' ' || raw[j-1] == '\t' || raw[j-1] == '\n' || raw[j-1] == '\r') {
		j--
	}
	return raw[i:j]
}
