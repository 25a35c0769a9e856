// Package launcher starts source plugins as separate processes with
// go-plugin (gRPC only, AutoMTLS, a versioned handshake) and hands the host
// a wire.Source through internal/pluginhost, the host's end of the
// protocol. A built-in plugin is the etl binary itself run as `etl plugin
// NAME`; an external one is any executable built with sdk.Serve. Either
// starts with an allow-listed environment (see allowedEnv), never the
// host's whole one, so the host's secrets stay in the host.
//
// It does not run rounds or interpret events; the runner does.
package launcher
