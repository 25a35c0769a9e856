package sdk

import (
	"crypto/x509"
	"os"

	"github.com/hashicorp/go-hclog"

	"github.com/graphlake/graphlake/sdk/wire"
)

// Serve runs src as a plugin process; call it from main. It returns when
// the host ends the process. Run directly from a shell, it says that it is
// a plugin and exits.
func Serve(src Source) {
	logger := hclog.New(&hclog.LoggerOptions{Output: os.Stderr, JSONFormat: true, Level: hclog.Info})
	go loadSystemRoots()
	wire.Serve(InProcess(src), logger)
}

// loadSystemRoots reads the system's trusted roots once, while the plugin
// waits for its round: the Graph client trusts them (with the pipeline's
// ca_file, or alone when the first request's handshake needs them), and
// reading and parsing them took 30 ms of CPU, on the path to the round's
// first request. The process keeps them once read.
func loadSystemRoots() { _, _ = x509.SystemCertPool() }
