package table

import (
	"encoding/json"
	"errors"
	"fmt"
)

// The scanners below walk JSON arrays and objects in place, without
// copying values: each element is a subslice of the input. They check the
// structure they walk; leaf values are checked by whoever parses them.

var errUnterminated = errors.New("unterminated JSON value")

// arrayIter walks the elements of a JSON array.
type arrayIter struct {
	data []byte
	pos  int
	n    int
}

// newArrayIter starts walking raw, which must hold a JSON array.
func newArrayIter(raw []byte) (arrayIter, error) {
	if len(raw) == 0 || raw[0] != '[' {
		return arrayIter{}, shapeError("array", raw)
	}
	return arrayIter{data: raw, pos: 1}, nil
}

// next returns the next element; ok is false after the last one.
func (it *arrayIter) next() (elem []byte, ok bool, err error) {
	i, done, err := it.separator(']')
	if done || err != nil {
		return nil, false, err
	}
	end, err := valueEnd(it.data, i)
	if err != nil {
		return nil, false, err
	}
	if end == i {
		return nil, false, fmt.Errorf("malformed JSON: no value at byte %d", i)
	}
	it.pos, it.n = end, it.n+1
	return it.data[i:end], true, nil
}

// separator skips to the start of the next value, past a comma after the
// first; done reports the closing bracket.
func (it *arrayIter) separator(closer byte) (start int, done bool, err error) {
	i := skipSpace(it.data, it.pos)
	if i < len(it.data) && it.data[i] == closer {
		return i, true, nil
	}
	if it.n > 0 {
		if i >= len(it.data) || it.data[i] != ',' {
			return 0, false, fmt.Errorf("malformed JSON at byte %d", i)
		}
		i = skipSpace(it.data, i+1)
	}
	if i >= len(it.data) {
		return 0, false, errUnterminated
	}
	return i, false, nil
}

// objectIter walks the members of a JSON object.
type objectIter struct{ arrayIter }

// newObjectIter starts walking raw, which must hold a JSON object.
func newObjectIter(raw []byte) (objectIter, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return objectIter{}, shapeError("object", raw)
	}
	return objectIter{arrayIter{data: raw, pos: 1}}, nil
}

// next returns the next member's unquoted key and raw value.
func (it *objectIter) next() (key, val []byte, ok bool, err error) {
	i, done, err := it.separator('}')
	if done || err != nil {
		return nil, nil, false, err
	}
	if it.data[i] != '"' {
		return nil, nil, false, fmt.Errorf("malformed JSON: object key at byte %d is not a string", i)
	}
	end, escaped, err := stringEnd(it.data, i)
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
	j := skipSpace(it.data, end)
	if j >= len(it.data) || it.data[j] != ':' {
		return nil, nil, false, fmt.Errorf("malformed JSON: no colon after key %q", key)
	}
	v := skipSpace(it.data, j+1)
	end, err = valueEnd(it.data, v)
	if err != nil {
		return nil, nil, false, err
	}
	if end == v {
		return nil, nil, false, fmt.Errorf("malformed JSON: no value for key %q", key)
	}
	it.pos, it.n = end, it.n+1
	return key, it.data[v:end], true, nil
}
