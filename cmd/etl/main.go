// Command etl is graphlake's host: it runs pipelines that keep a data lake
// in sync with Microsoft Graph, and serves the Graph emulator (`etl sim`).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/graphlake/graphlake/internal/profile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args []string) int {
	stopProfile := profile.Start(os.Getenv, profileName(args), func(err error) { fmt.Fprintln(os.Stderr, err) })
	defer stopProfile()
	root := newRootCommand()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return reportError(root.ErrOrStderr(), err)
}

// profileName names a process's profiles: "plugin-users" for a built-in
// plugin, else the command ("run").
func profileName(args []string) string {
	switch {
	case len(args) >= 2 && args[0] == "plugin":
		return "plugin-" + args[1]
	case len(args) >= 1:
		return args[0]
	}
	return "etl"
}
