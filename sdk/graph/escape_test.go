package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/graphlake/graphlake/sdk/graph"
)

func TestGraphErrorTextCannotDriveTheTerminal(t *testing.T) {
	hostile := "\x1b]0;owned\x07\x1b[2J\x1b[31mred\r\nfake log line\u202eevil\u200b\u009b"
	tests := []struct {
		name   string
		status int
		want   string // a fragment the escaped message keeps, readable
	}{
		{"an APIError", http.StatusForbidden, `\x1b[31mred\x0d\x0afake log line\u202eevil`},
		{"a ResyncError", http.StatusGone, `\x1b]0;owned\x07`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, base, _, _ := scripted(t, graph.Options{}, func(w http.ResponseWriter, _ *http.Request, _ int, _ string) {
				w.WriteHeader(tt.status)
				var body struct {
					Error map[string]any `json:"error"`
				}
				body.Error = map[string]any{"code": "Code\x1b[1m", "message": hostile, "innerError": map[string]string{"request-id": "id\x1b[0m"}}
				_ = json.NewEncoder(w).Encode(body)
			})
			_, err := c.Round(t.Context(), graph.Query{URL: base + "/users/delta"}, (&collector{}).add)
			if err == nil {
				t.Fatal("Round succeeded; want an error")
			}
			msg := err.Error()
			for _, r := range msg {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("error text carries %U: %q", r, msg)
				}
			}
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, `Code\x1b[1m`) {
				t.Errorf("error text %q; want it to keep %q and the code, escaped", msg, tt.want)
			}
		})
	}
}
