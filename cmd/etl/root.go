package main

import "github.com/spf13/cobra"

// newRootCommand assembles the etl command tree.
func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "etl",
		Short:         "Keep a data lake in sync with Microsoft Graph using delta queries",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newSimCommand())
	return root
}
