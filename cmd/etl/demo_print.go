package main

import (
	"context"
	"fmt"
	"io"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
)

// demoShown caps the changed rows the demo prints.
const demoShown = 12

// printDemoChanges prints the rows of the latest round and a query to try.
func printDemoChanges(ctx context.Context, w io.Writer, dir string) error {
	st, err := store.NewLocal(dir)
	if err != nil {
		return err
	}
	latest, err := manifest.Latest(ctx, st)
	if err != nil || latest == nil {
		return fmt.Errorf("read the demo's manifest: %v", err)
	}
	var files []parquetin.File
	for _, f := range latest.Files {
		if f.Table == "users" {
			files = append(files, parquetin.Recorded(f))
		}
	}
	fmt.Fprintf(w, "\nwhat round %d wrote to users (first %d rows):\n", latest.Round, demoShown)
	shown := 0
	err = parquetin.ReadRows(ctx, st, files, func(row map[string]any) error {
		if shown++; shown <= demoShown {
			fmt.Fprintf(w, "  %-6v %-36v %-8v %v\n", row["_op"], row["id"], orDash(row["_removed_reason"]), orDash(row["displayName"]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return nil
}

func orDash(v any) any {
	if v == nil {
		return "-"
	}
	return v
}
