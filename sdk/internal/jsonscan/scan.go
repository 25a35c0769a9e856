// Package jsonscan walks JSON arrays and objects in place, without copying
// or decoding values: each element is a subslice of the input. It checks
// the structure it walks (brackets, commas, colons, string ends); leaf
// values are checked by whoever parses them, or by json.Valid beforehand.
package jsonscan

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrUnterminated is returned for a string, array or object that does not
// end before the input does.
var ErrUnterminated = errors.New("unterminated JSON value")

// Array walks the elements of a JSON array.
type Array struct {
	data []byte
	pos  int
	n    int
}

// NewArray starts walking raw, which must hold a JSON array with no
// leading white space.
func NewArray(raw []byte) (Array, error) {
	if len(raw) == 0 || raw[0] != '[' {
		return Array{}, fmt.Errorf("malformed JSON: want an array, got %.20q", raw)
	}
	return Array{data: raw, pos: 1}, nil
}

// Next returns the next element; ok is false after the last one.
func (it *Array) Next() (elem []byte, ok bool, err error) {
	i, done, err := it.separator(']')
	if done || err != nil {
		return nil, false, err
	}
	end, err := ValueEnd(it.data, i)
	if err != nil {
		return nil, false, err
	}
	if end == i {
		return nil, false, fmt.Errorf("malformed JSON: no value at byte %d", i)
	}
	it.pos, it.n = end, it.n+1
	return it.data[i:end], true, nil
}

// Len is the number of elements (or members) returned so far.
func (it *Array) Len() int { return it.n }

// separator skips to the start of the next value, past a comma after the
// first; done reports the closing bracket.
func (it *Array) separator(closer byte) (start int, done bool, err error) {
	i := SkipSpace(it.data, it.pos)
	if i < len(it.data) && it.data[i] == closer {
		return i, true, nil
	}
	if it.n > 0 {
		if i >= len(it.data) || it.data[i] != ',' {
			return 0, false, fmt.Errorf("malformed JSON at byte %d", i)
		}
		i = SkipSpace(it.data, i+1)
	}
	if i >= len(it.data) {
		return 0, false, ErrUnterminated
	}
	return i, false, nil
}

// Object walks the members of a JSON object.
type Object struct {
	Array
	plain bool // the last value is a plain string (ValuePlain)
}

// NewObject starts walking raw, which must hold a JSON object with no
// leading white space.
func NewObject(raw []byte) (Object, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return Object{}, fmt.Errorf("malformed JSON: want an object, got %.20q", raw)
	}
	return Object{Array: Array{data: raw, pos: 1}}, nil
}

// ValuePlain reports whether the value Next returned last is a string
// ScanString found plain: its text is the bytes between its quotes.
func (it *Object) ValuePlain() bool { return it.plain }

// Next returns the next member's unquoted key and raw value; ok is false
// after the last one. The key aliases the input unless it has escapes.
func (it *Object) Next() (key, val []byte, ok bool, err error) {
	i, done, err := it.separator('}')
	if done || err != nil {
		return nil, nil, false, err
	}
	if it.data[i] != '"' {
		return nil, nil, false, fmt.Errorf("malformed JSON: object key at byte %d is not a string", i)
	}
	end, escaped, err := StringEnd(it.data, i)
	if err != nil {
		return nil, nil, false, err
	}
	if key = it.data[i+1 : end-1]; escaped {
		var s string
		if err := json.Unmarshal(it.data[i:end], &s); err != nil {
			return nil, nil, false, fmt.Errorf("malformed JSON object key: %w", err)
		}
		key = []byte(s)
	}
	j := SkipSpace(it.data, end)
	if j >= len(it.data) || it.data[j] != ':' {
		return nil, nil, false, fmt.Errorf("malformed JSON: no colon after key %q", key)
	}
	v := SkipSpace(it.data, j+1)
	if it.plain = false; v < len(it.data) && it.data[v] == '"' {
		end, _, it.plain, err = ScanString(it.data, v)
	} else {
		end, err = ValueEnd(it.data, v)
	}
	if err != nil {
		return nil, nil, false, err
	}
	if end == v {
		return nil, nil, false, fmt.Errorf("malformed JSON: no value for key %q", key)
	}
	it.pos, it.n = end, it.n+1
	return key, it.data[v:end], true, nil
}
