package duckdb

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"
)

// readmeQuery returns the README's SQL block whose first line is the
// comment first, so that the README shows exactly what the test runs.
func (l *lake) readmeQuery(first string) string {
	l.t.Helper()
	for _, block := range strings.Split(readme, "```sql\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if strings.HasPrefix(block, first+"\n") {
			return block
		}
	}
	l.t.Fatalf("the README has no SQL block starting with %q", first)
	return ""
}

// answerTheREADMEsQuestions runs the README's example queries and checks
// their answers against the emulator. seen holds the memberships of the
// emulator after every round: who left a group is who was a member at
// some round and is not now, in a group that is live.
func (l *lake) answerTheREADMEsQuestions(db *sql.DB, seen []map[string]any) {
	l.t.Helper()
	l.groupMembersNow(db)
	l.whoLeft(db, seen)
	l.mailPerFolderPerDay(db)
}

func (l *lake) groupMembersNow(db *sql.DB) {
	names := map[any]int{}
	for _, g := range l.truth("groups") {
		names[g["displayName"]]++
	}
	checked := 0
	for _, g := range l.truth("groups") {
		name, _ := g["displayName"].(string)
		if names[name] != 1 {
			continue
		}
		q := strings.Replace(l.readmeQuery("-- members of a group now"), "'Marketing'", "'"+strings.ReplaceAll(name, "'", "''")+"'", 1)
		var got, want []string
		for _, r := range query(l.t, db, q) {
			got = append(got, r["memberId"].(string))
		}
		for _, m := range l.truth("group_members") {
			if m["groupId"] == g["id"] && m["relationship"] == "member" {
				want = append(want, m["memberId"].(string))
			}
		}
		if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
			l.t.Errorf("members of group %q (-emulator +query):\n%s", name, diff)
		}
		checked += len(want)
	}
	if checked == 0 {
		l.t.Error("no group with a unique name has members: the question was not checked")
	}
}

func (l *lake) whoLeft(db *sql.DB, seen []map[string]any) {
	live, now := map[any]bool{}, map[string]bool{}
	for _, g := range l.truth("groups") {
		live[g["id"]] = true
	}
	pair := func(r map[string]any) string { return fmt.Sprint(r["groupId"], "/", r["memberId"]) }
	for _, m := range l.truth("group_members") {
		if m["relationship"] == "member" {
			now[pair(m)] = true
		}
	}
	wantSet := map[string]bool{}
	for _, m := range seen {
		if m["relationship"] == "member" && live[m["groupId"]] && !now[pair(m)] {
			wantSet[pair(m)] = true
		}
	}
	var want, got []string
	for p := range wantSet {
		want = append(want, p)
	}
	for _, r := range query(l.t, db, l.readmeQuery("-- DuckDB: who left a group this week")) {
		got = append(got, pair(r))
	}
	if len(want) == 0 {
		l.t.Error("nobody left a live group: the question was not checked")
	}
	if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
		l.t.Errorf("who left a group (-emulator +query):\n%s", diff)
	}
}

func (l *lake) mailPerFolderPerDay(db *sql.DB) {
	want := map[string]float64{}
	for _, m := range l.truth("messages") {
		day, _ := m["receivedDateTime"].(string)
		want[fmt.Sprint(m["userId"], "/", m["folderId"], "/", strings.SplitN(day, "T", 2)[0])]++
	}
	got := map[string]float64{}
	for _, r := range query(l.t, db, l.readmeQuery("-- DuckDB: mail received per folder per day")) {
		day, _ := r["day"].(string)
		got[fmt.Sprint(r["userId"], "/", r["folderId"], "/", strings.SplitN(day, "T", 2)[0])] = r["messages"].(float64)
		if r["folder"] == nil {
			l.t.Errorf("folder %v has no name", r["folderId"])
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		l.t.Errorf("mail per folder per day (-emulator +query):\n%s", diff)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
