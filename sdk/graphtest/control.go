package graphtest

import "time"

// SetFaults replaces the fault injection rules (see the README's table).
func (s *Server) SetFaults(cfg FaultConfig) error { return s.faults.Set(cfg) }

// ClearFaults removes every fault injection rule.
func (s *Server) ClearFaults() { s.faults.Clear() }

// ExpireDeltaTokens makes every delta and skip token issued so far fail
// with the error of mode: "syncStateNotFound", "syncStateInvalid",
// "resyncRequired" or "location"; the calendars' tokens fail with 410
// SyncStateNotFound whatever the mode, as Outlook's do (POST
// /_admin/expire does the same). Drive tokens are apart: ResyncDrives.
func (s *Server) ExpireDeltaTokens(mode string) error {
	if err := s.engine.ExpireAll(mode); err != nil {
		return err
	}
	s.calendars.ExpireAll()
	return nil
}

// SetDeltaTokenTTL expires delta tokens older than d (0: never).
func (s *Server) SetDeltaTokenTTL(d time.Duration) { s.engine.SetTokenTTL(d) }

// RevokeAccessTokens rejects every access token issued so far.
func (s *Server) RevokeAccessTokens() { s.identity.RevokeAll() }

// SetAccessTokenTTL changes the lifetime of access tokens issued from now.
func (s *Server) SetAccessTokenTTL(d time.Duration) { s.identity.SetTokenTTL(d) }
