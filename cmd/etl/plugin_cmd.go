package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/wire"
)

func newPluginCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "plugin NAME",
		Short:  "Serve a built-in plugin (the host runs this; not for people)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			newSource, ok := builtins()[args[0]]
			if !ok {
				return withCode(exitConfig, fmt.Errorf("no built-in plugin %q; built-in: %s", args[0], strings.Join(builtinNames(), ", ")))
			}
			if os.Getenv(wire.Handshake().MagicCookieKey) == "" {
				return withCode(exitConfig, fmt.Errorf("`etl plugin %s` is started by etl run, not by hand; try `etl run PIPELINE.hcl`", args[0]))
			}
			sdk.Serve(newSource())
			return nil
		},
	}
}
