package graphtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestAdminClocksAdvanceByAPositiveDuration(t *testing.T) {
	srv := Start(t, Options{Seed: 1, Users: 2})
	tests := []struct {
		path, body string
		want       int
		field      string // a field of the answer's JSON object
	}{
		{"/_admin/calendars/advance", `{"duration":"24h"}`, http.StatusOK, "now"},
		{"/_admin/calendars/advance", `{"duration":"-1h"}`, http.StatusBadRequest, "error"},
		{"/_admin/calendars/advance", `{"duration":"soon"}`, http.StatusBadRequest, "error"},
		{"/_admin/calendars/advance", `{"days":1}`, http.StatusBadRequest, "error"},
		{"/_admin/auditlogs/advance", `{"duration":"10m"}`, http.StatusOK, ""},
		{"/_admin/auditlogs/advance", `{"duration":"0s"}`, http.StatusBadRequest, "error"},
		{"/_admin/auditlogs/advance", `{"duration":""}`, http.StatusBadRequest, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.body, func(t *testing.T) {
			resp, err := srv.Client().Post(srv.URL+tt.path, "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var answer map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
				t.Fatalf("the answer is not a JSON object: %v", err)
			}
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d (%v), want %d", resp.StatusCode, answer, tt.want)
			}
			if _, ok := answer[tt.field]; tt.field != "" && !ok {
				t.Errorf("answer %v has no %q", answer, tt.field)
			}
		})
	}
}
