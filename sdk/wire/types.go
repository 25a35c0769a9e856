package wire

import (
	"context"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Source is one source plugin as the host sees it.
type Source interface {
	// Describe lists the tables the source writes.
	Describe(ctx context.Context) ([]Table, error)
	// Validate checks a source block's configuration (a JSON object).
	Validate(ctx context.Context, config []byte) ([]Diagnostic, error)
	// Sync runs one round, handing every event to send in order. A returned
	// error means the round failed as a whole.
	Sync(ctx context.Context, req SyncRequest, send func(Event) error) error
}

// TokenSource supplies Graph access tokens; the host's credential sits
// behind it.
type TokenSource interface {
	Token(ctx context.Context) (token string, expiresOn time.Time, err error)
}

// Table is one table a source writes.
type Table struct {
	Name, Doc string
	// Key names the columns that identify a row.
	Key []string
	// Schema is the Arrow schema of every batch of the table.
	Schema *arrow.Schema
}

// GraphSettings is what a plugin needs to reach Graph; it holds no secret.
type GraphSettings struct {
	// Endpoint is Graph's base URL, e.g. https://graph.microsoft.com/v1.0.
	Endpoint string
	// CAPEM holds extra certificates to trust, PEM encoded.
	CAPEM []byte
	// UserAgent identifies the host in requests.
	UserAgent string
	// MaxRetryWait caps the time one round of a stream spends waiting to
	// retry before the stream fails, keeping its deltaLink (0: default).
	MaxRetryWait time.Duration
	// MaxPages caps the pages one round of a stream reads (0: default).
	MaxPages int64
}

// StreamState is the last committed state of one stream.
type StreamState struct {
	Stream, DeltaLink, Fingerprint string
}

// StateSource hands out a round's prior stream states a page at a time, in
// one fixed order, so that no message (and neither process, at once) holds
// the states of 100,000 streams twice.
type StateSource interface {
	// Page returns at most limit states from offset on (fewer at the
	// end, or when they are long) and how many states there are in all.
	Page(ctx context.Context, offset, limit int) (states []StreamState, total int, err error)
}

// SyncRequest asks for one round.
type SyncRequest struct {
	// Round is the number of the round being written.
	Round int64
	// StartedAt is when the round began; rows carry it in _synced_at.
	StartedAt time.Time
	// Config is the source block's attributes as one JSON object.
	Config []byte
	// Graph says where Graph is.
	Graph GraphSettings
	// Streams holds the last committed state of each stream of the source,
	// when the host sent them in the request. A host that pages them
	// leaves Streams empty and sets States; read both with EachState.
	Streams []StreamState
	// States, when set, hands out the prior states a page at a time (see
	// StateSource): from the host's side, the states it serves; in the
	// plugin, the host's StateBroker.
	States StateSource
	// StatesInOrder says that States serves the states in stream id
	// order, each id after the one before it (bytewise, as Go compares
	// strings), so that the plugin may answer from those read so far
	// what they settle, before the last page: a mailbox's states, say,
	// once an id after its own came. The SDK refuses a page out of that
	// order.
	StatesInOrder bool
	// Tokens supplies access tokens.
	Tokens TokenSource
	// MaxBatchBytes caps one record batch's Arrow IPC size.
	MaxBatchBytes int64
	// Shard is the part of the pipeline this round runs (zero: all of
	// it). A sharded source syncs only the streams the shard owns, and
	// Streams holds only those.
	Shard Shard
	// GraphStats asks the plugin for a *GraphStats event, its Graph
	// client's counts, as the Sync's last event (also when it fails).
	GraphStats bool
	// SendCopiesBatches says that the send function of Sync encodes
	// every *Batch and releases its record before it returns, keeping
	// nothing of the record's memory (the gRPC server's does), so that
	// later batches may be built in the released batches' buffers. An
	// in-process host, which reads the records themselves, leaves it
	// false.
	SendCopiesBatches bool
}
