package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/runner"
)

func newSQLCommand() *cobra.Command {
	var dialect, snapshot, asOf string
	var inProcess bool
	cmd := &cobra.Command{
		Use:   "sql PIPELINE.hcl [PIPELINE.hcl …] --dialect duckdb|athena",
		Short: "Print ready-to-run SQL (views of each table's change log and current state) for DuckDB or Athena",
		Long: `Print SQL that lets DuckDB or Amazon Athena query the pipeline's lake: for
every table its plugin declares, a view of the committed change log
(<table>) and one of the current state (<table>_current: the latest values
of every live row, children of deleted parents left out). Views read only
files that a committed round names, never those of failed rounds.

--dialect duckdb gives views with paths relative to a local lake's folder
(run duckdb there) or s3:// URLs; --dialect athena gives external tables
with partition projection and views, for S3 lakes only.

--snapshot auto starts each current view from the newest snapshot that
the latest round names (etl compact), and reads the change log only after
it; none always folds the whole change log. Either way the result is the
same; run etl sql again after a new snapshot to read less.

--as-of ROUND|TIME pins every view to a past round: a round number, an
RFC 3339 time or a UTC day (the newest round committed at or before it).
The change-log views stop at that round, the current views hold its
state (from the newest snapshot at or before it), the history views end
there, and graphlake_as_of names the round and the SHA-256 of its manifest
entry, which etl verify checks.

Several pipeline files give each lake's views under the prefix
<pipeline>__ (paths of local lakes absolute) and union views under the
plain names, each with _tenant, the pipeline's tenant id (in the views of
a table's rows the value each row stores): one DuckDB or Athena database
answers across tenants. --as-of then takes a time, not a round number.

The lake is read (the manifest, and for DuckDB a listing per table); the
plugins are asked for their tables. Exit codes: 0 ok, 1 failure, 2 bad
configuration or usage (Athena for a local lake among them).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dialect != "duckdb" && dialect != "athena" {
				return withCode(exitConfig, fmt.Errorf("--dialect %q: want duckdb or athena", dialect))
			}
			if snapshot != "auto" && snapshot != "none" {
				return withCode(exitConfig, fmt.Errorf("--snapshot %q: want auto or none", snapshot))
			}
			var pin *current.AsOf
			if asOf != "" {
				a, err := current.ParseAsOf(asOf)
				if err != nil {
					return withCode(exitConfig, err)
				}
				pin = &a
				if pin.Round > 0 && len(args) > 1 {
					return withCode(exitConfig, fmt.Errorf("--as-of %d: a round number names a round of one lake; with several pipelines give a time", pin.Round))
				}
			}
			var conn runner.Connector = processConnector{log: cmd.ErrOrStderr()}
			if inProcess {
				conn = inProcessConnector{}
			}
			opts := lakesql.InspectOptions{Snapshots: snapshot == "auto", AsOf: pin}
			if len(args) > 1 {
				return writeUnionSQL(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, conn, dialect, opts)
			}
			return writeSQL(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], conn, dialect, opts)
		},
	}
	cmd.Flags().StringVar(&dialect, "dialect", "", "duckdb or athena (required)")
	cmd.Flags().StringVar(&snapshot, "snapshot", "auto", "auto: start current views from the newest committed snapshot; none: fold the whole change log")
	cmd.Flags().StringVar(&asOf, "as-of", "", "pin the views to a past `ROUND|TIME`: a round number, an RFC 3339 time or a UTC day")
	cmd.Flags().BoolVar(&inProcess, "in-process", false, "ask built-in plugins for their tables inside the host instead of as processes")
	return cmd
}

// writeSQL asks the pipeline's plugins for their tables, reads the lake's
// manifest and prints the SQL of one dialect.
func writeSQL(ctx context.Context, stdout, stderr io.Writer, path string, conn runner.Connector, dialect string, opts lakesql.InspectOptions) error {
	lp, err := loadPipeline(stderr, path, config.LoadOptions{})
	if err != nil {
		return err
	}
	return pipelineSQL(ctx, stdout, path, lp, conn, dialect, opts)
}

// pipelineSQL prints the SQL of one dialect for a loaded pipeline; path
// names it in errors.
func pipelineSQL(ctx context.Context, stdout io.Writer, path string, lp *loadedPipeline, conn runner.Connector, dialect string, opts lakesql.InspectOptions) error {
	tables, lake, err := inspectPipeline(ctx, path, lp, conn, dialect, opts)
	if err != nil {
		return err
	}
	if dialect == "athena" {
		return lakesql.Athena(stdout, tables, lake)
	}
	return lakesql.DuckDB(stdout, tables, lake)
}

// writeUnionSQL prints the SQL of several pipelines' lakes and the union
// views over them.
func writeUnionSQL(ctx context.Context, stdout, stderr io.Writer, paths []string, conn runner.Connector, dialect string, opts lakesql.InspectOptions) error {
	var parts []lakesql.Part
	for _, path := range paths {
		lp, err := loadPipeline(stderr, path, config.LoadOptions{})
		if err != nil {
			return err
		}
		tables, lake, err := inspectPipeline(ctx, path, lp, conn, dialect, opts)
		if err != nil {
			return err
		}
		if lake.S3 == nil {
			lake.Root = lp.Destination.Path
		}
		parts = append(parts, lakesql.Part{Tables: tables, Lake: lake, Tenant: lp.Graph.TenantID})
	}
	if err := lakesql.Union(stdout, dialect, parts); err != nil {
		return withCode(exitConfig, err)
	}
	return nil
}

// inspectPipeline asks a pipeline's plugins for its tables and reads its
// lake's manifest as the SQL of one dialect needs; path names it in
// errors.
func inspectPipeline(ctx context.Context, path string, lp *loadedPipeline, conn runner.Connector, dialect string, opts lakesql.InspectOptions) ([]lakesql.Table, lakesql.Lake, error) {
	if dialect == "athena" && lp.Destination.S3 == nil {
		return nil, lakesql.Lake{}, withCode(exitConfig, fmt.Errorf("%s: %w", path, lakesql.ErrAthenaNeedsS3))
	}
	schemas, err := describeSources(ctx, lp, conn)
	if err != nil {
		return nil, lakesql.Lake{}, err
	}
	tables, err := lakesql.FromSchemas(schemas)
	if err != nil {
		return nil, lakesql.Lake{}, withCode(exitFailure, err)
	}
	st, err := openStore(ctx, lp.Pipeline, nil)
	if err != nil {
		return nil, lakesql.Lake{}, err
	}
	opts.FindUnwritten = dialect == "duckdb"
	lake, err := lakesql.Inspect(ctx, st, tables, opts)
	if errors.Is(err, lakesql.ErrNoRounds) {
		return nil, lakesql.Lake{}, withCode(exitFailure, fmt.Errorf("%s: %w; run etl run first", path, err))
	}
	if errors.Is(err, current.ErrNothingAsOf) {
		return nil, lakesql.Lake{}, withCode(exitConfig, fmt.Errorf("%s: --as-of: %w", path, err))
	}
	if err != nil {
		return nil, lakesql.Lake{}, err
	}
	lake.Pipeline, lake.Tenant = lp.Name, lp.Graph.TenantID
	if d := lp.Destination.S3; d != nil {
		lake.S3 = &lakesql.S3{Bucket: d.Bucket, Prefix: d.Prefix, Region: d.Region, Endpoint: d.Endpoint, PathStyle: d.PathStyle, Profile: d.Profile}
	}
	return tables, lake, nil
}

// describeSources asks each source's plugin for the schemas of its tables.
func describeSources(ctx context.Context, lp *loadedPipeline, connector runner.Connector) ([]*arrow.Schema, error) {
	var schemas []*arrow.Schema
	declared := map[string][]string{}
	for _, src := range lp.Sources {
		conn, err := connector.Open(ctx, src.Plugin)
		if err != nil {
			return nil, withCode(exitFailure, fmt.Errorf("source %q: %w", src.Name, err))
		}
		tables, err := conn.Source().Describe(ctx)
		if err != nil {
			err = conn.Explain(err)
		}
		conn.Close()
		if err != nil {
			return nil, withCode(exitFailure, fmt.Errorf("source %q: %w", src.Name, err))
		}
		if _, err := runner.CheckTables(src.Name, tables); err != nil {
			return nil, withCode(exitConfig, err)
		}
		for _, t := range tables {
			schemas = append(schemas, t.Schema)
			declared[src.Name] = append(declared[src.Name], t.Name)
		}
	}
	if err := runner.CheckOwners(declared); err != nil {
		return nil, withCode(exitConfig, err)
	}
	return schemas, nil
}
