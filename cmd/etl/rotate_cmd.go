package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
)

func newRotateSigningKeyCommand() *cobra.Command {
	var oldKey, shardFlag string
	cmd := &cobra.Command{
		Use:   "rotate-signing-key PIPELINE.hcl --old-key OLD.key",
		Short: "Hand the audit trail over to the pipeline's new audit.signing_key",
		Long: `Commit an entry of kind signing-key: signed by the key in force (--old-key),
it names the pipeline's audit.signing_key as the key of every later entry.
Put the new key in the pipeline first, run this once (on a sharded lake once
per shard of the current count, with --shard), then retire the old key.
etl verify follows the hand-over; an auditor passes --public-key for the
old and the new key.

Exit codes: 0 committed (or the chain already uses the new key), 1 failure,
2 bad configuration or usage, 4 a run committed that round first (run it
again).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if oldKey == "" {
				return withCode(exitConfig, errors.New("--old-key is required: the private key that signs the lake's entries now"))
			}
			old, err := readSigningKeyFile("--old-key", oldKey)
			if err != nil {
				return err
			}
			lp, err := loadPipeline(cmd.ErrOrStderr(), args[0], config.LoadOptions{})
			if err != nil {
				return err
			}
			next, err := pipelineSigner(lp.Pipeline)
			if err != nil {
				return err
			}
			if next == nil {
				return withCode(exitConfig, errors.New("the pipeline names no audit.signing_key: add audit { signing_key = file(\"NEW.key\") } with the new key"))
			}
			if next.ID() == old.ID() {
				return withCode(exitConfig, errors.New("--old-key is the pipeline's audit.signing_key: put the new key in the pipeline first"))
			}
			chain, err := resolveShard(shardFlag)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), lp.Pipeline, nil)
			if err != nil {
				return err
			}
			entry, err := runner.RotateSigningKey(cmd.Context(), runner.RotateOptions{Store: st, Pipeline: lp.Name, Old: old, New: next,
				HostVersion: buildVersion(), Chain: chain})
			switch {
			case errors.Is(err, runner.ErrAlreadyRotated):
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "nothing to do: %v\n", err)
				return err
			case errors.Is(err, runner.ErrConfig):
				return withCode(exitConfig, err)
			case errors.Is(err, manifest.ErrRoundTaken):
				return withCode(exitConflict, fmt.Errorf("%w: a run committed that round first; nothing changed, run etl rotate-signing-key again", err))
			case err != nil:
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "round %d: %s handed over from signing key %s to %s; entries after it are signed with the new key\n",
				entry.Round, entry.Chain, manifest.ShortKeyID(old.ID()), manifest.ShortKeyID(next.ID()))
			return nil
		},
	}
	cmd.Flags().StringVar(&oldKey, "old-key", "", "the Ed25519 private key in PEM (`FILE`) that signs the chain now")
	cmd.Flags().StringVar(&shardFlag, "shard", "", "on a sharded lake, the chain to hand over (`INDEX/COUNT`)")
	return cmd
}
