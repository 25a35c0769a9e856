package graph

import (
	"errors"
	"testing"
)

// A batch answer is read as one JSON object holding responses, each with
// an id and a status; anything else is ErrMalformed, and the batcher then
// sends the requests alone.
func TestBatchAnswerRefusesWhatIsNotOne(t *testing.T) {
	for _, tt := range []struct{ name, answer string }{
		{"data after the answer", `{"responses":[{"id":"1","status":200}]} {"responses":[]}`},
		{"text after the answer", `{"responses":[{"id":"1","status":200}]}garbage`},
		{"not an object", `[{"id":"1","status":200}]`},
		{"cut short", `{"responses":[{"id":"1","status":200}`},
		{"no responses", `{"value":[]}`},
		{"responses not an array", `{"responses":{"id":"1"}}`},
		{"a response without an id", `{"responses":[{"status":200}]}`},
		{"a status as text", `{"responses":[{"id":"1","status":"200"}]}`},
		{"a status of two digits", `{"responses":[{"id":"1","status":42}]}`},
		{"an id twice", `{"responses":[{"id":"1","status":200},{"id":"1","status":404}]}`},
		{"a header not text", `{"responses":[{"id":"1","status":200,"headers":{"Retry-After":3}}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := parseBatchAnswer([]byte(tt.answer)); !errors.Is(err, ErrMalformed) {
				t.Fatalf("parseBatchAnswer(%s) = %v, %v; want ErrMalformed", tt.answer, got, err)
			}
		})
	}
}

// A batch answer's responses are read by id: the status, the headers, a
// JSON body as its bytes and a text body as base64.
func TestBatchAnswerReadsEachResponse(t *testing.T) {
	got, err := parseBatchAnswer([]byte(`{"responses":[` +
		`{"id":"1","status":200,"headers":{"Content-Type":"application/json"},"body":{"value":[]}},` +
		`{"id":2,"status":429,"headers":{"Retry-After":"3","X-Null":null},"body":"eyJhIjoxfQ=="}]} `))
	if err != nil {
		t.Fatal(err)
	}
	if r := got["1"]; len(got) != 2 || r.status != 200 || r.header.Get("Content-Type") != "application/json" || string(r.body) != `{"value":[]}` {
		t.Fatalf("response 1 = %+v (of %d)", r, len(got))
	}
	if r := got["2"]; r.status != 429 || r.header.Get("Retry-After") != "3" || string(r.body) != `{"a":1}` {
		t.Fatalf("response 2 = %+v", r)
	}
}
