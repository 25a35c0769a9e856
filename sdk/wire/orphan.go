package wire

import (
	"fmt"
	"os"
	"time"
)

// orphanCheck is how often a plugin looks for its host.
const orphanCheck = 500 * time.Millisecond

// exitWithHost ends the plugin process once its host is gone. go-plugin
// stops a plugin when the host closes it, but a host that is killed
// (SIGKILL, the OOM killer) closes nothing: the plugin would be adopted by
// init and live on, idle, for ever. Its parent changing is the sign.
func exitWithHost() {
	host := os.Getppid()
	if host <= 1 {
		return // already adopted, or started by init: nothing to watch
	}
	go func() {
		for range time.Tick(orphanCheck) {
			if os.Getppid() != host {
				fmt.Fprintf(os.Stderr, "plugin: the host process (pid %d) is gone; exiting\n", host)
				os.Exit(1)
			}
		}
	}()
}
