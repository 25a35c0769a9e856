package wire

// The stream vocabulary: how a stream's round began (Mode), how it ended
// (Status), and the reasons the host and sources give for removing rows
// and reading everything again. These are the only definitions of their
// strings: the protocol carries them (a mode and a reason as this text, a
// status as the matching enum, see status_enum.go), the host records them
// in manifest entries and rows as this text, and everything else names
// them by these constants (vocab_literal_test.go fails a literal copy in
// any other non-test Go file or in the .proto). The strings are part of
// every lake already written, so they never change.

// Mode says how a stream's round began.
type Mode string

// Stream modes.
const (
	// ModeInitial: the stream had no deltaLink and read everything from
	// its first URL.
	ModeInitial Mode = "initial"
	// ModeIncremental: the round started from the stored deltaLink.
	ModeIncremental Mode = "incremental"
	// ModeResync: the stream had a deltaLink but read everything again
	// (its query changed, or Graph discarded the sync state); the host
	// then deletes the rows the stream no longer returns.
	ModeResync Mode = "resync"
)

// Status says how a stream's round ended. A plugin sends StatusOK,
// StatusResyncRequired, StatusFailed or StatusEnded; the host alone
// records StatusReset and StatusUnknown.
type Status string

// Stream statuses.
const (
	// StatusOK means the stream completed and DeltaLink starts the next round.
	StatusOK Status = "ok"
	// StatusResyncRequired means Graph asked for a full round.
	StatusResyncRequired Status = "resync_required"
	// StatusFailed means the stream failed; its previous deltaLink stays.
	StatusFailed Status = "failed"
	// StatusEnded means the stream no longer exists (its mail folder was
	// deleted): the host forgets its deltaLink.
	StatusEnded Status = "ended"
	// StatusReset is recorded by `etl reset`, never sent by a plugin: the
	// host forgets the stream's deltaLink and its next round is a full one.
	StatusReset Status = "reset"
	// StatusUnknown is what the host records for a checkpoint that gave
	// no status, or one this build does not know.
	StatusUnknown Status = "unknown"
)

// Recorded is the status as the host records a plugin's checkpoint: s
// when a plugin may send it, else StatusUnknown.
func (s Status) Recorded() Status {
	switch s {
	case StatusOK, StatusResyncRequired, StatusFailed, StatusEnded:
		return s
	}
	return StatusUnknown
}

// Reasons of the source's and the host's own: why a row was removed
// without Graph announcing it (a tombstone's _removed_reason; Graph's own
// reasons pass through as Graph gives them), and why a stream read
// everything again (a resync-mode checkpoint's Reason, when not Graph's
// error code). Rows and manifest entries carry them as this text.
const (
	// RemovedResync: the stream read everything again and the row did
	// not come back.
	RemovedResync = "resync"
	// RemovedEnded: the stream ended (no longer configured, or its mail
	// folder is gone) and no other stream returned the row.
	RemovedEnded = "ended"
	// RemovedExcluded: the source's filter now excludes the object (a
	// mail folder that `folders` no longer selects).
	RemovedExcluded = "excluded"
	// ReasonQueryChanged: the stream's query (its select, filter or
	// path) changed since its deltaLink was issued.
	ReasonQueryChanged = "query changed"
	// ReasonWindowMoved: only the stream's time window (a calendar
	// view's) moved since its deltaLink was issued; the deltaLink pins
	// the old one, so the stream read its new window in full.
	ReasonWindowMoved = "window moved"
	// RemovedOutsideWindow: the stream's time window moved and the row
	// lies outside the new one: not deleted in Graph, just no longer
	// tracked.
	RemovedOutsideWindow = "outside window"
)
