package tenant

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string literal.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, `\ufffd`...)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
	}
	return append(dst, '"')
}

// AppendString appends s as a JSON string literal (exported for renderers).
func AppendString(dst []byte, s string) []byte { return appendJSONString(dst, s) }

// jstr returns s encoded as a JSON string fragment.
func jstr(s string) []byte { return appendJSONString(make([]byte, 0, len(s)+2), s) }

// jbool returns a JSON boolean fragment.
func jbool(b bool) []byte {
	if b {
		return []byte("true")
	}
	return []byte("false")
}

// jint returns a JSON number fragment.
func jint(n int) []byte { return strconv.AppendInt(nil, int64(n), 10) }

// jnull is the fragment of a cleared property.
var jnull = []byte("null")

// jstrs returns a JSON array of strings.
func jstrs(ss ...string) []byte {
	b := []byte{'['}
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jany marshals v; it is used for nested values on paths that are not hot.
func jany(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("tenant: marshal generated value: " + err.Error())
	}
	return b
}
