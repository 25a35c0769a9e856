package table

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/internal/jsonscan"
)

// The parsers turn one non-null raw JSON value into what an Arrow builder
// takes. A returned []byte may alias raw: it is only valid until the row
// is committed.

// parseString returns a JSON string's text, unescaping only when needed.
func parseString(raw []byte) ([]byte, error) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, shapeError("string", raw)
	}
	if body := raw[1 : len(raw)-1]; plainString(body) {
		return body, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: malformed string: %v", ErrWrongShape, err)
	}
	return []byte(s), nil
}

// plainString reports whether a string body needs no unescaping: no
// quote, backslash or control character, and valid UTF-8. While the
// bytes are ASCII it checks eight at a time (most values of a Graph page
// are: ids, names, addresses), the last eight too, then one at a time
// from the first word that may hold one of those bytes or a byte past
// ASCII.
func plainString(body []byte) bool {
	i := 0
	for ; i+8 <= len(body); i += 8 {
		if !jsonscan.PlainWord(binary.LittleEndian.Uint64(body[i:])) {
			break
		}
	}
	// Every word passed: the last bytes, as the word that ends the body
	// (some checked twice).
	if i+8 > len(body) && (i == len(body) || i >= 8 && jsonscan.PlainWord(binary.LittleEndian.Uint64(body[len(body)-8:]))) {
		return true
	}
	ascii := true
	for _, c := range body[i:] {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	// body[:i] is ASCII: body is valid UTF-8 when the rest is.
	return ascii || utf8.Valid(body[i:])
}

func parseBool(raw []byte) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, shapeError("bool", raw)
}

// parseInt64 accepts integers, also when written with a zero fraction or an
// exponent (1.0, 1e3), as long as they fit.
func parseInt64(raw []byte) (int64, error) {
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, nil
	}
	f, err := parseFloat64(raw)
	if err != nil {
		return 0, shapeError("int64", raw)
	}
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, fmt.Errorf("%w: want int64, got %s", ErrWrongShape, raw)
	}
	return int64(f), nil
}

func parseFloat64(raw []byte) (float64, error) {
	if !numberLike(raw) {
		return 0, shapeError("number", raw)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, fmt.Errorf("%w: want float64: %v", ErrWrongShape, err)
	}
	return f, nil
}

// numberLike reports whether raw starts like a JSON number and holds only
// its characters, which keeps strconv's extras (hex, Inf, NaN) out.
func numberLike(raw []byte) bool {
	if len(raw) == 0 || raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return false
	}
	for _, c := range raw {
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			return false
		}
	}
	return true
}

// parseTimestamp reads an RFC 3339 string (fractional seconds allowed; no
// zone means UTC) into milliseconds since the epoch, truncated.
func parseTimestamp(raw []byte) (arrow.Timestamp, error) {
	s, err := parseString(raw)
	if err != nil {
		return 0, err
	}
	t, err := time.Parse(time.RFC3339, string(s))
	if err != nil {
		var err2 error
		if t, err2 = time.Parse("2006-01-02T15:04:05.999999999", string(s)); err2 != nil {
			return 0, fmt.Errorf("%w: want an RFC 3339 timestamp: %v", ErrWrongShape, err)
		}
	}
	return arrow.Timestamp(t.UnixMilli()), nil
}

// parseDate reads a "YYYY-MM-DD" string into days since the epoch.
func parseDate(raw []byte) (arrow.Date32, error) {
	s, err := parseString(raw)
	if err != nil {
		return 0, err
	}
	t, err := time.Parse(time.DateOnly, string(s))
	if err != nil {
		return 0, fmt.Errorf("%w: want a YYYY-MM-DD date: %v", ErrWrongShape, err)
	}
	return arrow.Date32(t.Unix() / 86400), nil
}

// parseJSON returns raw compacted, with valid UTF-8 (see validUTF8); raw
// itself when it has no white space and is valid UTF-8.
func parseJSON(raw []byte) ([]byte, error) {
	if !bytes.ContainsAny(raw, " \t\r\n") {
		if !json.Valid(raw) {
			return nil, fmt.Errorf("%w: malformed JSON", ErrWrongShape)
		}
		return validUTF8(raw), nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, fmt.Errorf("%w: malformed JSON: %v", ErrWrongShape, err)
	}
	return validUTF8(buf.Bytes()), nil
}

// validUTF8 returns JSON text b with each byte that is not part of valid
// UTF-8 replaced by U+FFFD, as encoding/json decodes such strings; b
// itself when it is valid. Graph's pages may hold such bytes inside
// strings (the client accepts them, as encoding/json does), and a Parquet
// string column holding them is refused by readers such as DuckDB. Bytes
// outside strings are ASCII in valid JSON, so the text stays valid JSON.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}
