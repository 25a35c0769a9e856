package main

import (
	"context"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/runner"
	"github.com/graphlake/graphlake/sdk/wire"
)

func newValidateCommand() *cobra.Command {
	var inProcess bool
	cmd := &cobra.Command{
		Use:   "validate PIPELINE.hcl",
		Short: "Check a pipeline file and each source's settings without contacting Graph",
		Long: `Check a pipeline file: its syntax, every attribute, and each source's
settings as its plugin sees them. Nothing contacts Graph or the destination.
Environment variables the file reads with env() must be set.

Exit codes: 0 valid, 2 invalid.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lp, err := loadPipeline(cmd.ErrOrStderr(), args[0], config.LoadOptions{RequireSecrets: true})
			if err != nil {
				return err
			}
			var conn runner.Connector = processConnector{log: cmd.ErrOrStderr()}
			if inProcess {
				conn = inProcessConnector{}
			}
			if err := validateSources(cmd.Context(), cmd.ErrOrStderr(), lp, conn); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: pipeline %q is valid (%d sources)\n", args[0], lp.Name, len(lp.Sources))
			return err
		},
	}
	cmd.Flags().BoolVar(&inProcess, "in-process", false, "check built-in plugins inside the host instead of as processes")
	return cmd
}

// validateSources asks each source's plugin about its block and prints its
// diagnostics against the block's lines.
func validateSources(ctx context.Context, stderr io.Writer, lp *loadedPipeline, connector runner.Connector) error {
	var diags hcl.Diagnostics
	for _, src := range lp.Sources {
		conn, err := connector.Open(ctx, src.Plugin)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plugin cannot start",
				Detail: err.Error(), Subject: src.DeclRange.Ptr()})
			continue
		}
		found, err := conn.Source().Validate(ctx, src.Config)
		conn.Close()
		if err != nil {
			return withCode(exitFailure, fmt.Errorf("source %q: %w", src.Name, err))
		}
		diags = append(diags, pluginDiagnostics(src, found)...)
	}
	_, err := checkLoaded(stderr, lp.Pipeline, lp.files, diags)
	return err
}

// pluginDiagnostics points a plugin's diagnostics at the attribute they
// name, or at the source block.
func pluginDiagnostics(src config.Source, found []wire.Diagnostic) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, d := range found {
		subject := src.DeclRange
		if r, ok := src.AttrRanges[d.Attribute]; ok {
			subject = r
		}
		sev := hcl.DiagError
		if d.Severity == wire.SeverityWarning {
			sev = hcl.DiagWarning
		}
		diags = append(diags, &hcl.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Subject: subject.Ptr()})
	}
	return diags
}
