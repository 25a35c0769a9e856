package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/lakesql"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// sources syncs every built-in plugin's tables; groups under
// Prefer: return=minimal, so their current state merges partial rows.
const sources = `  source "users" {
    select = ["displayName", "givenName", "surname", "userPrincipalName", "mail", "mailNickname", "jobTitle",
      "department", "companyName", "officeLocation", "mobilePhone", "businessPhones", "accountEnabled", "city",
      "country", "usageLocation", "employeeId", "preferredLanguage", "createdDateTime", "userType", "employeeType",
      "state", "streetAddress", "postalCode", "otherMails", "proxyAddresses", "employeeHireDate",
      "lastPasswordChangeDateTime", "onPremisesSyncEnabled", "onPremisesImmutableId", "onPremisesSamAccountName",
      "onPremisesLastSyncDateTime", "manager"]
  }
  source "groups" {
    select = ["displayName", "description", "mail", "mailEnabled", "mailNickname", "securityEnabled", "groupTypes", "classification",
      "visibility", "createdDateTime", "renewedDateTime", "proxyAddresses", "securityIdentifier", "expirationDateTime",
      "isAssignableToRole", "membershipRule", "membershipRuleProcessingState", "preferredDataLocation",
      "preferredLanguage", "theme", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime",
      "onPremisesSecurityIdentifier", "onPremisesSamAccountName", "onPremisesDomainName", "members", "owners"]
    minimal = true
  }
  source "contacts" {}
  source "mail" {
    select = ["createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime", "sentDateTime",
      "hasAttachments", "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId", "conversationId",
      "isRead", "isDraft", "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients",
      "bccRecipients", "replyTo", "flag"]
    page_size = 7
  }`

var tenantOptions = graphtest.Options{Seed: 91, Users: 40, Groups: 6, MembersPerGroup: 12, Contacts: 25,
	Mailboxes: 3, FoldersPerMailbox: 5, MessagesPerFolder: 8, DirectoryPageSize: 9, LinksPerPage: 10}

func members(n int) *int { return &n }

// churns change the tenant between rounds: creations, updates, deletions,
// restores of deleted users and groups (the same ids come back), moves.
var churns = [][]graphtest.ChurnSpec{
	{{Resource: "users", Creates: 4, Updates: 8, Deletes: 3, Seed: 1},
		{Resource: "groups", Creates: 1, Updates: 3, Deletes: 2, Members: members(12), Seed: 2},
		{Resource: "contacts", Creates: 3, Updates: 6, Deletes: 3, Seed: 3},
		{Resource: "messages", Creates: 6, Updates: 8, Deletes: 3, Moves: 5, Seed: 4},
		{Resource: "folders", Creates: 1, Updates: 1, Deletes: 1, Seed: 5}},
	{{Resource: "users", Updates: 5, Deletes: 2, Restores: 2, Seed: 6},
		{Resource: "groups", Updates: 2, Restores: 1, Members: members(10), Seed: 7},
		{Resource: "contacts", Updates: 4, Deletes: 2, Seed: 8},
		{Resource: "messages", Creates: 4, Updates: 5, Deletes: 2, Moves: 4, Seed: 9}},
	{{Resource: "groups", Updates: 2, Deletes: 1, Members: members(8), Seed: 10},
		{Resource: "messages", Updates: 3, Moves: 3, Seed: 11},
		{Resource: "folders", Updates: 1, Deletes: 1, Seed: 12}},
}

func TestCurrentViewsMatchTheEmulatorRoundAfterRound(t *testing.T) {
	l := newLake(t, tenantOptions, sources)
	var seen []map[string]any // every membership the rounds saw, for "who left"
	var snaps map[string]lakesql.Snapshot
	for round := 1; round <= len(churns)+1; round++ {
		l.run()
		if round == 2 {
			l.plantOrphans(round)
		}
		db := l.openDuckDB(l.sql("--snapshot", "none"))
		l.assertCurrent(db, fmt.Sprintf("after round %d", round))
		l.assertCommittedOnly(db)
		seen = append(seen, l.truth("group_members")...)
		if round == 3 {
			snaps = l.writeSnapshot(db, int64(round))
		}
		if round == len(churns)+1 {
			l.assertSnapshotAgrees(db, snaps)
			l.answerTheREADMEsQuestions(db, seen)
			break
		}
		for _, c := range churns[round-1] {
			if _, err := l.srv.Tenant().Churn(c); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// assertCurrent compares every current view with the emulator.
func (l *lake) assertCurrent(db *sql.DB, when string) {
	l.t.Helper()
	for table, key := range tableKeys {
		got := withoutMeta(sortBy(query(l.t, db, "SELECT * FROM "+table+"_current"), key...))
		want := l.truth(table)
		if len(want) == 0 {
			l.t.Fatalf("%s the emulator has no %s: the test proves nothing", when, table)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			l.t.Fatalf("%s %s_current differs from the emulator (-emulator +view):\n%s", when, table, diff)
		}
	}
}

// assertCommittedOnly checks that each change-log view holds exactly the
// rows of the files that committed entries name.
func (l *lake) assertCommittedOnly(db *sql.DB) {
	l.t.Helper()
	st, err := store.NewLocal(l.root)
	if err != nil {
		l.t.Fatal(err)
	}
	entries, err := manifest.History(context.Background(), st)
	if err != nil {
		l.t.Fatal(err)
	}
	want := map[string]float64{}
	for _, e := range entries {
		for _, f := range e.Files {
			want[f.Table] += float64(f.Rows)
		}
	}
	for table := range tableKeys {
		got := query(l.t, db, "SELECT count(*) AS n FROM "+table)[0]["n"]
		if got != want[table] {
			l.t.Errorf("view %s has %v rows; committed files hold %v", table, got, want[table])
		}
	}
	if n := query(l.t, db, `SELECT count(*) AS n FROM users WHERE displayName = 'orphan' OR _round > (SELECT max(round) FROM graphlake_files)`)[0]["n"]; n != 0.0 {
		l.t.Errorf("view users shows %v rows of uncommitted files", n)
	}
}

// plantOrphans leaves files that no entry names, as a failed round or a
// run that lost the commit race does: the next round's number, another
// run id, in today's partition and in another one. Read by a glob, their
// rows would win the fold.
func (l *lake) plantOrphans(round int) {
	l.t.Helper()
	db := l.openDuckDB("")
	next := fmt.Sprintf("%010d", round+1)
	for _, dest := range []string{"users/date=%s/" + next + "-0000-orphan01.parquet", "users/date=2099-01-01/" + next + "-0000-orphan02.parquet"} {
		var today string
		if err := db.QueryRow(`SELECT max("date")::VARCHAR FROM read_parquet('users/*/*.parquet', hive_partitioning = true)`).Scan(&today); err != nil {
			l.t.Fatal(err)
		}
		path := dest
		if strings.Contains(dest, "%s") {
			path = fmt.Sprintf(dest, today)
		}
		if err := os.MkdirAll(filepath.Join(l.root, filepath.Dir(path)), 0o755); err != nil {
			l.t.Fatal(err)
		}
		copyTo := fmt.Sprintf(`COPY (SELECT * EXCLUDE ("date") REPLACE ('orphan' AS displayName, %d AS _round, 'upsert' AS _op)
			FROM read_parquet('users/*/*.parquet', hive_partitioning = true)) TO '%s' (FORMAT parquet)`, round+1, path)
		if _, err := db.Exec(copyTo); err != nil {
			l.t.Fatal(err)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM read_parquet('users/*/*.parquet') WHERE displayName = 'orphan'`).Scan(&n); err != nil || n == 0 {
		l.t.Fatalf("the orphans are not where a glob finds them (%d rows, %v)", n, err)
	}
}
