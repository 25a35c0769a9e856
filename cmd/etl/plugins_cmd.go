package main

import (
	"bytes"
	"fmt"
	"io"
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
			var buf bytes.Buffer
			tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "PLUGIN\tTABLES\tPERMISSIONS")
			for _, name := range builtinNames() {
				src := builtins()[name]()
				var tables []string
				for _, t := range src.Tables() {
					tables = append(tables, t.Name)
				}
				printColumns(tw, name, wrapList(tables, 40), permissionLines(permissions(src)))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			for l := range strings.Lines(buf.String()) {
				if _, err := io.WriteString(cmd.OutOrStdout(), strings.TrimRight(l, " \n")+"\n"); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// printColumns writes one plugin's row of `etl plugins`: its name, then
// its table and permission lines side by side.
func printColumns(w io.Writer, name string, tables, perms []string) {
	for i := 0; i < max(len(tables), len(perms)); i++ {
		at := func(l []string) string {
			if i < len(l) {
				return l[i]
			}
			return ""
		}
		if i > 0 {
			name = ""
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", name, at(tables), at(perms))
	}
}

// wrapList joins items with ", " in lines of at most width characters
// (an item longer than width has a line of its own).
func wrapList(items []string, width int) []string {
	var lines []string
	line := ""
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		switch {
		case line == "":
			line = it
		case len(line)+1+len(it) <= width:
			line += " " + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	return append(lines, line)
}

// permissionLines writes a source's requirements one alternative a line:
// "or" before each further alternative, "and" before each further
// requirement, what it is for and when after its last alternative.
func permissionLines(reqs []sdk.PermissionRequirement) []string {
	var lines []string
	for i, r := range reqs {
		for j, p := range r.AnyOf {
			l := sdk.FormatPermissions([]sdk.Permission{p})
			switch {
			case j > 0:
				l = "or " + l
			case i > 0:
				l = "and " + l
			}
			lines = append(lines, l)
		}
		last := len(lines) - 1
		if r.For != "" {
			lines[last] += " " + r.For
		}
		if r.Only != "" {
			lines[last] += " (" + r.Only + ")"
		}
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}
