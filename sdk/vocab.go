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
