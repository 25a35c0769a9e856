package wire

import (
	"context"
	"fmt"
	"os"
	"time"
)

// orphanPoll is how often a plugin checks that its host is alive.
const orphanPoll = 500 * time.Millisecond

// exitWhenOrphaned ends the plugin process once its parent (the host) is
// gone: a host killed with SIGKILL cannot stop its plugins, which would
// otherwise go on reading Graph for nobody. The parent is gone when the
// process is re-parented (to init or a subreaper).
func exitWhenOrphaned(ctx context.Context, parent int, exit func(code int)) {
	if parent <= 1 {
		return // started by init itself: there is no host to watch
	}
	t := time.NewTicker(orphanPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != parent {
				fmt.Fprintf(os.Stderr, "graphlake plugin: the host (pid %d) is gone; stopping\n", parent)
				exit(2)
				return
			}
		}
	}
}
