package wire

import "runtime/debug"

// A plugin's heap is small and short-lived: two pages of JSON, the Arrow
// builders of one batch and its IPC buffer, a few MB live at any time,
// allocated over and over. At Go's default GOGC of 100 the collector
// therefore ran every few MB of allocation, and the scavenger returned the
// freed batch buffers to the OS only for the next batch to fault them in
// again: in a users round's profile, GC, the scavenger and the zeroing of
// fresh memory took 15% of the plugin's CPU. The plugin lets its heap grow
// to pluginGCPercent over the live heap instead, and caps the whole at
// pluginMemoryLimit, under the 256 MB a plugin may use, so a larger live
// heap makes the collector run sooner rather than the process grow.
const (
	pluginGCPercent   = 400
	pluginMemoryLimit = 192 << 20
)

// gcSettings are the collector's settings of a plugin process: its
// GOGC percentage and memory limit, each -1 where the environment sets
// its own (GOGC, GOMEMLIMIT), which then stands.
func gcSettings(getenv func(string) string) (percent int, limit int64) {
	percent, limit = pluginGCPercent, pluginMemoryLimit
	if getenv("GOGC") != "" {
		percent = -1
	}
	if getenv("GOMEMLIMIT") != "" {
		limit = -1
	}
	return percent, limit
}

// tuneGC applies gcSettings to the process.
func tuneGC(getenv func(string) string) {
	percent, limit := gcSettings(getenv)
	if percent >= 0 {
		debug.SetGCPercent(percent)
	}
	if limit >= 0 {
		debug.SetMemoryLimit(limit)
	}
}
