package sdk

import "github.com/graphlake/graphlake/sdk/wire"

// Checkpoint ends one stream's part of a round: its status (see Status),
// the deltaLink that starts its next round when ok, how the round began
// (see Mode) and what it read. RunDelta sends one per stream; a source
// that ends, fails or holds streams itself uses the Emitter's FailStream,
// SkipStream, EndStream and Release rather than building one.
type Checkpoint = wire.Checkpoint

// Severity grades a Diagnostic.
type Severity = wire.Severity

// Diagnostic severities.
const (
	// SeverityError: the configuration cannot run.
	SeverityError = wire.SeverityError
	// SeverityWarning: the round runs; the user should know.
	SeverityWarning = wire.SeverityWarning
)

// FailStream ends stream's part of the round as failed with cause: the
// host keeps the stream's previous deltaLink, so its next round reads the
// same changes again, and the other streams go on.
func (e *Emitter) FailStream(stream string, cause error) error {
	return e.Checkpoint(Checkpoint{Stream: stream, Status: StatusFailed, Error: cause.Error()})
}

// SkipStream fails a stream that was not run this round because a stream
// it depends on failed (cause): like FailStream, it keeps its previous
// deltaLink, and its round is recorded as the incremental one it would
// have been.
func (e *Emitter) SkipStream(stream string, cause error) error {
	return e.Checkpoint(Checkpoint{Stream: stream, Status: StatusFailed, Mode: ModeIncremental, Error: "not run: " + cause.Error()})
}

// EndStream ends a stream that no longer exists (a folder deleted, a
// mailbox no longer listed): the host forgets its deltaLink. Rows it wrote
// stay unless the source removes them (Emitter.Tombstone) or the stream
// that listed them sweeps them.
func (e *Emitter) EndStream(stream string) error {
	return e.Checkpoint(Checkpoint{Stream: stream, Status: StatusEnded})
}

// Release sends a checkpoint that RunDeltaOutcome held
// (DeltaStream.HoldCheckpoint), as it is.
func (e *Emitter) Release(cp Checkpoint) error {
	return e.Checkpoint(cp)
}

// ReleaseFailed sends a held checkpoint as failed because of why (work
// that depended on the stream failed): an ok checkpoint loses its new
// deltaLink, so the host keeps the previous one and the next round reads
// the same changes again. A checkpoint that did not end ok is sent as it is.
func (e *Emitter) ReleaseFailed(cp Checkpoint, why string) error {
	if cp.Status == StatusOK {
		cp.Status, cp.DeltaLink, cp.Error = StatusFailed, "", why
	}
	return e.Checkpoint(cp)
}
