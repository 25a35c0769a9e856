package duckdb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// historySources syncs users and groups as the current views' test does
// (members and owners, partial rows under return=minimal).
var historySources = strings.Split(sources, `  source "contacts"`)[0]

// historyTables are the tables the history test compares.
var historyTables = []string{"users", "groups", "group_members"}

// pastRound is what the emulator held right after a round committed.
type pastRound struct {
	round int64
	sha   string
	at    time.Time
	state map[string][]map[string]any
}

// churnedLake syncs four rounds of churn: memberships removed and added
// back, groups nested (with a cycle), a group soft-deleted and restored,
// users soft-deleted and restored; rounds 2 and 4 write snapshots. It
// returns the emulator's state after every round, and the ids the worked
// questions need.
type churnedLake struct {
	*lake
	past []pastRound
	// lost is a membership removed before round lostAt; gone is a group
	// deleted before round goneAt (its memberships end with it) and
	// restored before the next.
	lostGroup, lostMember, goneGroup string
	lostAt, goneAt                   int64
}

func newChurnedLake(t *testing.T) *churnedLake {
	t.Helper()
	l := &churnedLake{lake: newLake(t, graphtest.Options{Seed: 17, Users: 16, Groups: 5, MembersPerGroup: 5, DirectoryPageSize: 7, LinksPerPage: 6},
		historySources+"  lake { compact_every = 2 }\n")} // snapshots at rounds 2 and 4: the as-of views start from round 2's
	ten := l.srv.Tenant()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var groups, unified, users []string
	for _, g := range l.truth("groups") {
		groups = append(groups, g["id"].(string))
		if fmt.Sprint(g["groupTypes"]) == "[Unified]" {
			unified = append(unified, g["id"].(string))
		}
	}
	for _, u := range l.truth("users") {
		users = append(users, u["id"].(string))
	}
	if len(unified) == 0 || len(groups) < 4 {
		t.Fatalf("the tenant has %d groups, %d of them Microsoft 365: the test needs 4 and 1", len(groups), len(unified))
	}
	g0, g1, g2, g3 := groups[0], groups[1], groups[2], groups[3]
	if g0 == unified[0] {
		g0, g3 = g3, g0
	}
	l.goneGroup = unified[0]
	var firstMember string
	for _, m := range l.truth("group_members") {
		if m["groupId"] == g0 && m["relationship"] == "member" && m["memberType"] == "user" {
			firstMember = m["memberId"].(string)
			break
		}
	}
	if firstMember == "" {
		t.Fatalf("group %s has no user member", g0)
	}
	l.lostGroup, l.lostMember = g0, firstMember
	steps := []func(){
		func() { // before round 2: nest groups, lose a member, soft-delete users
			must(ten.AddMember(g0, g1))
			must(ten.AddMember(g1, g2))
			must(ten.RemoveMember(g0, firstMember))
			must(ten.Delete("users", users[3], false))
			must(ten.Delete("users", users[4], false))
			l.lostAt = 2
		},
		func() { // before round 3: a cycle, a group deleted, a member back elsewhere
			must(ten.AddMember(g2, g0))
			must(ten.Delete("groups", l.goneGroup, false))
			must(ten.AddMember(g1, firstMember))
			must(ten.Update("users", users[5], graphtest.Props{"jobTitle": []byte(`"Auditor"`)}))
			l.goneAt = 3
		},
		func() { // before round 4: the group and a user restored, the member re-added
			must(ten.Restore("groups", l.goneGroup))
			must(ten.Restore("users", users[3]))
			must(ten.AddMember(g0, firstMember))
			must(ten.AddMember(g3, g0))
			must(ten.RemoveMember(g1, g2))
			_, err := ten.Churn(graphtest.ChurnSpec{Resource: "users", Updates: 3, Deletes: 1, Seed: 3})
			must(err)
		},
	}
	st, err := store.NewLocal(l.root)
	if err != nil {
		t.Fatal(err)
	}
	for round := int64(1); ; round++ {
		l.run()
		c, err := manifest.Read(context.Background(), st, round)
		if err != nil {
			t.Fatal(err)
		}
		p := pastRound{round: round, sha: c.SHA256, at: c.CommittedAt, state: map[string][]map[string]any{}}
		for _, table := range historyTables {
			p.state[table] = l.truth(table)
		}
		l.past = append(l.past, p)
		if int(round) > len(steps) {
			return l
		}
		steps[round-1]()
	}
}

// TestHistoryAndAsOfViewsMatchTheEmulatorAfterEachRound checks, for every
// past round of a churned lake, that the history views' intervals open at
// it equal the emulator's state then, by round and by commit time; that
// etl sql --as-of (by round and by time) gives current views, and a
// transitive membership, equal to that state; that etl show --as-of
// prints every table so; and that the README's worked compliance
// questions answer right.
func TestHistoryAndAsOfViewsMatchTheEmulatorAfterEachRound(t *testing.T) {
	start := time.Now()
	l := newChurnedLake(t)
	t.Logf("%d rounds synced in %v", len(l.past), time.Since(start))
	db := l.openDuckDB(l.sql())
	t.Logf("views opened at %v", time.Since(start))
	for _, table := range historyTables { // read each view once, then ask it every round
		if _, err := db.Exec(fmt.Sprintf(`CREATE TEMP TABLE h_%s AS SELECT * FROM %s_history`, table, table)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range l.past {
		for _, table := range historyTables {
			byRound := historyRows(t, db, fmt.Sprintf(`SELECT * FROM h_%s WHERE round_from <= %d AND (round_to IS NULL OR round_to > %d)`, table, p.round, p.round), table)
			if diff := cmp.Diff(p.state[table], byRound); diff != "" {
				t.Errorf("%s_history open at round %d differs from the emulator then (-emulator +history):\n%s", table, p.round, diff)
			}
			byTime := historyRows(t, db, fmt.Sprintf(`SELECT * FROM h_%s WHERE valid_from <= TIMESTAMPTZ '%s' AND (valid_to IS NULL OR valid_to > TIMESTAMPTZ '%s')`,
				table, p.at.Format(time.RFC3339Nano), p.at.Format(time.RFC3339Nano)), table)
			if diff := cmp.Diff(byRound, byTime); diff != "" {
				t.Errorf("%s_history valid at round %d's commit time differs from the versions open at round %d (-round +time):\n%s", table, p.round, p.round, diff)
			}
		}
	}
	t.Logf("history checked at %v", time.Since(start))
	for _, p := range []pastRound{l.past[1], l.past[2]} {
		asOf := fmt.Sprint(p.round)
		if p.round == 3 {
			asOf = p.at.Add(time.Millisecond).Format(time.RFC3339Nano) // a time, between rounds 3 and 4 (round 3 lost a group)
		}
		script := l.sql("--as-of", asOf)
		if !strings.Contains(script, fmt.Sprintf("snapshot=%020d-", 2)) {
			l.t.Errorf("--as-of %s does not start from the snapshot of round 2", asOf)
		}
		pinned := l.openDuckDB(script)
		if got := query(t, pinned, `SELECT "round", entry_sha256 FROM graphlake_as_of`); len(got) != 1 || got[0]["round"] != float64(p.round) || got[0]["entry_sha256"] != p.sha {
			t.Errorf("--as-of %s: graphlake_as_of says %v, want round %d, sha256 %s", asOf, got, p.round, p.sha)
		}
		for _, table := range historyTables {
			got := withoutMeta(sortBy(query(t, pinned, "SELECT * FROM "+table+"_current"), tableKeys[table]...))
			if diff := cmp.Diff(p.state[table], got); diff != "" {
				t.Errorf("--as-of %s: %s_current differs from the emulator after round %d (-emulator +view):\n%s", asOf, table, p.round, diff)
			}
		}
		want := reachable(p.state["group_members"])
		got := map[string]float64{}
		for _, r := range query(t, pinned, `SELECT * FROM group_members_transitive`) {
			got[fmt.Sprint(r["groupId"], "/", r["memberId"])] = r["depth"].(float64)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("--as-of %s: group_members_transitive differs from the reachability of the emulator's memberships (-reach +view):\n%s", asOf, diff)
		}
		l.answerTheHistoryQuestions(pinned, p)
		l.showAsOf(p, asOf)
	}
	t.Logf("as-of checked at %v", time.Since(start))
	l.whenLost(db)
}

// historyRows reads history rows as the emulator's state holds them:
// without the history's own and meta columns, in key order.
func historyRows(t *testing.T, db *sql.DB, q, table string) []map[string]any {
	t.Helper()
	rows := query(t, db, q)
	for _, r := range rows {
		for _, c := range []string{"round_from", "round_to", "valid_from", "valid_to", "ended_by", "ended_reason"} {
			delete(r, c)
		}
	}
	return withoutMeta(sortBy(rows, tableKeys[table]...)) // an unknown table: unsorted
}

// reachable is nested membership computed from memberships: every (group,
// member) pair joined by a chain of member links, never through the group
// itself, with the shortest chain's length.
func reachable(memberships []map[string]any) map[string]float64 {
	edges := map[string][]string{}
	for _, m := range memberships {
		if m["relationship"] == "member" {
			edges[m["groupId"].(string)] = append(edges[m["groupId"].(string)], m["memberId"].(string))
		}
	}
	out := map[string]float64{}
	for g := range edges {
		depth := map[string]int{g: 0}
		for frontier, d := []string{g}, 1; len(frontier) > 0 && d <= 10; d++ {
			var next []string
			for _, from := range frontier {
				for _, to := range edges[from] {
					if _, seen := depth[to]; !seen {
						depth[to] = d
						next = append(next, to)
						out[g+"/"+to] = float64(d)
					}
				}
			}
			frontier = next
		}
	}
	return out
}

// showColumns are the columns showAsOf compares, per table: the keys and
// values that churn changes.
var showColumns = map[string][]string{"users": {"id", "displayName", "jobTitle", "accountEnabled"},
	"groups": {"id", "displayName", "mailNickname"}, "group_members": {"groupId", "relationship", "memberId", "memberType"}}

// showAsOf checks that etl show --as-of (a round number or a time) prints
// every history table as the emulator held it right after the round, and
// names the round's entry and hash.
func (l *churnedLake) showAsOf(p pastRound, asOf string) {
	l.t.Helper()
	for _, table := range historyTables {
		cols := showColumns[table]
		cmd := exec.Command(etlBinary, "show", l.pipeline, table, "--as-of", asOf, "--columns", strings.Join(cols, ","), "--limit", "0", "--max-width", "0")
		cmd.Env, cmd.Dir = append(os.Environ(), l.env...), l.dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			l.t.Fatalf("etl show %s --as-of %s: %v\n%s", table, asOf, err, stderr.String())
		}
		var want []string
		for _, row := range p.state[table] {
			cells := make([]string, len(cols))
			for i, c := range cols {
				if v := row[c]; v != nil {
					cells[i] = fmt.Sprint(v)
				}
			}
			want = append(want, strings.Join(cells, "|"))
		}
		if diff := cmp.Diff(sorted(want), sorted(showRows(stdout.String()))); diff != "" {
			l.t.Errorf("etl show %s --as-of %s (round %d) differs from the emulator then (-emulator +show):\n%s", table, asOf, p.round, diff)
		}
		if s := stderr.String(); !strings.Contains(s, fmt.Sprintf("as of round %d", p.round)) || !strings.Contains(s, p.sha) {
			l.t.Errorf("etl show %s --as-of %s says %q: want round %d and its entry's SHA-256 %s", table, asOf, s, p.round, p.sha)
		}
	}
}

// showRows reads etl show's aligned table: each cell starts where its
// column's name does (tabwriter counts runes); a row's cells are joined by
// "|".
func showRows(out string) []string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	header := []rune(lines[0])
	var starts []int
	for i, r := range header {
		if r != ' ' && (i == 0 || header[i-1] == ' ') {
			starts = append(starts, i)
		}
	}
	var rows []string
	for _, line := range lines[1:] {
		runes := []rune(line)
		cells := make([]string, len(starts))
		for i, from := range starts {
			to := len(runes)
			if i+1 < len(starts) {
				to = min(starts[i+1], len(runes))
			}
			if from < to {
				cells[i] = strings.TrimSpace(string(runes[from:to]))
			}
		}
		rows = append(rows, strings.Join(cells, "|"))
	}
	return rows
}

// answerTheHistoryQuestions runs the README's question on nested
// membership against views pinned to a past round, for the groups with
// nested members whose name is unique then.
func (l *churnedLake) answerTheHistoryQuestions(pinned *sql.DB, p pastRound) {
	l.t.Helper()
	names := map[any]int{}
	for _, g := range p.state["groups"] {
		names[g["displayName"]]++
	}
	reach := reachable(p.state["group_members"])
	nested := 0
	for _, g := range p.state["groups"] {
		name, _ := g["displayName"].(string)
		deep := false
		for pair, d := range reach {
			deep = deep || d > 1 && strings.HasPrefix(pair, g["id"].(string)+"/")
		}
		if names[name] != 1 || !deep {
			continue
		}
		q := strings.Replace(l.readmeQuery("-- who was a member of a group, directly or nested, as of the pinned round"), "'Marketing'", "'"+strings.ReplaceAll(name, "'", "''")+"'", 1)
		got, want := map[string]float64{}, map[string]float64{}
		for _, r := range query(l.t, pinned, q) {
			got[r["memberId"].(string)] = r["depth"].(float64)
			if r["round"] != float64(p.round) || r["entry_sha256"] != p.sha {
				l.t.Errorf("the answer names round %v and entry %v, want %d and %s", r["round"], r["entry_sha256"], p.round, p.sha)
			}
		}
		for pair, d := range reach {
			if gid, m, _ := strings.Cut(pair, "/"); gid == g["id"] {
				want[m] = d
				if d > 1 {
					nested++
				}
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			l.t.Errorf("round %d: members of %q, directly or nested (-emulator +query):\n%s", p.round, name, diff)
		}
		break // one group is enough: the view is checked whole above
	}
	if nested == 0 {
		l.t.Errorf("round %d: no group has a nested member: the question was not checked", p.round)
	}
}

// whenLost runs the README's questions on lost memberships and on a past
// round's table against the latest views.
func (l *churnedLake) whenLost(db *sql.DB) {
	l.t.Helper()
	ask := func(group, member string) []map[string]any {
		q := strings.NewReplacer("'GROUP-ID'", "'"+group+"'", "'USER-ID'", "'"+member+"'").Replace(l.readmeQuery("-- when did a user lose a membership"))
		return query(l.t, db, q)
	}
	lost := ask(l.lostGroup, l.lostMember)
	if len(lost) == 0 || lost[0]["lost_in_round"] != float64(l.lostAt) || lost[0]["ended_by"] != "deleted" || lost[0]["lost_at"] == nil {
		l.t.Errorf("a member removed before round %d: the README's query says %v", l.lostAt, lost)
	}
	var member string
	for _, m := range l.past[l.goneAt-2].state["group_members"] {
		if m["groupId"] == l.goneGroup && m["relationship"] == "member" {
			member = m["memberId"].(string)
		}
	}
	if member == "" {
		l.t.Fatalf("group %s had no member before its deletion", l.goneGroup)
	}
	gone := ask(l.goneGroup, member)
	if len(gone) == 0 || gone[0]["lost_in_round"] != float64(l.goneAt) || gone[0]["ended_by"] != "parent_deleted" {
		l.t.Errorf("a member of a group deleted before round %d: the README's query says %v", l.goneAt, gone)
	}
	for _, p := range []pastRound{l.past[1], l.past[len(l.past)-1]} {
		q := strings.ReplaceAll(l.readmeQuery("-- users as they were at round 120"), "120", fmt.Sprint(p.round))
		var got, want []string
		for _, r := range query(l.t, db, q) {
			got = append(got, fmt.Sprint(r["id"], "/", r["displayName"], "/", r["jobTitle"]))
		}
		for _, u := range p.state["users"] {
			want = append(want, fmt.Sprint(u["id"], "/", u["displayName"], "/", u["jobTitle"]))
		}
		if diff := cmp.Diff(sorted(want), sorted(got)); diff != "" {
			l.t.Errorf("users at round %d (-emulator +query):\n%s", p.round, diff)
		}
	}
}
