package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
)

// TestParseEnvelope: one pass validates the page and finds its items,
// accepting what encoding/json accepts (duplicate names, invalid UTF-8,
// lone surrogates, names in any case) and refusing what it refuses.
func TestParseEnvelope(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		items      []string
		next, link string
		err        string // a substring of the error; "" for none
	}{
		{name: "items, links and other members", body: ` {"@odata.context":"x","value": [ {"id":"a","n":[1,{"b":null}]} ,{"id":"b"}],"@odata.nextLink":"https://n","extra":{"k":[true,false]}} `,
			items: []string{`{"id":"a","n":[1,{"b":null}]}`, `{"id":"b"}`}, next: "https://n"},
		{name: "names in any case", body: `{"VALUE":[1],"@ODATA.DELTALINK":"https://d"}`, items: []string{`1`}, link: "https://d"},
		{name: "an escaped name with a lone surrogate and invalid UTF-8", body: "{\"x\\ud800\xff\":1,\"value\":[]}", items: []string{}},
		{name: "escaped names", body: `{"\u0076alue":[1],"@odata.\u0064eltaLink":"https://d","@odata.next\u004cink":null}`, items: []string{`1`}, link: "https://d"},
		{name: "a name folded as strings.EqualFold folds it", body: "{\"value\":[],\"@odata.deltaLin\u212a\":\"https://d\"}", items: []string{}, link: "https://d"},
		{name: "null value and links", body: `{"value":null,"@odata.nextLink":null,"@odata.deltaLink":"d"}`, link: "d"},
		{name: "escaped link", body: `{"value":[],"@odata.deltaLink":"https://d?a=\u0026b"}`, items: []string{}, link: "https://d?a=&b"},
		{name: "duplicate names, invalid UTF-8 and a lone surrogate", body: "{\"value\":[{\"id\":\"a\",\"id\":\"\xff\\ud800\"}]}",
			items: []string{"{\"id\":\"a\",\"id\":\"\xff\\ud800\"}"}},
		{name: "not JSON", body: `<html>proxy error</html>`, err: "decode body"},
		{name: "not an object", body: `[{"value":[]}]`, err: "not a JSON object"},
		{name: "value not an array", body: `{"value":{"id":"a"}}`, err: "value is not an array"},
		{name: "link not a string", body: `{"value":[],"@odata.nextLink":7}`, err: "want a string"},
		{name: "unterminated", body: `{"value":[{"id":"a"}`, err: "unexpected end"},
		{name: "a bad literal in an item", body: `{"value":[{"ok":tru}]}`, err: "decode body"},
		{name: "a bad literal in a skipped member", body: `{"value":[],"x":[nul]}`, err: "decode body"},
		{name: "a control character in a string", body: "{\"value\":[\"a\x01\"]}", err: "decode body"},
		{name: "data after the object", body: `{"value":[]} {}`, err: "after the top-level value"},
		{name: "a trailing comma", body: `{"value":[1,]}`, err: "decode body"},
		{name: "empty", body: ``, err: "unexpected end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := parseEnvelope([]byte(tt.body))
			if tt.err != "" {
				if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want ErrMalformed saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var items []string
			if env.Value != nil {
				items = []string{}
			}
			for _, it := range env.Value {
				items = append(items, string(it))
			}
			if diff := cmp.Diff(tt.items, items); diff != "" || env.Next != tt.next || env.Delta != tt.link {
				t.Fatalf("items (-want +got):\n%s\nlinks %q %q, want %q %q", diff, env.Next, env.Delta, tt.next, tt.link)
			}
		})
	}
}

// TestParseEnvelopeRefusesWhatJSONValidRefuses mutates a page byte by byte:
// whenever encoding/json finds the result invalid, so does parseEnvelope.
func TestParseEnvelopeRefusesWhatJSONValidRefuses(t *testing.T) {
	page := []byte(`{"@odata.nextLink":"https://n","value":[{"id":"a","n":-1.5e3,"b":[true,false,null],"o":{"s":"x\"y\\u00e9"}},{"id":"b"}]}`)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(`{}[]":,\ 0123456789.eE+-tfnulrsa` + "\x00\x1f\xff")
	for range 5000 {
		m := append([]byte(nil), page...)
		for range 1 + rng.IntN(3) {
			m[rng.IntN(len(m))] = alphabet[rng.IntN(len(alphabet))]
		}
		_, err := parseEnvelope(m)
		if !json.Valid(m) && !errors.Is(err, ErrMalformed) {
			t.Fatalf("parseEnvelope(%q) = %v, want ErrMalformed like json.Valid", m, err)
		}
		if json.Valid(m) && err != nil && !strings.Contains(err.Error(), "not an array") && !strings.Contains(err.Error(), "want a string") && !strings.Contains(err.Error(), "not a JSON object") {
			t.Fatalf("parseEnvelope(%q) = %v, but the JSON is valid", m, err)
		}
	}
}

// TestEmptyPageAllocatesNoItems: the items of an empty page (a round with
// nothing changed has nothing else) are an empty slice without an
// allocation of its own.
func TestEmptyPageAllocatesNoItems(t *testing.T) {
	const n = 100
	decs := make([]*jsontext.Decoder, n)
	data := []byte(`[]`)
	for i := range decs {
		decs[i] = jsontext.NewDecoder(bytes.NewBuffer(data))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, dec := range decs {
		items, err := pageItems(dec, data)
		if err != nil || items == nil || len(items) != 0 {
			t.Fatalf("pageItems(%s) = %v, %v; want an empty slice", data, items, err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 64 {
		t.Errorf("an empty page's items allocated %d bytes; want none of their own", per)
	}
}

// TestParseEnvelopeOfAnEmptyPageAllocatesLittle: an incremental round's
// usual page, empty with its deltaLink, costs one copy of the link and
// nothing for the decoder (pageDecoders): 3 and 5 allocations, where a
// decoder per page made 8 and 11.
func TestParseEnvelopeOfAnEmptyPageAllocatesLittle(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops decoders at random")
	}
	pages := []struct {
		name string
		max  float64 // the member names, the link, the items' slice
		data string
	}{
		{"empty", 3, `{"value":[],"@odata.deltaLink":"https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$deltatoken=abc%2Bdef"}`},
		{"after a page of items", 5, `{"@odata.context":"x","value":[{"id":"1"},{"id":"2"}],"@odata.deltaLink":"https://graph.microsoft.com/v1.0/d?$deltatoken=t"}`},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			data := []byte(p.data)
			if _, err := parseEnvelope(data); err != nil {
				t.Fatal(err)
			}
			if n := testing.AllocsPerRun(100, func() { _, _ = parseEnvelope(data) }); n > p.max {
				t.Errorf("parseEnvelope allocated %v times; want at most %v (the member names, the link, the items)", n, p.max)
			}
		})
	}
}

// TestAPageOfTooManyItemsIsRefused: each item of a page costs a slice
// entry (24 bytes) besides its bytes, so a page within the body limit made
// of tiny items ({}, 3 bytes) would cost eight times its size outside the
// page memory budget. Graph's pages hold at most a few thousand items: one
// over maxPageItems is malformed.
func TestAPageOfTooManyItemsIsRefused(t *testing.T) {
	page := func(n int) []byte {
		return []byte(`{"value":[` + strings.TrimSuffix(strings.Repeat(`{},`, n), ",") + `],"@odata.deltaLink":"https://d"}`)
	}
	if env, err := parseEnvelope(page(maxPageItems)); err != nil || len(env.Value) != maxPageItems {
		t.Fatalf("a page of %d items: %d items, %v; want them all", maxPageItems, len(env.Value), err)
	}
	if _, err := parseEnvelope(page(maxPageItems + 1)); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "items") {
		t.Fatalf("a page of %d items: %v, want ErrMalformed naming the item limit", maxPageItems+1, err)
	}
}
