package odata

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

func TestWriteErrorShape(t *testing.T) {
	tests := []struct {
		name  string
		err   *Error
		inner map[string]string
	}{
		{"a plain error carries the request ids", &Error{Status: 400, Code: "BadRequest", Message: "m"}, nil},
		{"extra innerError fields are added", &Error{Status: 429, Code: "TooManyRequests", Message: "m",
			Inner: map[string]string{"code": "429", "status": "429"}}, map[string]string{"code": "429", "status": "429"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/v1.0/users/delta", nil)
			r.Header.Set("client-request-id", "cid-1")
			w := httptest.NewRecorder()
			WriteError(w, r, tt.err)
			var body struct {
				Error struct {
					Code       string            `json:"code"`
					InnerError map[string]string `json:"innerError"`
				} `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			in := body.Error.InnerError
			if w.Code != tt.err.Status || body.Error.Code != tt.err.Code {
				t.Errorf("status %d code %q", w.Code, body.Error.Code)
			}
			if in["request-id"] == "" || in["request-id"] != w.Header().Get("request-id") || in["client-request-id"] != "cid-1" || in["date"] == "" {
				t.Errorf("innerError %v lacks matching request ids or date", in)
			}
			for k, v := range tt.inner {
				if in[k] != v {
					t.Errorf("innerError %s = %q, want %q", k, in[k], v)
				}
			}
			if w.Header().Get("Content-Type") != "application/json" || w.Header().Get("client-request-id") != "cid-1" {
				t.Errorf("headers %v", w.Header())
			}
		})
	}
}
