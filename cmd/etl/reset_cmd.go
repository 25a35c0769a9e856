package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
)

func newResetCommand() *cobra.Command {
	var (
		sources   []string
		shardFlag string
	)
	cmd := &cobra.Command{
		Use:   "reset PIPELINE.hcl",
		Short: "Forget deltaLinks so that the next round reads everything again",
		Long: `Commit a reset round: the streams of every source (or of --source) forget
their deltaLinks. Nothing is deleted now; the next 'etl run' reads those
streams in full and deletes the rows they no longer return (tombstones
with _removed_reason "resync"). Use it when you doubt the lake, after
restoring Graph data, or to pick up data a stored deltaLink will never send.
The reset is a round of the manifest like any other, so the history shows
who reset what, and when.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lp, err := loadPipeline(cmd.ErrOrStderr(), args[0], config.LoadOptions{})
			if err != nil {
				return err
			}
			if err := checkSourceNames(lp.Pipeline, sources); err != nil {
				return err
			}
			chain, err := resolveShard(shardFlag)
			if err != nil {
				return err
			}
			signer, err := pipelineSigner(lp.Pipeline)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), lp.Pipeline, nil)
			if err != nil {
				return err
			}
			entry, err := runner.Reset(cmd.Context(), runner.ResetOptions{Store: st, Pipeline: lp.Pipeline.Name, Sources: sources,
				HostVersion: buildVersion(), Chain: chain, Signer: signer})
			if errors.Is(err, runner.ErrConfig) {
				return withCode(exitConfig, err)
			}
			if errors.Is(err, manifest.ErrRoundTaken) {
				return withCode(exitConflict, fmt.Errorf("%w: a run committed that round first; nothing was reset, run etl reset again", err))
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "round %d: reset %d streams of %s; the next etl run reads them in full and deletes the rows they no longer return\n",
				entry.Round, len(entry.Streams), resetSources(entry))
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&sources, "source", nil, "reset only this source (repeatable); default every source")
	cmd.Flags().StringVar(&shardFlag, "shard", "", "on a sharded lake, the chain to commit the reset in: any `INDEX/COUNT` of the current count (it resets the streams of every shard)")
	return cmd
}

// checkSourceNames refuses a --source the pipeline does not have.
func checkSourceNames(p *config.Pipeline, names []string) error {
	have := map[string]bool{}
	var list []string
	for _, s := range p.Sources {
		have[s.Name] = true
		list = append(list, s.Name)
	}
	for _, n := range names {
		if !have[n] {
			return withCode(exitConfig, fmt.Errorf("pipeline %q has no source %q; its sources: %s", p.Name, n, strings.Join(list, ", ")))
		}
	}
	return nil
}

// resetSources names the sources a reset entry covers.
func resetSources(e *manifest.Entry) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range e.Streams {
		if !seen[s.Source] {
			seen[s.Source] = true
			out = append(out, s.Source)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
