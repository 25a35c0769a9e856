package jsonscan

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// SkipSpace returns the index of the first byte at or after i that is not
// JSON white space. A byte above the space, the usual one, is told by one
// comparison (the walk of a page calls this about a hundred times an item).
func SkipSpace(data []byte, i int) int {
	for ; i < len(data) && isSpace(data[i]); i++ {
	}
	return i
}

// isSpace reports whether c is JSON white space.
func isSpace(c byte) bool {
	return c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r')
}

// StringEnd returns the index just past the JSON string that opens at
// data[i], and whether it holds escapes.
func StringEnd(data []byte, i int) (end int, escaped bool, err error) {
	end, escaped, _, err = ScanString(data, i)
	return end, escaped, err
}

// shortString is how far ScanString looks eight bytes at a time before it
// leaves a string to stringEnd's vectorised search: most of a Graph item's
// strings (names, ids, addresses, values of a few words) are shorter.
const shortString = 64

// ScanString returns the index just past the JSON string that opens at
// data[i], whether it holds escapes and, for a string of fewer than
// shortString bytes, whether it is plain: printable ASCII with no
// backslash, text that needs neither unescaping nor a UTF-8 check. A
// longer string is never reported plain (its reader checks it). Its
// bytes are read eight at a time up to the first quote or backslash,
// then one at a time.
func ScanString(data []byte, i int) (end int, escaped, plain bool, err error) {
	j := i + 1
	limit := min(len(data), j+shortString)
	var odd uint64 // the odd marks of the words before the first stop
	for j+8 <= limit {
		stop, o := wordMarks(binary.LittleEndian.Uint64(data[j:]))
		if stop != 0 {
			k := bits.TrailingZeros64(stop) // the first stop's high bit
			odd |= o & (1<<k - 1)
			j += k >> 3
			break
		}
		odd |= o
		j += 8
	}
	plain = odd == 0
	for ; j < limit; j++ {
		switch c := data[j]; {
		case c == '"':
			return j + 1, escaped, plain, nil
		case c == '\\':
			escaped, plain = true, false
			j++
		case c < 0x20 || c >= utf8.RuneSelf:
			plain = false
		}
	}
	if limit == len(data) {
		return 0, false, false, ErrUnterminated
	}
	end, escaped, err = stringEnd(data, i) // shortString bytes and more
	return end, escaped, false, err
}

// wordMarks marks the eight bytes of w, least significant first, by the
// high bit of each: in stop, a quote or a backslash; in odd, a control
// character or a byte past ASCII. A byte may be marked wrongly only above
// a byte that is marked rightly (a borrow carries up): the lowest mark of
// each is exact, and so is whether there is one.
func wordMarks(w uint64) (stop, odd uint64) {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	q, b := w^('"'*ones), w^('\\'*ones)
	stop = ((q-ones)&^q | (b-ones)&^b) & highs
	odd = ((w-0x20*ones)&^w | w) & highs
	return stop, odd
}

// PlainWord reports whether the eight bytes of w are printable ASCII
// with no quote or backslash: text of a JSON string as it stands.
func PlainWord(w uint64) bool {
	stop, odd := wordMarks(w)
	return stop|odd == 0
}

// stringEnd is StringEnd by quote after quote (bytes.IndexByte is
// vectorised), for long strings.
func stringEnd(data []byte, i int) (end int, escaped bool, err error) {
	// A quote preceded by an odd run of backslashes is escaped.
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

// TrimSpace drops JSON white space around raw. It inlines: the usual
// value has none, and a call to find that out cost more than the test.
func TrimSpace(raw []byte) []byte {
	for len(raw) > 0 && isSpace(raw[0]) {
		raw = raw[1:]
	}
	for len(raw) > 0 && isSpace(raw[len(raw)-1]) {
		raw = raw[:len(raw)-1]
	}
	return raw
}
