package wire

import (
	"github.com/hashicorp/go-plugin"
)

// ProtocolVersion is the version of the source protocol this build speaks.
const ProtocolVersion = 1

// PluginName is the name under which a source is dispensed.
const PluginName = "source"

// MaxMessageBytes is the gRPC message limit both sides set explicitly,
// but for the host's SyncRequest (MaxSyncRequestBytes).
const MaxMessageBytes = 64 << 20

// MaxSyncRequestBytes caps the host's SyncRequest, which carries every
// stream's state: a mail stream's (its id, deltaLink and fingerprint)
// takes about 750 bytes, so MaxMessageBytes held about 85,000 streams
// and this holds about 1.4 million. A plugin built before it refuses a
// request over MaxMessageBytes.
const MaxSyncRequestBytes = 1 << 30

// MaxRowBytes caps one row (an item's JSON) that a plugin sends: a row
// over a batch's cap travels alone, up to this size, which leaves room in
// a message for the batch's schema and framing.
const MaxRowBytes = MaxMessageBytes - 4<<20

// maxSingleRowMessage caps a single-row batch's IPC bytes, below
// MaxMessageBytes by the room the protobuf envelope takes.
const maxSingleRowMessage = MaxMessageBytes - 64<<10

// DefaultMaxBatchBytes caps a record batch well below MaxMessageBytes.
const DefaultMaxBatchBytes = 8 << 20

// BatchLimit is the batch cap both sides apply for a requested one:
// DefaultMaxBatchBytes when unset or over half of MaxMessageBytes.
func BatchLimit(requested int64) int64 {
	if requested <= 0 || requested > MaxMessageBytes/2 {
		return DefaultMaxBatchBytes
	}
	return requested
}

// Handshake makes sure a plugin binary was started by graphlake and speaks
// a protocol the host knows. It is not a security measure.
func Handshake() plugin.HandshakeConfig {
	return plugin.HandshakeConfig{
		ProtocolVersion:  ProtocolVersion,
		MagicCookieKey:   "GRAPHLAKE_PLUGIN_MAGIC_COOKIE",
		MagicCookieValue: "4f1c2a3e-graphlake-source",
	}
}

// pluginSets maps the protocol version to the source a plugin process
// serves.
func pluginSets(impl Source) map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		ProtocolVersion: {PluginName: &GRPCPlugin{Impl: impl}},
	}
}
