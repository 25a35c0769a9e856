package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/audit"
	"github.com/graphlake/graphlake/internal/store"
)

func newGCCommand() *cobra.Command {
	var del bool
	var minAge time.Duration
	cmd := &cobra.Command{
		Use:   "gc PIPELINE.hcl",
		Short: "List (or --delete) objects under the lake's root that no committed round names",
		Long: `List the objects under the lake's root that no committed round names: the
files and state checkpoints of rounds that failed, were abandoned or lost the
commit race to another run, and the writes a killed run left unfinished
(temporary files in a local folder, incomplete multipart uploads on S3).
Manifest entries are never touched.

Objects younger than --min-age are left alone, since a round in flight has
not committed its files yet: keep it above your longest round.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openLake(cmd.Context(), cmd.ErrOrStderr(), args[0])
			if err != nil {
				return err
			}
			return collect(cmd.Context(), cmd.OutOrStdout(), st, minAge, del)
		},
	}
	cmd.Flags().BoolVar(&del, "delete", false, "delete the unreferenced objects instead of listing them")
	cmd.Flags().DurationVar(&minAge, "min-age", 24*time.Hour, "leave objects younger than this (a round in flight may still commit them)")
	return cmd
}

// collect lists or deletes the garbage and the leftovers, then sums up.
func collect(ctx context.Context, out io.Writer, st store.Store, minAge time.Duration, del bool) error {
	now := time.Now()
	garbage, err := audit.Garbage(ctx, st, minAge, now)
	if err != nil {
		return err
	}
	leftovers, err := audit.Leftovers(ctx, st, minAge, now)
	if err != nil {
		return err
	}
	var total int64
	for _, o := range garbage {
		total += o.Size
		if err := sweep(out, st, o, "", del, func() error { return st.Delete(ctx, o.Name) }); err != nil {
			return err
		}
	}
	for _, l := range leftovers {
		total += l.Size
		remove := func() error { return st.(store.Sweeper).RemoveLeftover(ctx, l) }
		if err := sweep(out, st, l.Info, " (unfinished write)", del, remove); err != nil {
			return err
		}
	}
	verb := "unreferenced"
	if del {
		verb = "deleted"
	}
	fmt.Fprintf(out, "%d objects %s, %s", len(garbage)+len(leftovers), verb, humanBytes(total))
	if !del && len(garbage)+len(leftovers) > 0 {
		fmt.Fprint(out, " (run again with --delete to remove them)")
	}
	fmt.Fprintln(out)
	return nil
}

// sweep prints one object, deleting it first with --delete.
func sweep(out io.Writer, st store.Store, o store.Info, note string, del bool, remove func() error) error {
	if !del {
		fmt.Fprintf(out, "%s%s\t%s\t%s\n", st.Location(o.Name), note, humanBytes(o.Size), o.ModTime.UTC().Format(time.RFC3339))
		return nil
	}
	if err := remove(); err != nil {
		return fmt.Errorf("gc: %w", err)
	}
	fmt.Fprintf(out, "deleted %s%s (%s)\n", st.Location(o.Name), note, humanBytes(o.Size))
	return nil
}
