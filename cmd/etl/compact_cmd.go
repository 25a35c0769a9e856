package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/manifest"
)

func newCompactCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "compact PIPELINE.hcl",
		Short: "Write a current-state snapshot now, committed as a round of its own",
		Long: `Write every table's current state (its live rows, one per key) as a
snapshot under current/, and commit it as the next round: an entry of kind
compact that names the snapshot and holds no streams and no change-log
files, chained to the previous entry like every other. Rounds also write a
snapshot on their own every lake.compact_every rounds; run this after a
large backfill, or on a schedule of its own with compact_every = 0. A
sharded lake's snapshot is committed in the chain of shard 0, and records
the round of every shard's chain it holds.

It needs write access to the destination, not the state key or Graph. It
competes with etl run for the next round number: run it from the scheduler
that runs the pipeline.

Exit codes: 0 committed (or nothing to compact), 1 failure (nothing
committed), 2 bad configuration or usage, 4 another run committed the round
first (this run removed its own files and changed nothing).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, out := cmd.Context(), cmd.OutOrStdout()
			lp, err := loadPipeline(cmd.ErrOrStderr(), args[0], config.LoadOptions{})
			if err != nil {
				return err
			}
			signer, err := pipelineSigner(lp.Pipeline)
			if err != nil {
				return err
			}
			st, err := openStore(ctx, lp.Pipeline, nil)
			if err != nil {
				return err
			}
			if err := checkCommitGuard(ctx, st, lp.Pipeline, probeID()); err != nil {
				return err
			}
			warn := func(msg string, args ...any) {
				fmt.Fprintln(cmd.ErrOrStderr(), append([]any{"etl: warning:", msg}, args...)...)
			}
			c, err := current.CommitCompaction(ctx, st, current.CommitOptions{Pipeline: lp.Name, RunID: probeID()[:8],
				HostVersion: buildVersion(), Warn: warn, Signer: signer})
			switch {
			case errors.Is(err, manifest.ErrSigningKey):
				return withCode(exitConfig, err)
			case errors.Is(err, current.ErrNoRounds), errors.Is(err, current.ErrUpToDate):
				_, err = fmt.Fprintf(out, "nothing to compact: %v\n", err)
				return err
			case errors.Is(err, manifest.ErrRoundTaken):
				return withCode(exitConflict, fmt.Errorf("%w. Another run of this pipeline committed the round first; this run removed its own files and changed nothing", err))
			case err != nil:
				return withCode(exitFailure, err)
			}
			printCompacted(out, c)
			return nil
		},
	}
}

// printCompacted prints the committed snapshot, a line per table.
func printCompacted(w io.Writer, c *manifest.Committed) {
	var rows, bytes int64
	for _, f := range c.Current.Files() {
		rows, bytes = rows+f.Rows, bytes+f.Bytes
	}
	fmt.Fprintf(w, "round %d committed: current-state snapshot of %d tables, %d rows, %s, %s\n", c.Round, len(c.Current.Tables),
		rows, humanBytes(bytes), c.CommittedAt.Sub(c.StartedAt).Round(time.Millisecond))
	for _, t := range c.Current.Tables {
		fmt.Fprintf(w, "  %s: %d rows in %s\n", t.Table, t.Rows, t.Path)
	}
}
