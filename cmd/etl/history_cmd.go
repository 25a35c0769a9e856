package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/manifest"
)

func newHistoryCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history PIPELINE.hcl",
		Short: "List a pipeline's committed rounds, newest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openLake(cmd.Context(), cmd.ErrOrStderr(), args[0])
			if err != nil {
				return err
			}
			entries, err := manifest.History(cmd.Context(), st)
			if err != nil {
				return err
			}
			if asJSON {
				return writeHistoryJSON(cmd.OutOrStdout(), entries)
			}
			return writeHistory(cmd.OutOrStdout(), entries)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per round: the manifest entry, its sha256, sources, rows, deletes, resyncs, failures and snapshot_round")
	return cmd
}

func writeHistory(w io.Writer, entries []*manifest.Committed) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "no committed rounds yet")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	sharded := false
	for _, e := range entries {
		sharded = sharded || e.Chain.IsShard()
	}
	if sharded { // a sharded lake: which chain committed each entry
		fmt.Fprint(tw, "CHAIN\t")
	}
	fmt.Fprintln(tw, "ROUND\tCOMMITTED\tKIND\tDURATION\tSOURCES\tROWS\tDELETES\tFILES\tSTREAMS\tRESYNCS\tFAILED\tSNAPSHOT\tSHA256\tPREVIOUS\tSIGNED_BY")
	for _, e := range entries {
		s := summarise(e)
		snapshot := "-"
		if s.Snapshot > 0 {
			snapshot = strconv.FormatInt(s.Snapshot, 10)
		}
		if sharded {
			fmt.Fprintf(tw, "%s\t", chainName(e.Chain.ID()))
		}
		// The texts come from the lake: printable keeps a planted entry's
		// line breaks and terminal escapes out of the table.
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", e.Round, e.CommittedAt.Format(time.RFC3339),
			printable(dashIfEmpty(e.Kind)), e.CommittedAt.Sub(e.StartedAt).Round(time.Millisecond), printable(dashIfEmpty(strings.Join(s.Sources, ","))),
			s.Rows, s.Deletes, len(e.Files), len(e.Streams), s.Resyncs, s.Failures, snapshot, short(e.SHA256), printable(short(e.Previous)), printable(signedBy(e)))
	}
	return tw.Flush()
}

func writeHistoryJSON(w io.Writer, entries []*manifest.Committed) error {
	enc := json.NewEncoder(w)
	for _, e := range entries {
		if err := enc.Encode(struct {
			manifest.Entry
			SHA256 string `json:"sha256"`
			roundSummary
		}{e.Entry, e.SHA256, summarise(e)}); err != nil {
			return err
		}
	}
	return nil
}

// signedBy is the short id of the key an entry's signature names, "-"
// for an unsigned entry. It is not checked here: etl verify checks it.
func signedBy(e *manifest.Committed) string {
	if e.Signature == nil {
		return "-"
	}
	return manifest.ShortKeyID(e.Signature.KeyID)
}
