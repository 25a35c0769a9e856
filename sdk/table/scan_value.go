package table

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
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

// stringEnd returns the index just past the JSON string that opens at
// data[i], and whether it holds escapes.
func stringEnd(data []byte, i int) (end int, escaped bool, err error) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped, nil
		}
	}
	return 0, false, errUnterminated
}

// valueEnd returns the index just past the JSON value that starts at
// data[i]: a string, a balanced array or object, or a bare literal.
func valueEnd(data []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '"':
			end, _, err := stringEnd(data, j)
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
		return 0, errUnterminated
	}
	return len(data), nil
}

// isNull reports whether raw is absent or the JSON literal null.
func isNull(raw []byte) bool {
	return len(raw) == 0 || len(raw) == 4 && string(raw) == "null"
}

// trimSpace drops JSON white space around raw.
func trimSpace(raw []byte) []byte {
	i := skipSpace(raw, 0)
	j := len(raw)
	for j > i && (raw[j-1] == ' ' || raw[j-1] == '\t' || raw[j-1] == '\n' || raw[j-1] == '\r') {
		j--
	}
	return raw[i:j]
}
