package sdk

import (
	"context"
	"time"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Source is a plugin: the tables it writes and one round of syncing.
type Source interface {
	// Tables lists the tables the source writes; their schemas are fixed
	// whatever the configuration, so the lake's files stay compatible.
	Tables() []table.Table
	// Sync runs one round. Stream-level failures belong in checkpoints (see
	// RunDelta); a returned error fails the whole round.
	Sync(ctx context.Context, req *SyncRequest, emit *Emitter) error
}

// ConfigValidator is an optional ability: checking a source block before a
// round runs, for `etl validate` and clear start-up errors.
type ConfigValidator interface {
	ValidateConfig(ctx context.Context, config []byte) []Diagnostic
}

// Diagnostic is a message for the user about a source's configuration or
// a stream; Attribute names the offending attribute.
type Diagnostic = wire.Diagnostic

// StreamState is a stream's last committed state.
type StreamState = wire.StreamState

// SyncRequest is one round's input.
type SyncRequest struct {
	// Round is the number of the round being written.
	Round int64
	// Started is when the host began the round (rows carry it in
	// _synced_at); a source that reads a window relative to the round
	// places it from here.
	Started time.Time
	// Config is the source block's attributes as a JSON object; decode it
	// with DecodeConfig.
	Config []byte
	// Endpoint is Graph's base URL without a trailing slash, e.g.
	// https://graph.microsoft.com/v1.0.
	Endpoint string
	// Graph is a delta client authenticated through the host.
	Graph *graph.Client
	// Streams holds each known stream's last committed state by stream id.
	// In a sharded run it holds only the streams the shard owns, so a
	// stream missing from this round's configuration is one of the
	// shard's own that truly disappeared. The SDK reads it from the host
	// (a page of states at a time over the host's broker) while Sync
	// begins, and its methods wait until every state is read: what
	// needs no prior state (listing mailboxes, say) starts meanwhile. It
	// is the round's one copy of the prior states, kept compactly and
	// wiped when Sync returns (see StreamStates).
	Streams StreamStates
	// Shard is the part of the pipeline this round runs. A source whose
	// tables declare a ShardKey syncs only what Shard.Owns (a mailbox,
	// say); other sources run whole, in one shard only.
	Shard wire.Shard
}
