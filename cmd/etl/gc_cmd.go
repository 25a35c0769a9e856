package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/audit"
)

func newGCCommand() *cobra.Command {
	var del bool
	var minAge time.Duration
	cmd := &cobra.Command{
		Use:   "gc PIPELINE.hcl",
		Short: "List (or --delete) objects under the lake's root that no committed round names",
		Long: `List the objects under the lake's root that no committed round names: the
files and state checkpoints of rounds that failed, were abandoned or lost the
commit race to another run. Manifest entries are never touched.

Objects younger than --min-age are left alone, since a round in flight has
not committed its files yet: keep it above your longest round.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openLake(cmd.Context(), cmd.ErrOrStderr(), args[0])
			if err != nil {
				return err
			}
			garbage, err := audit.Garbage(cmd.Context(), st, minAge, time.Now())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			var total int64
			for _, o := range garbage {
				total += o.Size
				if del {
					if err := st.Delete(cmd.Context(), o.Name); err != nil {
						return fmt.Errorf("gc: %w", err)
					}
					fmt.Fprintf(out, "deleted %s (%s)\n", st.Location(o.Name), humanBytes(o.Size))
				} else {
					fmt.Fprintf(out, "%s\t%s\t%s\n", st.Location(o.Name), humanBytes(o.Size), o.ModTime.UTC().Format(time.RFC3339))
				}
			}
			verb := "unreferenced"
			if del {
				verb = "deleted"
			}
			fmt.Fprintf(out, "%d objects %s, %s", len(garbage), verb, humanBytes(total))
			if !del && len(garbage) > 0 {
				fmt.Fprint(out, " (run again with --delete to remove them)")
			}
			fmt.Fprintln(out)
			return nil
		},
	}
	cmd.Flags().BoolVar(&del, "delete", false, "delete the unreferenced objects instead of listing them")
	cmd.Flags().DurationVar(&minAge, "min-age", 24*time.Hour, "leave objects younger than this (a round in flight may still commit them)")
	return cmd
}
