package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
)

// errUsage marks a command-line mistake (exit code 2).
var errUsage = errors.New("usage")

// newRootCommand assembles the etl command tree.
func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "etl",
		Short:         "Keep a data lake in sync with Microsoft Graph using delta queries",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return withCode(exitConfig, err) })
	root.AddCommand(newRunCommand(), newValidateCommand(), newHistoryCommand(), newVerifyCommand(), newGCCommand(), newDemoCommand(),
		newPluginsCommand(), newPluginCommand(), newVersionCommand(), newSimCommand(), newResetCommand())
	root.AddCommand(newSQLCommand(), newCompactCommand(), newShowCommand())
	root.AddCommand(newRekeyCommand(), newRotateSigningKeyCommand())
	return root
}

// isUsageError recognises cobra's argument and command errors.
func isUsageError(err error) bool {
	msg := err.Error()
	return errors.Is(err, errUsage) || strings.HasPrefix(msg, "unknown command") ||
		strings.Contains(msg, "arg(s)") || strings.HasPrefix(msg, "unknown flag") || strings.HasPrefix(msg, "unknown shorthand flag")
}
