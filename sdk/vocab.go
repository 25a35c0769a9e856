package sdk

import "github.com/graphlake/graphlake/sdk/wire"

// The stream vocabulary, defined once in package wire (see wire.Mode and
// wire.Status) and named here for plugin authors.

// Mode says how a stream's round began; a checkpoint carries it.
type Mode = wire.Mode

// Stream modes, as the manifest records them.
const (
	// ModeInitial: the stream read everything from its first URL.
	ModeInitial = wire.ModeInitial
	// ModeIncremental: the round started from the stored deltaLink.
	ModeIncremental = wire.ModeIncremental
	// ModeResync: the stream had a deltaLink but read everything again.
	ModeResync = wire.ModeResync
)

// Status says how a stream's round ended; a checkpoint carries it.
type Status = wire.Status

// Stream statuses a plugin sends.
const (
	// StatusOK: the stream completed; its deltaLink starts the next round.
	StatusOK = wire.StatusOK
	// StatusResyncRequired: Graph asked for a full round.
	StatusResyncRequired = wire.StatusResyncRequired
	// StatusFailed: the stream failed; its previous deltaLink stays.
	StatusFailed = wire.StatusFailed
	// StatusEnded: the stream no longer exists; the host forgets it.
	StatusEnded = wire.StatusEnded
)

// Reasons of a source's own, defined in package wire (see vocab.go).
const (
	// ReasonQueryChanged is the checkpoint reason of a stream whose query
	// differs from the one its deltaLink was made with.
	ReasonQueryChanged = wire.ReasonQueryChanged
	// RemovedResync is the tombstone reason of a row a stream's full round
	// did not return (see table.RemovedResync).
	RemovedResync = wire.RemovedResync
	// RemovedExcluded is the tombstone reason of a row the source's filter
	// now excludes (a mail folder `folders` no longer selects).
	RemovedExcluded = wire.RemovedExcluded
	// ReasonWindowMoved is the checkpoint reason of a stream whose time
	// window (DeltaStream.Window) moved since its deltaLink was issued.
	ReasonWindowMoved = wire.ReasonWindowMoved
	// RemovedOutsideWindow is the tombstone reason of a row that the full
	// round of a moved window did not return (see DeltaStream.Window).
	RemovedOutsideWindow = wire.RemovedOutsideWindow
)
