package lakesql

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// commitRaw stores round n's entry with extra top-level fields (the
// snapshot's "current" among them).
func commitRaw(t *testing.T, st store.Store, n int64, started time.Time, extra map[string]any) {
	t.Helper()
	e := map[string]any{"format": manifest.FormatVersion, "pipeline": "p", "round": n, "kind": "sync", "started_at": started}
	for k, v := range extra {
		e[k] = v
	}
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutIfAbsent(context.Background(), manifest.Name(n), b); err != nil {
		t.Fatal(err)
	}
}

func put(t *testing.T, st store.Store, name string) {
	t.Helper()
	if err := st.PutIfAbsent(context.Background(), name, []byte("x")); err != nil {
		t.Fatal(err)
	}
}

func TestInspectReadsRoundsSnapshotsAndEmptyTables(t *testing.T) {
	tables, _ := builtinTables(t)
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := Inspect(ctx, st, tables, InspectOptions{}); !errors.Is(err, ErrNoRounds) {
		t.Fatalf("an empty lake: %v, want ErrNoRounds", err)
	}
	day := time.Date(2026, 11, 2, 23, 59, 0, 0, time.UTC)
	commitRaw(t, st, 1, day, nil)
	commitRaw(t, st, 2, day.Add(48*time.Hour), nil)
	id := "00000000000000000002-abcd1234"
	commitRaw(t, st, 3, day.Add(72*time.Hour), map[string]any{"current": map[string]any{"round": 2, "tables": []any{
		map[string]any{"table": "users", "path": "current/users/snapshot=" + id + "/", "rows": 3, "files": []any{
			map[string]any{"path": "current/users/snapshot=" + id + "/0000.parquet"}}},
		map[string]any{"table": "not_in_the_pipeline", "files": []any{}},
	}}})
	put(t, st, "users/date=2026-11-02/0000000001-0000-aaaa.parquet")
	put(t, st, "groups/0000000001-0000-aaaa.parquet") // not in a partition: DuckDB's glob misses it
	lake, err := Inspect(ctx, st, tables, InspectOptions{Snapshots: true, FindUnwritten: true})
	if err != nil {
		t.Fatal(err)
	}
	want := Lake{Round: 3, FirstDay: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
		Snapshots: map[string]Snapshot{"users": {Round: 2, ID: id, Files: []string{"current/users/snapshot=" + id + "/0000.parquet"},
			Since: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)}},
		Unwritten: map[string]bool{"groups": true, "group_members": true, "mail_folders": true, "messages": true, "org_contacts": true}}
	if diff := cmp.Diff(want, lake); diff != "" {
		t.Errorf("Inspect (-want +got):\n%s", diff)
	}
	lake, err = Inspect(ctx, st, tables, InspectOptions{})
	if err != nil || lake.Snapshots != nil || lake.Unwritten != nil {
		t.Errorf("without options Inspect read snapshots %v or listed tables %v (%v)", lake.Snapshots, lake.Unwritten, err)
	}
}

// TestInspectRefusesASnapshotOutsideItsFolder: a snapshot's files come
// from the lake's newest entry, and the SQL hands them to read_parquet,
// which globs "*", "?" and "[…]": only names as etl writes them pass, or a
// forged entry could make a view read files no round committed.
func TestInspectRefusesASnapshotOutsideItsFolder(t *testing.T) {
	tables, _ := builtinTables(t)
	const id = "00000000000000000001-abc123"
	for _, path := range []string{
		"users/x.parquet",
		"current/users/snapshot=*/*.parquet",
		"current/users/snapshot=" + id + "/*.parquet",
		"current/users/snapshot=" + id + "/[0-9]*.parquet",
		"current/users/snapshot=" + id + "/000?.parquet",
		"current/users/snapshot=" + id + "/../../users/date=2026-11-02/0000000001-0000-aaaa.parquet",
		"current/groups/snapshot=" + id + "/0000.parquet",
		"current/users/snapshot=1-abc123/0000.parquet",
	} {
		t.Run(path, func(t *testing.T) {
			st, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			commitRaw(t, st, 1, time.Now(), map[string]any{"current": map[string]any{"round": 1, "tables": []any{
				map[string]any{"table": "users", "files": []any{map[string]any{"path": path}}}}}})
			_, err = Inspect(context.Background(), st, tables, InspectOptions{Snapshots: true})
			if err == nil || !strings.Contains(err.Error(), "snapshot=<round>-<run>") || !strings.Contains(err.Error(), "etl verify") {
				t.Errorf("a snapshot file named %s: %v", path, err)
			}
		})
	}
}
