package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
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
			// Each entry is summarised as it is read and kept without its
			// streams; --json reads each again, whole, as it prints it.
			rows, err := readHistory(cmd.Context(), st)
			if err != nil {
				return err
			}
			if asJSON {
				return writeHistoryJSON(cmd.OutOrStdout(), rows, func(c *manifest.Committed) (*manifest.Committed, error) {
					return manifest.ReadIn(cmd.Context(), st, c.Chain, c.Number())
				})
			}
			return writeHistory(cmd.OutOrStdout(), rows)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per round: the manifest entry, its sha256, sources, rows, deletes, resyncs, failures and snapshot_round")
	return cmd
}

// historyRow is one committed entry as etl history prints it: the entry
// (its streams dropped, when read by readHistory) and what its streams
// told.
type historyRow struct {
	entry   *manifest.Committed
	summary roundSummary
	streams int
}

// historyRowOf summarises entry e, read whole.
func historyRowOf(e *manifest.Committed) historyRow {
	return historyRow{entry: e, summary: summarise(e), streams: len(e.Streams)}
}

// readHistory reads the lake's entries newest first, each summarised as it
// is read and then kept without its streams: an entry of 600,000 streams
// is about a gigabyte decoded, and a lake holds many.
func readHistory(ctx context.Context, st store.Store) ([]historyRow, error) {
	seen := map[*manifest.Committed]historyRow{}
	entries, err := manifest.HistoryWithoutStreams(ctx, st, func(e *manifest.Committed) { seen[e] = historyRowOf(e) })
	if err != nil {
		return nil, err
	}
	rows := make([]historyRow, len(entries))
	for i, e := range entries {
		rows[i] = seen[e]
	}
	return rows, nil
}

func writeHistory(w io.Writer, rows []historyRow) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no committed rounds yet")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	sharded := false
	for _, r := range rows {
		sharded = sharded || r.entry.Chain.IsShard()
	}
	if sharded { // a sharded lake: which chain committed each entry
		fmt.Fprint(tw, "CHAIN\t")
	}
	fmt.Fprintln(tw, "ROUND\tCOMMITTED\tKIND\tDURATION\tSOURCES\tROWS\tDELETES\tFILES\tSTREAMS\tRESYNCS\tFAILED\tSNAPSHOT\tSHA256\tPREVIOUS\tSIGNED_BY")
	for _, r := range rows {
		e, s := r.entry, r.summary
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
			s.Rows, s.Deletes, len(e.Files), r.streams, s.Resyncs, s.Failures, snapshot, short(e.SHA256), printable(short(e.Previous)), printable(signedBy(e)))
	}
	return tw.Flush()
}

// writeHistoryJSON prints each row's entry whole, as whole reads it
// again, with its summary.
func writeHistoryJSON(w io.Writer, rows []historyRow, whole func(*manifest.Committed) (*manifest.Committed, error)) error {
	enc := json.NewEncoder(w)
	for _, r := range rows {
		e, err := whole(r.entry)
		if err != nil {
			return err
		}
		if e.SHA256 != r.entry.SHA256 {
			return fmt.Errorf("manifest entry %d of %s changed while etl history read it", r.entry.Number(), r.entry.Chain)
		}
		if err := enc.Encode(struct {
			manifest.Entry
			SHA256 string `json:"sha256"`
			roundSummary
		}{e.Entry, e.SHA256, r.summary}); err != nil {
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
