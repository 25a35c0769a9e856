package graphtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// adminHandler serves the admin API (documented in the README).
func (s *Server) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_admin/churn", s.adminChurn)
	mux.HandleFunc("GET /_admin/state/{table}", s.adminState)
	mux.HandleFunc("GET /_admin/faults", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.faults.Config()) })
	mux.HandleFunc("POST /_admin/faults", s.adminSetFaults)
	mux.HandleFunc("DELETE /_admin/faults", func(w http.ResponseWriter, r *http.Request) { s.faults.Clear(); w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("POST /_admin/tokens/expire", s.adminExpire)
	mux.HandleFunc("POST /_admin/tokens/ttl", s.adminTTL)
	mux.HandleFunc("POST /_admin/access-tokens/revoke", func(w http.ResponseWriter, r *http.Request) {
		s.identity.RevokeAll()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_admin/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"requests": s.stats.snapshot(), "faults": s.faults.Stats()})
	})
	s.adminObjects(mux)
	s.adminMail(mux)
	s.adminAuditLogs(mux)
	s.adminCalendars(mux)
	s.adminDrives(mux)
	return mux
}

func (s *Server) adminChurn(w http.ResponseWriter, r *http.Request) {
	var spec ChurnSpec
	if !readJSON(w, r, &spec) {
		return
	}
	res, err := s.tenant.Churn(spec)
	if err != nil {
		adminError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) adminState(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-ndjson")
	if r.PathValue("table") == "events" {
		s.adminEventState(w, r)
		return
	}
	if r.PathValue("table") == DriveItemsTable {
		if err := s.drives.WriteState(w); err != nil {
			adminError(w, err)
		}
		return
	}
	if ok, err := s.logs.WriteState(w, r.PathValue("table")); ok {
		if err != nil {
			adminError(w, err)
		}
		return
	}
	if err := s.tenant.WriteState(w, r.PathValue("table")); err != nil {
		adminError(w, err)
	}
}

func (s *Server) adminSetFaults(w http.ResponseWriter, r *http.Request) {
	var cfg FaultConfig
	if !readJSON(w, r, &cfg) {
		return
	}
	if err := s.faults.Set(cfg); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, s.faults.Config())
}

func (s *Server) adminExpire(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Mode string `json:"mode"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if body.Mode == "" {
		body.Mode = "syncStateNotFound"
	}
	if err := s.ExpireDeltaTokens(body.Mode); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) adminTTL(w http.ResponseWriter, r *http.Request) {
	var body struct {
		TTL string `json:"ttl"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	d, err := time.ParseDuration(body.TTL)
	if err != nil || d < 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("ttl %q: want a Go duration such as \"10m\" (0 disables expiry)", body.TTL)})
		return
	}
	s.engine.SetTokenTTL(d)
	w.WriteHeader(http.StatusNoContent)
}

// loopbackOnly refuses admin requests that do not come from loopback, so an
// emulator listening on all interfaces cannot be reshaped from outside.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "the admin API answers loopback clients only"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// adminAdvance registers pattern, a POST of {"duration":"<Go duration>"}
// that moves a clock of the emulator forward: advance moves it by the
// positive duration and returns the answer's JSON; anything else is a 400
// whose message suggests example.
func adminAdvance(mux *http.ServeMux, pattern, example string, advance func(time.Duration) any) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Duration string `json:"duration"`
		}
		if !readJSON(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Duration)
		if err != nil || d <= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "duration " + body.Duration + ": want a positive Go duration such as \"" + example + "\""})
			return
		}
		writeJSON(w, http.StatusOK, advance(d))
	})
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "request body: " + err.Error()})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// adminError maps model errors to statuses: unknown objects 404, invalid
// requests 400.
func adminError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, tenant.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, tenant.ErrInvalid):
		status = http.StatusBadRequest
	}
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
