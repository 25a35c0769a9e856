// Package wire is the typed Go mirror of the source plugin protocol and the
// plugin process's side of it. The host and the SDK meet here: a [Source]
// is implemented by the SDK inside a plugin process and consumed by the
// host, in-process or across gRPC, and neither sees protobuf.
//
// The package holds what both sides agree on (the types, the stream
// vocabulary in vocab.go, the handshake, message-size limits, Arrow IPC
// framing, sharding, paging prior states with [StateSource] and
// [EachState]) and what a plugin process runs: [Serve], the gRPC service
// and the plugin's end of the host's broker (tokens and prior stream
// states). The host's end (the go-plugin client, the checks on what a
// plugin sends, the broker's token and state servers) is the host's own, in internal/pluginhost, as terraform keeps
// its provider client apart from the SDK providers are built with. The
// generated protobuf code both ends speak is in package sourcev1.
//
// It is not responsible for what a plugin does (see package sdk) nor for
// starting processes (the host's launcher).
package wire
