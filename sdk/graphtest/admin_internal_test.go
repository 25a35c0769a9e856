package graphtest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAdminAnswersLoopbackClientsOnly(t *testing.T) {
	h := loopbackOnly(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	tests := []struct {
		remote string
		want   int
	}{
		{"127.0.0.1:5000", http.StatusNoContent},
		{"[::1]:5000", http.StatusNoContent},
		{"10.1.2.3:5000", http.StatusForbidden},
		{"192.168.0.7:5000", http.StatusForbidden},
		{"garbage", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run("a client at "+tt.remote, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/_admin/churn", nil)
			r.RemoteAddr = tt.remote
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Errorf("status %d, want %d", w.Code, tt.want)
			}
		})
	}
}
