package graphtest

import (
	"net"
	"net/http"
	"sync/atomic"
)

// inFlight counts the Graph requests being served at once, tenant-wide,
// and the most seen.
type inFlight struct {
	now, peak atomic.Int64
	// answered counts the requests served to the end.
	answered atomic.Int64
	// conns counts the connections accepted.
	conns atomic.Int64
}

// countConn is the server's ConnState hook: it counts new connections.
func (f *inFlight) countConn(_ net.Conn, state http.ConnState) {
	if state == http.StateNew {
		f.conns.Add(1)
	}
}

// wrap counts the requests through next.
func (f *inFlight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.now.Add(1)
		for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
		}
		defer f.answered.Add(1)
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

// InFlight is how many Graph requests the emulator is serving now.
func (s *Server) InFlight() int64 { return s.inFlight.now.Load() }

// Answered is how many Graph requests the emulator has served to the
// end since it started: with InFlight, a benchmark's timeline of a round.
func (s *Server) Answered() int64 { return s.inFlight.answered.Load() }

// Connections is how many connections the emulator has accepted since it
// started (each a TLS handshake): how well clients share them.
func (s *Server) Connections() int64 { return s.inFlight.conns.Load() }
