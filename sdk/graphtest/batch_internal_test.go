package graphtest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// TestEncodeBatchResponse writes a JSON body as a value, any other body in
// base64, no body when empty, and each header as one string.
func TestEncodeBatchResponse(t *testing.T) {
	tests := []struct {
		name   string
		answer batchAnswer
		want   string
	}{
		{"a JSON body is a value", batchAnswer{id: "1", status: 200,
			header: http.Header{"Content-Type": {"application/json;odata.metadata=minimal"}, "Content-Length": {"12"}},
			body:   []byte("{\"value\":[]}\n")},
			`{"responses":[{"id":"1","status":200,"headers":{"Content-Type":"application/json;odata.metadata=minimal"},"body":{"value":[]}}]}`},
		{"another body is base64", batchAnswer{id: "2", status: 200,
			header: http.Header{"Content-Type": {"text/plain"}}, body: []byte("hi")},
			`{"responses":[{"id":"2","status":200,"headers":{"Content-Type":"text/plain"},"body":"aGk="}]}`},
		{"no body, headers one string each", batchAnswer{id: "a\"b", status: 204,
			header: http.Header{"Retry-After": {"2"}, "Vary": {"A", "B"}}},
			`{"responses":[{"id":"a\"b","status":204,"headers":{"Retry-After":"2","Vary":"A, B"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := encodeBatchResponse([]batchAnswer{tt.answer})
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, got)
			}
			_ = json.Unmarshal([]byte(tt.want), &w)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
