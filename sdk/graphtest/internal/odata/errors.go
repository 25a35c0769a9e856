package odata

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Error is one Graph error as the service reports it: an HTTP status, a
// machine-readable code and a human message. Clients branch on Code.
type Error struct {
	Status  int
	Code    string
	Message string
	// Header holds extra response headers, such as Retry-After or Location.
	Header http.Header
	// Inner holds extra innerError fields, such as the "code", "message"
	// and "status" a throttled response repeats there.
	Inner map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("graph %d %s: %s", e.Status, e.Code, e.Message)
}

// errorBody mirrors Graph's JSON error envelope.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code       string            `json:"code"`
	Message    string            `json:"message"`
	InnerError map[string]string `json:"innerError"`
}

// NewRequestID returns a random GUID-shaped request id.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// SetRequestHeaders sets the correlation headers Graph sends on every
// response and returns the request id used.
func SetRequestHeaders(w http.ResponseWriter, r *http.Request) string {
	id := w.Header().Get("request-id")
	if id == "" {
		id = NewRequestID()
		w.Header().Set("request-id", id)
	}
	if cid := r.Header.Get("client-request-id"); cid != "" {
		w.Header().Set("client-request-id", cid)
	}
	w.Header().Set("x-ms-ags-diagnostic", `{"ServerInfo":{"DataCenter":"Emulator","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graphtest"}}`)
	return id
}

// WriteError writes e as Graph's error JSON, with its status and headers.
func WriteError(w http.ResponseWriter, r *http.Request, e *Error) {
	id := SetRequestHeaders(w, r)
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	inner := map[string]string{
		"date":              time.Now().UTC().Format("2006-01-02T15:04:05"),
		"request-id":        id,
		"client-request-id": r.Header.Get("client-request-id"),
	}
	for k, v := range e.Inner {
		inner[k] = v
	}
	body := errorBody{Error: errorDetail{Code: e.Code, Message: e.Message, InnerError: inner}}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(body)
}
