package sdk

import (
	"os"

	"github.com/hashicorp/go-hclog"

	"github.com/graphlake/graphlake/sdk/wire"
)

// Serve runs src as a plugin process; call it from main. It returns when
// the host ends the process. Run directly from a shell, it says that it is
// a plugin and exits.
func Serve(src Source) {
	logger := hclog.New(&hclog.LoggerOptions{Output: os.Stderr, JSONFormat: true, Level: hclog.Info})
	wire.Serve(InProcess(src), logger)
}
