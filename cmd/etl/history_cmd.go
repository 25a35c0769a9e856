package main

import (
	"encoding/json"
	"fmt"
	"io"
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
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per round (the manifest entry plus its sha256)")
	return cmd
}

func writeHistory(w io.Writer, entries []*manifest.Committed) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "no committed rounds yet")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUND\tCOMMITTED\tDURATION\tROWS\tDELETES\tFILES\tSTREAMS\tFAILED\tSHA256")
	for _, e := range entries {
		var failed int
		for _, s := range e.Streams {
			if s.Status == "failed" {
				failed++
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", e.Round, e.CommittedAt.Format(time.RFC3339),
			e.CommittedAt.Sub(e.StartedAt).Round(time.Millisecond), e.Rows(), e.Deletes(), len(e.Files),
			len(e.Streams), failed, e.SHA256[:12])
	}
	return tw.Flush()
}

func writeHistoryJSON(w io.Writer, entries []*manifest.Committed) error {
	enc := json.NewEncoder(w)
	for _, e := range entries {
		if err := enc.Encode(struct {
			manifest.Entry
			SHA256 string `json:"sha256"`
		}{e.Entry, e.SHA256}); err != nil {
			return err
		}
	}
	return nil
}
