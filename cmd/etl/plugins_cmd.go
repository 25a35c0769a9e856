package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/sdk"
)

// permissions returns the permissions src declares; nil when it declares
// none.
func permissions(src sdk.Source) []sdk.Permission {
	if d, ok := src.(sdk.PermissionDeclarer); ok {
		return d.RequiredPermissions()
	}
	return nil
}

func newPluginsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "plugins",
		Short: "List the built-in plugins, the tables they write and the permissions they need",
		Long: `List the built-in plugins, the tables they write and the Microsoft Graph
application permissions they need (any one of those listed is enough). A
source block names one with plugin = "NAME" (default: the block's label), or
an external plugin by its path.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "PLUGIN\tTABLES\tPERMISSIONS")
			for _, name := range builtinNames() {
				src := builtins()[name]()
				var tables []string
				for _, t := range src.Tables() {
					tables = append(tables, t.Name)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", name, strings.Join(tables, ", "), sdk.FormatPermissions(permissions(src)))
			}
			return tw.Flush()
		},
	}
}
