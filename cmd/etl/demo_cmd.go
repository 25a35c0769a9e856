package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/pipelines"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// demoStateKey is the demo pipeline's state key. It protects nothing: the
// demo's deltaLinks point at an emulator that lives as long as the command.
var demoStateKey = base64.StdEncoding.EncodeToString([]byte("graphlake-demo-key-not-a-secret!"))

func newDemoCommand() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Sync an emulated tenant into a local lake, change it, sync again",
		Long: `Start the Microsoft Graph emulator in-process, run the embedded demo
pipeline (pipelines/demo.hcl) into a local lake, apply changes to the
tenant (new, changed and deleted users), run a second round, and print what
changed and a DuckDB query to try. No credentials or network needed.

A lake left by an earlier demo in --dir is replaced; any other non-empty
folder is refused.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), dir)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "./lake", "folder of the demo lake")
	return cmd
}

func runDemo(ctx context.Context, stdout, stderr io.Writer, dir string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := clearDemoLake(ctx, stdout, dir); err != nil {
		return err
	}
	srv, err := graphtest.NewServer(graphtest.DefaultOptions())
	if err != nil {
		return fmt.Errorf("start the emulator: %w", err)
	}
	defer srv.Close()
	env, cleanup, err := demoEnv(srv, dir)
	if err != nil {
		return err
	}
	defer cleanup()
	p, files, diags := config.LoadSource("pipelines/demo.hcl", pipelines.Demo(), config.LoadOptions{LookupEnv: env, RequireSecrets: true})
	lp, err := checkLoaded(stderr, p, files, diags)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "emulator serving %s; lake at %s\n\nround 1: the whole tenant\n", srv.GraphURL(), dir)
	if _, err := runRound(ctx, stdout, stderr, lp, runFlags{}); err != nil {
		return err
	}
	churn, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Creates: 5, Updates: 10, Deletes: 3, Seed: 7})
	if err != nil {
		return fmt.Errorf("change the tenant: %w", err)
	}
	fmt.Fprintf(stdout, "\nchanged the tenant: %d users created, %d updated, %d deleted\nround 2: only the changes\n",
		len(churn.Created), len(churn.Updated), len(churn.Deleted))
	if _, err := runRound(ctx, stdout, stderr, lp, runFlags{}); err != nil {
		return err
	}
	if err := printDemoChanges(ctx, stdout, dir); err != nil {
		return err
	}
	return writeDemoSQL(ctx, stdout, dir, lp)
}

// writeDemoSQL writes the lake's DuckDB views to DIR/lake.sql and shows a
// query over them.
func writeDemoSQL(ctx context.Context, stdout io.Writer, dir string, lp *loadedPipeline) error {
	var sql bytes.Buffer
	if err := pipelineSQL(ctx, &sql, "pipelines/demo.hcl", lp, inProcessConnector{}, "duckdb", lakesql.InspectOptions{Snapshots: true}); err != nil {
		return fmt.Errorf("write the demo's SQL: %w", err)
	}
	path := filepath.Join(dir, "lake.sql")
	if err := os.WriteFile(path, sql.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the demo's SQL: %w", err)
	}
	fmt.Fprintf(stdout, `
the lake's history: etl history, or the JSON entries in %s
its views for DuckDB (https://duckdb.org) are in %s (etl sql writes them for any pipeline);
the users now, from the folder of the lake:

  cd %s && duckdb -init lake.sql -c "SELECT id, displayName, mail FROM users_current ORDER BY displayName LIMIT 10"
`, filepath.Join(dir, "_manifest"), path, dir)
	return nil
}

// demoEnv is the environment the demo pipeline reads, pointing at srv.
func demoEnv(srv *graphtest.Server, dir string) (func(string) (string, bool), func(), error) {
	tmp, err := os.MkdirTemp("", "graphlake-demo-")
	if err != nil {
		return nil, nil, err
	}
	caFile := filepath.Join(tmp, "sim-ca.pem")
	if err := os.WriteFile(caFile, srv.CACertPEM(), 0o600); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, nil, err
	}
	vars := map[string]string{
		"GRAPHLAKE_ENDPOINT": srv.GraphURL(), "GRAPHLAKE_AUTHORITY": srv.AuthorityURL(),
		"GRAPHLAKE_TENANT": srv.TenantID(), "GRAPHLAKE_CLIENT_ID": srv.ClientID(),
		"GRAPH_CLIENT_SECRET": srv.ClientSecret(), "GRAPHLAKE_CA_FILE": caFile,
		"GRAPHLAKE_STATE_KEY": demoStateKey, "GRAPHLAKE_LAKE": dir,
	}
	lookup := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	return lookup, func() { _ = os.RemoveAll(tmp) }, nil
}

// clearDemoLake removes a lake an earlier demo left and refuses to touch
// anything else.
func clearDemoLake(ctx context.Context, stdout io.Writer, dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	st, err := store.NewLocal(dir)
	if err != nil {
		return err
	}
	latest, err := manifest.Latest(ctx, st)
	if err != nil || latest == nil || latest.Pipeline != "demo" {
		return withCode(exitConfig, fmt.Errorf("%s is not empty and holds no demo lake; choose another folder with --dir", dir))
	}
	fmt.Fprintf(stdout, "replacing the demo lake left in %s\n", dir)
	return os.RemoveAll(dir)
}
