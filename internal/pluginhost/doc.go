// Package pluginhost is the host's side of the source plugin protocol: it
// dispenses a plugin process's source over go-plugin as a wire.Source,
// serves the plugin the host's access tokens through go-plugin's broker,
// and checks every batch a plugin sends before the host uses it (see
// ProtocolError).
//
// Package wire (under sdk/) holds what both sides agree on and the plugin
// process's side; this package is the rest, which no plugin needs. It does
// not start processes (see internal/launcher) nor run rounds (see
// internal/runner).
package pluginhost
