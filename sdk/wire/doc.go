// Package wire is the typed Go mirror of the source plugin protocol and its
// go-plugin glue. The host and the SDK meet here: a [Source] is implemented
// by the SDK inside a plugin process and consumed by the host, in-process or
// across gRPC, and neither side sees protobuf.
//
// The package is responsible for the handshake, message-size limits, Arrow
// IPC framing and the token broker. It is not responsible for what a plugin
// does (see package sdk) nor for starting processes (the host's launcher).
package wire
