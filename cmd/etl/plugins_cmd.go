package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/sdk"
)

// permissions returns the permission requirements src declares; nil when
// it declares none.
func permissions(src sdk.Source) []sdk.PermissionRequirement {
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
application permissions they need: every line of a plugin's (the later ones
only in the configurations they name), any one of a line's alternatives. A
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
				lines := []string{""}
				for i, r := range permissions(src) {
					if i == 0 {
						lines[0] = r.String()
					} else {
						lines = append(lines, "and "+r.String())
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", name, strings.Join(tables, ", "), lines[0])
				for _, l := range lines[1:] {
					fmt.Fprintf(tw, "\t\t%s\n", l)
				}
			}
			return tw.Flush()
		},
	}
}
