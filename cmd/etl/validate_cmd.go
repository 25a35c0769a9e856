package main

import (
	"context"
	"fmt"
	"io"
	"strings"

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
	declared := map[string][]string{}
	for _, src := range lp.Sources {
		conn, err := connector.Open(ctx, src.Plugin)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plugin cannot start",
				Detail: err.Error(), Subject: src.DeclRange.Ptr()})
			continue
		}
		names, bad, err := describeSource(ctx, conn, src)
		if err != nil {
			conn.Close()
			return withCode(exitFailure, err)
		}
		if bad != nil {
			diags = append(diags, bad)
		}
		declared[src.Name] = names
		found, err := conn.Source().Validate(ctx, src.Config)
		conn.Close()
		if err != nil {
			return withCode(exitFailure, fmt.Errorf("source %q: %w", src.Name, conn.Explain(err)))
		}
		diags = append(diags, pluginDiagnostics(src, found)...)
	}
	if err := runner.CheckOwners(declared); err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Two sources declare one table",
			Detail: strings.TrimPrefix(err.Error(), runner.ErrConfig.Error()+": ")})
	}
	_, err := checkLoaded(stderr, lp.Pipeline, lp.files, diags)
	return err
}

// describeSource asks a source's plugin for its tables and checks them as
// a round would: their names, or a diagnostic at the source block when
// the host refuses them.
func describeSource(ctx context.Context, conn runner.Conn, src config.Source) ([]string, *hcl.Diagnostic, error) {
	list, err := conn.Source().Describe(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("source %q: %w", src.Name, conn.Explain(err))
	}
	tables, err := runner.CheckTables(src.Name, list)
	if err != nil {
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Plugin declares a table the host refuses",
			Detail: strings.TrimPrefix(err.Error(), runner.ErrConfig.Error()+": "), Subject: src.DeclRange.Ptr()}, nil
	}
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	return names, nil, nil
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
