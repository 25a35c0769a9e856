package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func TestStringEnd(t *testing.T) {
	for _, tc := range []struct {
		in      string
		end     int
		escaped bool
		err     error
	}{
		{in: `"abc"`, end: 5},
		{in: `"" tail`, end: 2},
		{in: `"a\"b"`, end: 6, escaped: true},
		{in: `"a\\"b"`, end: 5, escaped: true},
		{in: `"a\\\"b"`, end: 8, escaped: true},
		{in: `"\u00e9"`, end: 8, escaped: true},
		{in: `"é"`, end: 4},
		{in: `"abc`, err: ErrUnterminated},
		{in: `"abc\"`, err: ErrUnterminated},
	} {
		end, escaped, err := StringEnd([]byte(tc.in), 0)
		if !errors.Is(err, tc.err) || err == nil && (end != tc.end || escaped != tc.escaped) {
			t.Errorf("StringEnd(%s) = %d, %v, %v; want %d, %v, %v", tc.in, end, escaped, err, tc.end, tc.escaped, tc.err)
		}
	}
}

func TestArrayAndObjectWalkWhatEncodingJSONReads(t *testing.T) {
	for _, in := range []string{
		`[]`, `[1]`, `[ 1 , "a" , null , true , {"k":[1,{"x":"]"}]} , [] ]`,
		`[{"id":"1","displayName":"A \"quoted\" name","n":-1.5e3},{"id":"2"}]`,
		"[\n\t{\"a\\\\\":\"b\\\\\"}\n]",
	} {
		checkArray(t, []byte(in))
	}
	for _, in := range []string{`{}`, `{"a":1}`, `{ "a" : [1,2] , "b\"c" : {"d":"}"} , "e":null }`} {
		checkObject(t, []byte(in))
	}
}

func TestMalformedStructureIsAnError(t *testing.T) {
	for _, in := range []string{`[1,]`, `[1 2]`, `[`, `["a`, `[{"a":1]`, `[,1]`} {
		if _, err := walkArray([]byte(in)); err == nil {
			t.Errorf("array %s: no error", in)
		}
	}
	for _, in := range []string{`{"a"}`, `{a:1}`, `{"a":}`, `{"a":1,}`, `{"a":1`} {
		if err := walkObject([]byte(in), func(_, _ []byte) {}); err == nil {
			t.Errorf("object %s: no error", in)
		}
	}
}

// FuzzArray checks the walker against encoding/json on every valid array.
func FuzzArray(f *testing.F) {
	for _, seed := range []string{`[1,"a\\"",{"b":[null]}]`, `[ ]`, `["\\\\",{}]`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.TrimSpace(data)
		if !json.Valid(data) || len(data) == 0 || data[0] != '[' {
			return
		}
		checkArray(t, data)
	})
}

func checkArray(t *testing.T, in []byte) {
	t.Helper()
	var want []json.RawMessage
	if err := json.Unmarshal(in, &want); err != nil {
		t.Fatalf("test input %s: %v", in, err)
	}
	got, err := walkArray(in)
	if err != nil {
		t.Fatalf("walk %s: %v", in, err)
	}
	if len(got) != len(want) {
		t.Fatalf("walk %s: %d elements, want %d", in, len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("walk %s: element %d is %s, want %s", in, i, got[i], want[i])
		}
	}
}

func checkObject(t *testing.T, in []byte) {
	t.Helper()
	var want map[string]json.RawMessage
	if err := json.Unmarshal(in, &want); err != nil {
		t.Fatalf("test input %s: %v", in, err)
	}
	got := map[string]json.RawMessage{}
	if err := walkObject(in, func(k, v []byte) { got[string(k)] = v }); err != nil {
		t.Fatalf("walk %s: %v", in, err)
	}
	if len(got) != len(want) {
		t.Fatalf("walk %s: %d members, want %d", in, len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("walk %s: member %q is %s, want %s", in, k, got[k], v)
		}
	}
}

func walkArray(in []byte) ([][]byte, error) {
	it, err := NewArray(in)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for {
		elem, ok, err := it.Next()
		if err != nil || !ok {
			return out, err
		}
		out = append(out, elem)
	}
}

func walkObject(in []byte, fn func(k, v []byte)) error {
	it, err := NewObject(in)
	if err != nil {
		return err
	}
	for {
		k, v, ok, err := it.Next()
		if err != nil || !ok {
			return err
		}
		fn(k, v)
	}
}
