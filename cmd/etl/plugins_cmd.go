package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newPluginsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "plugins",
		Short: "List the built-in plugins and the tables they write",
		Long: `List the built-in plugins and the tables they write. A source block names
one with plugin = "NAME" (default: the block's label), or an external plugin
by its path.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "PLUGIN\tTABLES")
			for _, name := range builtinNames() {
				var tables []string
				for _, t := range builtins()[name]().Tables() {
					tables = append(tables, t.Name)
				}
				fmt.Fprintf(tw, "%s\t%s\n", name, strings.Join(tables, ", "))
			}
			return tw.Flush()
		},
	}
}
