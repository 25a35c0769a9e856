package graphtest

import (
	"net/http"
	"sync/atomic"
)

// inFlight counts the Graph requests being served at once, tenant-wide,
// and the most seen.
type inFlight struct {
	now, peak atomic.Int64
}

// wrap counts the requests through next.
func (f *inFlight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.now.Add(1)
		for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
		}
		defer f.now.Add(-1)
		next.ServeHTTP(w, r)
	})
}

// PeakInFlight is the most Graph requests the emulator served at once,
// tenant-wide, since it started or since the last ResetPeakInFlight: how
// hard a client pressed.
func (s *Server) PeakInFlight() int64 { return s.inFlight.peak.Load() }

// ResetPeakInFlight starts PeakInFlight afresh.
func (s *Server) ResetPeakInFlight() { s.inFlight.peak.Store(s.inFlight.now.Load()) }
