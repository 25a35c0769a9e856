package odata

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

func TestWritePage(t *testing.T) {
	tests := []struct {
		name string
		page Page[json.RawMessage]
		want string
	}{
		{"a next page", Page[json.RawMessage]{Context: "c", NextLink: "https://g/x?$top=2&$skiptoken=a", Items: []json.RawMessage{[]byte(`{"id":"1"}`), []byte(`{"id":"2"}`)}},
			`{"@odata.context":"c","@odata.nextLink":"https://g/x?$top=2&$skiptoken=a","value":[{"id":"1"},{"id":"2"}]}`},
		{"the last page", Page[json.RawMessage]{Context: "c", DeltaLink: "https://g/x?token=b", Items: []json.RawMessage{[]byte(`{}`)}},
			`{"@odata.context":"c","@odata.deltaLink":"https://g/x?token=b","value":[{}]}`},
		{"an empty listing", Page[json.RawMessage]{Context: `a "quoted" context`},
			`{"@odata.context":"a \"quoted\" context","value":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			WritePage(w, tt.page)
			if got := w.Body.String(); got != tt.want {
				t.Errorf("page\n%s\nwant\n%s", got, tt.want)
			}
			if ct := w.Header().Get("Content-Type"); ct != ContentType {
				t.Errorf("Content-Type %q, want %q", ct, ContentType)
			}
			if !json.Valid(w.Body.Bytes()) {
				t.Error("the page is not valid JSON")
			}
		})
	}
}
