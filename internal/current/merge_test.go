package current_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/parquettest"
	"github.com/graphlake/graphlake/sdk/table"
)

// schedules are the ways snapshots may fall between rounds; the current
// state must not depend on them.
var schedules = []struct {
	name string
	// compact says whether round r (1-based) writes a snapshot; alone adds
	// a compact entry after it instead.
	compact, alone func(r, last int) bool
}{
	{"without a snapshot", never, never},
	{"with a snapshot every round", always, never},
	{"with a snapshot of round 1 only", func(r, _ int) bool { return r == 1 }, never},
	{"with a snapshot before the last round", func(r, last int) bool { return r == last-1 }, never},
	{"with etl compact after every round", never, always},
}

func never(int, int) bool  { return false }
func always(int, int) bool { return true }

// refreshedMember is where sdk/lake's whole-log fold parts from the
// current state on purpose: it merges a child row written again after its
// parent's deletion with the values the row had before, which no snapshot
// can keep (it holds live rows only).
const refreshedMember = "a member written again after its group's deletion starts afresh, as a re-created key does"

// merge cases: rounds of changes and the current state they leave.
var mergeCases = []struct {
	name   string
	rounds [][]op
	table  string
	want   []map[string]any
}{
	{"return=minimal updates change only the columns they carry",
		[][]op{
			{up("people", `{"id":"a","name":"Ann","boss":"b","age":40,"tags":["x","y"],"home":{"city":"Oslo","zip":"0150"},"born":"1986-01-02T03:04:05Z","hired":"2020-02-03"}`)},
			{up("people", `{"id":"a","name":"Anna"}`)},
			{up("people", `{"id":"a","age":41,"home":{"city":"Bergen"}}`)},
		}, "people",
		[]map[string]any{{"id": "a", "name": "Anna", "boss": "b", "age": int64(41), "tags": []any{"x", "y"},
			"home": map[string]any{"city": "Bergen", "zip": nil}, "born": "1986-01-02T03:04:05Z", "hired": "2020-02-03T00:00:00Z"}}},
	{"a property carried as null becomes null",
		[][]op{
			{up("people", `{"id":"a","name":"Ann","boss":"b"}`)},
			{up("people", `{"id":"a","boss":null}`)},
		}, "people",
		[]map[string]any{{"id": "a", "name": "Ann"}}},
	{"a delete then a re-create does not bring old values back",
		[][]op{
			{up("people", `{"id":"a","name":"Ann","boss":"b","tags":["x"]}`), up("people", `{"id":"b","name":"Bob"}`)},
			{up("people", `{"id":"a","@removed":{"reason":"deleted"}}`)},
			{up("people", `{"id":"a","name":"Ann"}`)},
		}, "people",
		[]map[string]any{{"id": "a", "name": "Ann"}, {"id": "b", "name": "Bob"}}},
	{"a delete and a re-create in one round start afresh",
		[][]op{
			{up("people", `{"id":"a","name":"Ann","boss":"b"}`)},
			{up("people", `{"id":"a","@removed":{"reason":"changed"}}`), up("people", `{"id":"a","age":3}`)},
		}, "people",
		[]map[string]any{{"id": "a", "age": int64(3)}}},
	{"a deleted key stays gone",
		[][]op{
			{up("people", `{"id":"a","name":"Ann"}`), up("people", `{"id":"b","name":"Bob"}`)},
			{up("people", `{"id":"b","@removed":{"reason":"deleted"}}`)},
			{up("people", `{"id":"a","score":1.5,"active":true}`)},
		}, "people",
		[]map[string]any{{"id": "a", "name": "Ann", "score": 1.5, "active": true}}},
	{"a key repeated within a round: the last _seq wins",
		[][]op{
			{up("people", `{"id":"a","name":"One","boss":"x"}`), up("people", `{"id":"a","name":"Two"}`), up("people", `{"id":"c","name":"Cy"}`)},
			{up("people", `{"id":"a","name":"Three"}`), up("people", `{"id":"a","boss":"y"}`), up("people", `{"id":"a","name":"Four"}`)},
		}, "people",
		[]map[string]any{{"id": "a", "name": "Four", "boss": "y"}, {"id": "c", "name": "Cy"}}},
	{"a deleted group takes its members; re-created, it has only the members added since",
		[][]op{
			{up("members", `{"groupId":"g1","memberId":"u1"}`), up("members", `{"groupId":"g1","memberId":"u2"}`), up("groups", `{"id":"g1","name":"One"}`),
				up("members", `{"groupId":"g2","memberId":"u1"}`), up("groups", `{"id":"g2","name":"Two"}`)},
			{up("groups", `{"id":"g1","@removed":{"reason":"changed"}}`)},
			{up("members", `{"groupId":"g1","memberId":"u2","role":"owner"}`), up("groups", `{"id":"g1","name":"One again"}`)},
			{up("members", `{"groupId":"g3","memberId":"u9"}`)},
		}, "members",
		[]map[string]any{{"groupId": "g1", "memberId": "u2", "role": "owner"}, {"groupId": "g2", "memberId": "u1"}}},
	{"members of a group deleted and re-created in one round survive only if written after",
		[][]op{
			{up("groups", `{"id":"g1","name":"One"}`), up("members", `{"groupId":"g1","memberId":"u1"}`), up("members", `{"groupId":"g1","memberId":"u2"}`)},
			{up("members", `{"groupId":"g1","memberId":"u1","role":"x"}`), up("groups", `{"id":"g1","@removed":{"reason":"deleted"}}`),
				up("groups", `{"id":"g1","name":"One"}`), up("members", `{"groupId":"g1","memberId":"u3"}`)},
		}, "members",
		[]map[string]any{{"groupId": "g1", "memberId": "u3"}}},
	{"a removed member is gone, the group stays",
		[][]op{
			{up("groups", `{"id":"g1","name":"One"}`), up("members", `{"groupId":"g1","memberId":"u1"}`), up("members", `{"groupId":"g1","memberId":"u2"}`)},
			{gone("members", "groupId", "g1", "memberId", "u1")},
			{up("groups", `{"id":"g1","name":"Uno"}`)},
		}, "members",
		[]map[string]any{{"groupId": "g1", "memberId": "u2"}}},
	{refreshedMember,
		[][]op{
			{up("groups", `{"id":"g1","name":"One"}`), up("members", `{"groupId":"g1","memberId":"u1","role":"owner"}`)},
			{up("groups", `{"id":"g1","@removed":{"reason":"changed"}}`)},
			{up("groups", `{"id":"g1","name":"One"}`), up("members", `{"groupId":"g1","memberId":"u1"}`)},
		}, "members",
		[]map[string]any{{"groupId": "g1", "memberId": "u1"}}},
}

func TestScanMergesTheSnapshotWithTheChangesSince(t *testing.T) {
	for _, tt := range mergeCases {
		for _, sc := range schedules {
			t.Run(tt.name+" "+sc.name, func(t *testing.T) {
				t.Parallel()
				l := newTestLake(t)
				last := len(tt.rounds)
				for i, ops := range tt.rounds {
					l.round(sc.compact(i+1, last), ops...)
					if sc.alone(i+1, last) {
						l.compactAlone()
					}
				}
				got := values(l.scan(tt.table))
				if diff := cmp.Diff(values(tt.want), got); diff != "" {
					t.Errorf("current %s (-want +got):\n%s", tt.table, diff)
				}
				if diff := cmp.Diff(l.fold(tt.table), got); diff != "" && tt.name != refreshedMember {
					t.Errorf("current %s differs from sdk/lake's fold of the whole log (-fold +scan):\n%s", tt.table, diff)
				}
			})
		}
	}
}

func TestSnapshotRowsCarryTheLastChangesMeta(t *testing.T) {
	l := newTestLake(t)
	l.round(false, up("people", `{"id":"b","name":"Bob","tags":["t"]}`), up("people", `{"id":"a","name":"Ann","boss":"x"}`))
	l.round(true, up("people", `{"id":"c","name":"Cy"}`), up("people", `{"id":"a","age":7}`), up("people", `{"id":"c","@removed":{}}`))
	snap := l.snapshot("people")
	if diff := cmp.Diff(l.scan("people"), snap); diff != "" {
		t.Fatalf("a fresh snapshot differs from the scan (-scan +snapshot):\n%s", diff)
	}
	type meta struct {
		ID, Op, Stream string
		Reason         any
		Round, Seq     int64
		Fields         []any
	}
	var got []meta
	for _, r := range snap {
		got = append(got, meta{r["id"].(string), r["_op"].(string), r["_stream"].(string), r["_removed_reason"], r["_round"].(int64), r["_seq"].(int64), r["_fields"].([]any)})
	}
	want := []meta{
		{"a", "upsert", "s/people", nil, 2, 2, []any{"age", "boss", "id", "name"}},
		{"b", "upsert", "s/people", nil, 1, 1, []any{"id", "name", "tags"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("snapshot rows, in key order (-want +got):\n%s", diff)
	}
	if n := l.latest.Current.Table("people").Rows; n != 2 {
		t.Errorf("the manifest records %d rows, want 2", n)
	}
}

func TestScanOfAnUnknownTableNamesTheTables(t *testing.T) {
	l := newTestLake(t)
	l.round(true, up("people", `{"id":"a"}`), up("groups", `{"id":"g"}`))
	err := current.Scan(context.Background(), l.s, l.latest, "peple", func(map[string]any) error { return nil })
	if !errors.Is(err, current.ErrUnknownTable) || !strings.Contains(err.Error(), "groups, people") {
		t.Errorf("Scan(peple) = %v, want ErrUnknownTable naming groups, people", err)
	}
}

func TestATableWithoutLiveRowsHasOneEmptyFile(t *testing.T) {
	l := newTestLake(t)
	l.round(false, up("people", `{"id":"a"}`))
	l.round(true, up("people", `{"id":"a","@removed":{}}`))
	ct := l.latest.Current.Table("people")
	if ct == nil || len(ct.Files) != 1 || ct.Files[0].Rows != 0 || ct.Rows != 0 {
		t.Fatalf("snapshot table = %+v, want one file without rows", ct)
	}
	if rows := l.snapshot("people"); len(rows) != 0 {
		t.Errorf("the empty snapshot holds %d rows", len(rows))
	}
	l.round(false, up("people", `{"id":"b","name":"Bee"}`))
	if diff := cmp.Diff([]map[string]any{{"id": "b", "name": "Bee"}}, values(l.scan("people"))); diff != "" {
		t.Errorf("after the empty snapshot (-want +got):\n%s", diff)
	}
}

func ExampleSnapshotDir() {
	fmt.Println(current.SnapshotDir("users", 24, "0a1b2c3d"))
	// Output: current/users/snapshot=00000000000000000024-0a1b2c3d/
}

func TestANewColumnReachesTheSnapshot(t *testing.T) {
	l := newTestLake(t)
	l.round(false, up("people", `{"id":"a","name":"Ann"}`), up("people", `{"id":"b","name":"Bob"}`))
	l.round(true, up("people", `{"id":"c","name":"Cy"}`))
	wider := people
	wider.Columns = append(slices.Clone(people.Columns), table.Column{Name: "nickname", Type: table.String()})
	l.tables = map[string]table.Table{"people": wider}
	l.round(false, up("people", `{"id":"b","nickname":"Bobby"}`))
	want := []map[string]any{{"id": "a", "name": "Ann"}, {"id": "b", "name": "Bob", "nickname": "Bobby"}, {"id": "c", "name": "Cy"}}
	if diff := cmp.Diff(want, values(l.scan("people"))); diff != "" {
		t.Errorf("scan after a new column (-want +got):\n%s", diff)
	}
	l.compactAlone()
	rows := l.snapshot("people")
	if len(rows) != 3 || rows[0]["nickname"] != nil || rows[1]["nickname"] != "Bobby" {
		t.Fatalf("snapshot after a new column: %v", rows)
	}
	if diff := cmp.Diff([]any{"id", "name", "nickname"}, rows[1]["_fields"]); diff != "" {
		t.Errorf("_fields (-want +got):\n%s", diff)
	}
}

// TestASnapshotKeepsItsKeysStatistics: a snapshot is sorted by its key,
// so its key column keeps the min and max a lookup by key prunes with,
// although its values are unique; another column of unique strings keeps
// none (parquetout's rule for the change log). Its writer is handed an
// empty batch before the rows, so that the table has a file even without
// any: the file's choices are made from the rows all the same.
func TestASnapshotKeepsItsKeysStatistics(t *testing.T) {
	l := newTestLake(t)
	var ops []op
	for i := range 600 {
		ops = append(ops, up("people", fmt.Sprintf(`{"id":"u%04d","name":"Person %d"}`, (i*7)%600, i)))
	}
	l.round(true, ops...)
	ct := l.latest.Current.Table("people")
	if ct == nil || len(ct.Files) == 0 {
		t.Fatal("the round wrote no snapshot of people")
	}
	r, err := l.s.Open(context.Background(), ct.Files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(r)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	got := parquettest.HasMinMax(t, pf.MetaData().RowGroup(0))
	for col, want := range map[string]bool{"id": true, "name": false} {
		if got[col] != want {
			t.Errorf("the snapshot's column %s has min and max: %v, want %v", col, got[col], want)
		}
	}
}
