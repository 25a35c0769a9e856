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
		Short: "List (or --delete) objects etl wrote under the lake's root that no committed round names",
		Long: `List the objects etl wrote under the lake's root that no committed round
names: the files and state checkpoints of rounds that failed, were abandoned
or lost the commit race to another run, and the writes a killed run left
unfinished (temporary files in a local folder, incomplete multipart uploads on
S3). Manifest entries are never touched.

Only names of the shapes etl writes are ever deleted (change-log parts,
snapshots, state checkpoints, probes, and unfinished writes of those).
Anything else under the root (a pipeline file beside a lake at path ".",
another program's objects in a shared bucket) is listed as foreign and left
alone.

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

// foreignShown is how many foreign objects gc names; it counts the rest.
const foreignShown = 20

// collect lists or deletes the garbage and the leftovers, lists the
// foreign objects it leaves alone, then sums up.
func collect(ctx context.Context, out io.Writer, st store.Store, minAge time.Duration, del bool) error {
	found, err := audit.Scan(ctx, st, minAge, time.Now())
	if err != nil {
		return err
	}
	var total int64
	for _, o := range found.Garbage {
		total += o.Size
		if err := sweep(out, st, o, "", del, func() error { return st.Delete(ctx, o.Name) }); err != nil {
			return err
		}
	}
	for _, l := range found.Leftovers {
		total += l.Size
		remove := func() error { return st.(store.Sweeper).RemoveLeftover(ctx, l) }
		if err := sweep(out, st, l.Info, " (unfinished write)", del, remove); err != nil {
			return err
		}
	}
	foreign := listForeign(out, st, found)
	n := len(found.Garbage) + len(found.Leftovers)
	verb := "unreferenced"
	if del {
		verb = "deleted"
	}
	fmt.Fprintf(out, "%d objects %s, %s", n, verb, humanBytes(total))
	if foreign > 0 {
		fmt.Fprintf(out, "; %d foreign objects left alone", foreign)
	}
	if !del && n > 0 {
		fmt.Fprint(out, " (run again with --delete to remove them)")
	}
	fmt.Fprintln(out)
	return nil
}

// listForeign names the first foreign objects and unfinished writes, which
// gc never touches, and returns how many there are.
func listForeign(out io.Writer, st store.Store, found *audit.Findings) int {
	type item struct {
		info store.Info
		note string
	}
	var all []item
	for _, o := range found.Foreign {
		all = append(all, item{o, ""})
	}
	for _, l := range found.ForeignLeftovers {
		all = append(all, item{l.Info, " (unfinished write)"})
	}
	for i, it := range all {
		if i == foreignShown {
			fmt.Fprintf(out, "foreign\t… and %d more\n", len(all)-foreignShown)
			break
		}
		fmt.Fprintf(out, "foreign\t%s%s\t%s\t(not written by etl: left alone)\n", printable(st.Location(it.info.Name)), it.note, humanBytes(it.info.Size))
	}
	return len(all)
}

// sweep prints one object, deleting it first with --delete.
func sweep(out io.Writer, st store.Store, o store.Info, note string, del bool, remove func() error) error {
	if !del {
		fmt.Fprintf(out, "%s%s\t%s\t%s\n", printable(st.Location(o.Name)), note, humanBytes(o.Size), o.ModTime.UTC().Format(time.RFC3339))
		return nil
	}
	if err := remove(); err != nil {
		return fmt.Errorf("gc: %w", err)
	}
	fmt.Fprintf(out, "deleted %s%s (%s)\n", printable(st.Location(o.Name)), note, humanBytes(o.Size))
	return nil
}
