package main

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/audit"
	"github.com/graphlake/graphlake/internal/store"
)

// exitBroken is verify's exit code for a history that does not hold.
const exitBroken = exitFailure

func newVerifyCommand() *cobra.Command {
	var (
		publicKeys    []string
		requireSigned bool
	)
	cmd := &cobra.Command{
		Use:   "verify PIPELINE.hcl",
		Short: "Check the lake's whole history: the manifest's hash chain and every file it names",
		Long: `Walk the manifest from round 1 to the latest: each entry must chain to the
previous one by SHA-256, and every Parquet file and state checkpoint an entry
names must exist with the recorded size and SHA-256. Reports the first break.

It reads every file of the lake; it needs the destination's read access,
not the state key. The printed chain head is the latest entry's SHA-256:
keep it outside the lake to detect a rewrite of the whole chain later.

Signed entries (audit.signing_key): every signature must hold, and once a
chain is signed every later entry must be signed by the key in force (a
signing-key entry hands over to the next key). With --public-key (the
auditor's copy of the public key; repeat it for each key the chain has
used), every signed entry must be signed by one of those keys: that proves
who wrote them. Without it, the keys recorded in the chain are used, which
proves consistency, not authorship. Entries written before the lake was
signed are reported as an unsigned prefix; --require-signed refuses them.

Exit codes: 0 the whole history is intact, 1 it is broken (or could not
be read), 2 bad configuration or usage.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := audit.Options{RequireSigned: requireSigned}
			for _, path := range publicKeys {
				pub, err := readPublicKeyFile(path)
				if err != nil {
					return err
				}
				opts.PublicKeys = append(opts.PublicKeys, pub)
			}
			st, err := openLake(cmd.Context(), cmd.ErrOrStderr(), args[0])
			if err != nil {
				return err
			}
			return verifyLake(cmd, st, opts)
		},
	}
	cmd.Flags().StringArrayVar(&publicKeys, "public-key", nil, "an Ed25519 public key in PEM (`FILE`) that signed entries must be signed by; repeat it for every key the chain used")
	cmd.Flags().BoolVar(&requireSigned, "require-signed", false, "refuse unsigned entries also before a chain's first signed one")
	return cmd
}

func verifyLake(cmd *cobra.Command, st store.Store, opts audit.Options) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	last := time.Now()
	opts.Progress = func(round int64) {
		if time.Since(last) > 5*time.Second {
			fmt.Fprintf(errOut, "verified through round %d\n", round)
			last = time.Now()
		}
	}
	rep, err := audit.VerifyWith(cmd.Context(), st, opts)
	if err != nil {
		return withCode(exitFailure, fmt.Errorf("verify could not finish: %w", err))
	}
	if rep.Break != nil {
		printVerified(out, rep)
		return withCode(exitBroken, fmt.Errorf("history broken at %w", rep.Break))
	}
	if rep.Rounds == 0 {
		fmt.Fprintf(out, "%s has no committed rounds\n", st.Location(""))
		return nil
	}
	printVerified(out, rep)
	printSignatures(out, rep)
	if len(rep.Heads) > 1 {
		for _, id := range sortedHeads(rep.Heads) {
			fmt.Fprintf(out, "chain %s head %s\n", chainName(id), rep.Heads[id])
		}
		fmt.Fprintf(out, "history intact: %d chains\n", len(rep.Heads))
		return nil
	}
	fmt.Fprintf(out, "history intact; chain head %s\n", rep.Head)
	return nil
}

func printVerified(w io.Writer, rep *audit.Report) {
	fmt.Fprintf(w, "verified %d rounds, %d files, %s\n", rep.Rounds, rep.Files, humanBytes(rep.Bytes))
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func sortedHeads(heads map[string]string) []string {
	ids := make([]string, 0, len(heads))
	for id := range heads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func chainName(id string) string {
	if id == "" {
		return "root"
	}
	return id
}
