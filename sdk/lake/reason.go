package lake

import (
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Reasons of the tombstones a sweep writes (_removed_reason).
const (
	// ReasonResync: the stream read everything again and the row did not
	// come back.
	ReasonResync = table.RemovedResync
	// ReasonEnded: the stream ended (no longer configured, or its mail
	// folder is gone) and no other stream returned the row.
	ReasonEnded = table.RemovedEnded
	// ReasonOutsideWindow: the stream's time window moved and the row
	// lies outside the new one (it was not deleted in Graph).
	ReasonOutsideWindow = wire.RemovedOutsideWindow
)

// ReasonFor says whether a stream's round calls for a sweep, and the
// reason its tombstones carry: a stream the lake already holds (known)
// that completed a round reading everything again (ReasonResync, or
// ReasonOutsideWindow when it did so because its time window moved: the
// checkpoint's reason is wire.ReasonWindowMoved), or that ended
// (ReasonEnded). A stream the lake never held has nothing to sweep.
func ReasonFor(known bool, cp wire.Checkpoint) (reason string, sweep bool) {
	switch status, mode := cp.Status, cp.Mode; {
	case !known:
		return "", false
	case status == wire.StatusOK && mode != wire.ModeIncremental && cp.Reason == wire.ReasonWindowMoved:
		return ReasonOutsideWindow, true
	case status == wire.StatusOK && mode != wire.ModeIncremental:
		return ReasonResync, true
	case status == wire.StatusEnded:
		return ReasonEnded, true
	}
	return "", false
}
