package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/runner"
)

// defaultOldKeyEnv is where etl rekey reads the old state key.
const defaultOldKeyEnv = "GRAPHLAKE_STATE_KEY_OLD"

func newRekeyCommand() *cobra.Command {
	var oldKeyEnv string
	cmd := &cobra.Command{
		Use:   "rekey PIPELINE.hcl",
		Short: "Re-seal every stream's deltaLink under the pipeline's new state.key",
		Long: `Retire a state key without a full resync: every stream's deltaLink is opened
with the old key (from the environment variable --old-key-env, default
GRAPHLAKE_STATE_KEY_OLD) and sealed again with the pipeline's state.key, in
a state checkpoint committed as a round of its own (kind rekey). The next
etl run continues every stream incrementally under the new key; the old key
no longer opens the state it starts from.

Put the new key in state.key (e.g. in GRAPHLAKE_STATE_KEY), the old one in
GRAPHLAKE_STATE_KEY_OLD, run this, then forget the old key. Entries and
checkpoints committed earlier are never rewritten: they keep the deltaLinks
of their time sealed with the old key, until Graph lets those links expire.
Unsharded lakes only, for now.

Exit codes: 0 committed (or already sealed with the new key), 1 failure
(nothing committed), 2 bad configuration or usage, 4 a run committed that
round first (run it again).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, ok := os.LookupEnv(oldKeyEnv)
			if !ok || text == "" {
				return withCode(exitConfig, fmt.Errorf("$%s is not set: put the old state key there (and the new one in the pipeline's state.key)", oldKeyEnv))
			}
			oldKey, err := config.ParseStateKey(text)
			if err != nil {
				return withCode(exitConfig, fmt.Errorf("$%s: %w", oldKeyEnv, err))
			}
			lp, err := loadPipeline(cmd.ErrOrStderr(), args[0], config.LoadOptions{RequireSecrets: true})
			if err != nil {
				return err
			}
			if bytes.Equal(oldKey, lp.Pipeline.State.Key) {
				return withCode(exitConfig, fmt.Errorf("$%s is the pipeline's state.key: put the new key in state.key first", oldKeyEnv))
			}
			signer, err := pipelineSigner(lp.Pipeline)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), lp.Pipeline, nil)
			if err != nil {
				return err
			}
			if err := checkCommitGuard(cmd.Context(), st, lp.Pipeline, probeID()); err != nil {
				return err
			}
			res, err := runner.Rekey(cmd.Context(), runner.RekeyOptions{Store: st, Pipeline: lp.Name, OldKey: oldKey, NewKey: lp.Pipeline.State.Key,
				Signer: signer, HostVersion: buildVersion()})
			switch {
			case errors.Is(err, runner.ErrAlreadyRekeyed):
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "nothing to do: %v\n", err)
				return err
			case errors.Is(err, runner.ErrConfig):
				return withCode(exitConfig, err)
			case errors.Is(err, manifest.ErrRoundTaken):
				return withCode(exitConflict, fmt.Errorf("%w: a run committed that round first; nothing changed, run etl rekey again", err))
			case err != nil:
				return withCode(exitFailure, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "round %d: re-sealed %d deltaLinks of %d streams under the new state key (%s); the old key no longer opens the lake's state\n",
				res.Entry.Round, res.Links, res.Streams, res.Entry.State.Path)
			return nil
		},
	}
	cmd.Flags().StringVar(&oldKeyEnv, "old-key-env", defaultOldKeyEnv, "the environment variable (`NAME`) holding the old state key")
	return cmd
}
