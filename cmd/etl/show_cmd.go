package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/store"
)

// showFlags are `etl show`'s flags.
type showFlags struct {
	where    []string
	limit    int
	columns  []string
	maxWidth int
	asOf     string
}

// errEnough stops a scan once --limit rows and one more were found.
var errEnough = errors.New("enough rows")

func newShowCommand() *cobra.Command {
	var f showFlags
	cmd := &cobra.Command{
		Use:   "show PIPELINE.hcl TABLE",
		Short: "Print a table's current state: its live rows, one per key",
		Long: `Print a table's current state as an aligned table: its live rows in key
order, each the merge of its changes (deleted rows gone, a child row gone
with its parent). It reads the newest current-state snapshot and the
rounds committed after it, with graphlake's own Parquet reader.

By default the table's typed columns are shown; --columns picks columns,
meta columns such as _round, _stream or _synced_at included. --where keeps
rows whose column prints exactly as the value (an empty value matches
null); several --where must all hold. Values wider than --max-width are
cut; lists and structs print as JSON.

--as-of ROUND|TIME prints the table as it was right after a past round: a
round number, an RFC 3339 time or a UTC day (the newest round committed at
or before it). Only the newest snapshot at or before that round and the
rounds after the snapshot up to it are read. The summary names the round
and the SHA-256 of its manifest entry, which etl verify checks.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return show(cmd, args[0], args[1], f)
		},
	}
	cmd.Flags().StringArrayVar(&f.where, "where", nil, "keep rows where `column=value` (repeatable; all must hold)")
	cmd.Flags().IntVar(&f.limit, "limit", 50, "print at most this many rows (0: all)")
	cmd.Flags().StringSliceVar(&f.columns, "columns", nil, "columns to print, comma-separated (default: the typed columns)")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "print the table as of a past `ROUND|TIME`: a round number, an RFC 3339 time or a UTC day")
	cmd.Flags().IntVar(&f.maxWidth, "max-width", 40, "cut values wider than this many characters (0: never)")
	return cmd
}

func show(cmd *cobra.Command, pipeline, table string, f showFlags) error {
	ctx := cmd.Context()
	var pin *current.AsOf
	if f.asOf != "" {
		a, err := current.ParseAsOf(f.asOf)
		if err != nil {
			return withCode(exitConfig, err)
		}
		pin = &a
	}
	st, err := openLake(ctx, cmd.ErrOrStderr(), pipeline)
	if err != nil {
		return err
	}
	v, pinned, err := openShown(ctx, st, pin)
	if errors.Is(err, current.ErrNothingAsOf) {
		return withCode(exitConfig, fmt.Errorf("--as-of: %w", err))
	}
	if err != nil {
		return err
	}
	if v.Empty() {
		_, err = fmt.Fprintln(cmd.OutOrStdout(), "no committed rounds yet")
		return err
	}
	all, err := v.Columns(ctx, table)
	if errors.Is(err, current.ErrUnknownTable) {
		return withCode(exitConfig, err)
	}
	if err != nil {
		return err
	}
	q, err := newShowQuery(table, all, f)
	if err != nil {
		return withCode(exitConfig, err)
	}
	err = v.Scan(ctx, table, q.take)
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	if err := writeRows(cmd.OutOrStdout(), q.columns, q.rows, f.maxWidth); err != nil {
		return err
	}
	fmt.Fprintln(cmd.ErrOrStderr(), q.summary(table, v.Round(), pinned))
	return nil
}

// openShown opens the view etl show prints: the latest state, or the one
// pinned by --as-of (then also returned, for the summary).
func openShown(ctx context.Context, st store.Store, pin *current.AsOf) (*current.View, *current.Pinned, error) {
	if pin == nil {
		v, err := current.OpenLake(ctx, st)
		return v, nil, err
	}
	p, err := current.Find(ctx, st, *pin)
	if err != nil {
		return nil, nil, err
	}
	v, err := current.OpenAsOf(ctx, st, p)
	return v, p, err
}

// showQuery picks and filters the rows etl show prints.
type showQuery struct {
	columns []string
	where   map[string]string
	limit   int
	rows    [][]string
	more    bool
}

func newShowQuery(table string, all []string, f showFlags) (*showQuery, error) {
	q := &showQuery{columns: f.columns, where: map[string]string{}, limit: f.limit}
	if len(q.columns) == 0 {
		for _, c := range all {
			if !strings.HasPrefix(c, "_") {
				q.columns = append(q.columns, c)
			}
		}
	}
	for _, c := range q.columns {
		if !slices.Contains(all, c) {
			return nil, fmt.Errorf("--columns: table %s has no column %q; it has %s", table, c, strings.Join(all, ", "))
		}
	}
	for _, w := range f.where {
		col, val, ok := strings.Cut(w, "=")
		if !ok {
			return nil, fmt.Errorf("--where %q: write column=value", w)
		}
		if !slices.Contains(all, col) {
			return nil, fmt.Errorf("--where: table %s has no column %q; it has %s", table, col, strings.Join(all, ", "))
		}
		q.where[col] = val
	}
	return q, nil
}

// take keeps a scanned row if it matches, and stops the scan past the limit.
func (q *showQuery) take(row map[string]any) error {
	for col, want := range q.where {
		if cellText(row[col]) != want {
			return nil
		}
	}
	if q.limit > 0 && len(q.rows) == q.limit {
		q.more = true
		return errEnough
	}
	cells := make([]string, len(q.columns))
	for i, c := range q.columns {
		cells[i] = cellText(row[c])
	}
	q.rows = append(q.rows, cells)
	return nil
}

// summary says how many rows were printed, for stderr; pinned (--as-of)
// adds the round's commit time and its manifest entry's SHA-256.
func (q *showQuery) summary(table string, round int64, pinned *current.Pinned) string {
	what := fmt.Sprintf("%s after round %d", table, round)
	if pinned != nil {
		e := pinned.Entry
		chain := ""
		if e.Chain.IsShard() {
			chain = " of " + e.Chain.String()
		}
		what = fmt.Sprintf("%s as of round %d (committed %s; manifest entry%s SHA-256 %s, checked by etl verify)",
			table, e.Round, e.CommittedAt.UTC().Format(time.RFC3339), chain, e.SHA256)
	}
	if q.more {
		return fmt.Sprintf("%s: the first %d rows; more match (--limit 0 prints all)", what, len(q.rows))
	}
	return fmt.Sprintf("%s: %d rows", what, len(q.rows))
}
