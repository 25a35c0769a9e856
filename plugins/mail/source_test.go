package mail_test

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// everyMessageProperty selects all the emulator keeps, so that the lake
// can be compared with it field by field.
var everyMessageProperty = []string{"createdDateTime", "lastModifiedDateTime", "changeKey", "categories",
	"receivedDateTime", "sentDateTime", "hasAttachments", "internetMessageId", "subject", "bodyPreview",
	"importance", "parentFolderId", "conversationId", "isRead", "isDraft", "inferenceClassification",
	"body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "flag"}

func config(t *testing.T, include, exclude []string) string {
	t.Helper()
	raw, err := json.Marshal(mail.Config{IncludeFolders: include, ExcludeFolders: exclude, Select: everyMessageProperty, PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// matches applies glob filter entries to a display name as the source
// does (the tests use no well-known names).
func matches(entries []string, name string) bool {
	for _, e := range entries {
		if ok, _ := path.Match(strings.ToLower(e), strings.ToLower(name)); ok {
			return true
		}
	}
	return false
}

// assertMail compares the lake's mail_folders and messages with the
// emulator's folders that the filters keep and their messages.
func assertMail(t *testing.T, r *sdktest.Runner, srv *graphtest.Server, include, exclude []string, when string) {
	t.Helper()
	wantFolders := keptFolders(t, srv, include, exclude)
	synced := map[string]bool{}
	for _, f := range wantFolders {
		synced[f["id"].(string)] = true
	}
	var wantMsgs []map[string]any
	for _, m := range sdktest.Truth(t, srv, mail.MessagesTable) {
		if synced[m["parentFolderId"].(string)] {
			m["folderId"] = m["parentFolderId"]
			wantMsgs = append(wantMsgs, m)
		}
	}
	sdktest.SortRows(wantMsgs, "userId", "folderId", "id")
	if len(wantFolders) == 0 || len(wantMsgs) == 0 {
		t.Fatalf("%s: the filters keep no folder or no message of the emulator's", when)
	}
	for _, c := range []struct {
		table string
		want  []map[string]any
	}{{mail.FoldersTable, wantFolders}, {mail.MessagesTable, wantMsgs}} {
		if diff := cmp.Diff(normalise(c.want), normalise(r.State(c.table))); diff != "" {
			t.Fatalf("%s: the lake's %s differ from the emulator's (-emulator +lake):\n%s", when, c.table, diff)
		}
	}
}

// keptFolders returns the emulator's folders that the filters keep.
func keptFolders(t *testing.T, srv *graphtest.Server, include, exclude []string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, f := range sdktest.Truth(t, srv, mail.FoldersTable, "userId", "id") {
		name, _ := f["displayName"].(string)
		if (len(include) == 0 || matches(include, name)) && !matches(exclude, name) {
			out = append(out, f)
		}
	}
	return out
}

func normalise(rows []map[string]any) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = sdktest.NormaliseDeep(r)
	}
	return out
}

// toggleReadInEveryFolder flips isRead of one message per folder, so that
// every folder's unread count changes and nothing else of it.
func toggleReadInEveryFolder(t *testing.T, srv *graphtest.Server) {
	t.Helper()
	done := map[string]bool{}
	for _, m := range sdktest.Truth(t, srv, mail.MessagesTable, "id") {
		folder := m["parentFolderId"].(string)
		if done[folder] {
			continue
		}
		done[folder] = true
		read := fmt.Sprint(m["isRead"] != true)
		if err := srv.Tenant().UpdateMessage(m["userId"].(string), m["id"].(string), graphtest.Props{"isRead": []byte(read)}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFolderFiltersSurvivePartialUpdates: a folder whose counts changed
// may come back without its displayName; the filters must keep their last
// decision, not judge an empty name.
func TestFolderFiltersSurvivePartialUpdates(t *testing.T) {
	filters := []struct {
		name             string
		include, exclude []string
	}{
		{"include patterns", []string{"proj*", "clients*", "inbox", "travel"}, nil},
		{"exclude patterns", nil, []string{"proj*", "sent*"}},
	}
	for _, variants := range [][]graphtest.Variant{nil, {graphtest.PartialUpdates}} {
		for _, fl := range filters {
			t.Run(fmt.Sprintf("%s/variants=%v", fl.name, variants), func(t *testing.T) {
				srv := graphtest.Start(t, graphtest.Options{Seed: 51, Users: 2, Mailboxes: 1, FoldersPerMailbox: 14, MessagesPerFolder: 4, Variants: variants})
				r := sdktest.New(t, srv, mail.New())
				cfg := config(t, fl.include, fl.exclude)
				r.Sync(cfg)
				assertMail(t, r, srv, fl.include, fl.exclude, "after the first round")
				toggleReadInEveryFolder(t, srv)
				round := r.Sync(cfg)
				kept := map[any]bool{}
				for _, f := range keptFolders(t, srv, fl.include, fl.exclude) {
					kept[f["id"]] = true
				}
				for _, row := range round.Rows[mail.FoldersTable] {
					if row["_op"] == "delete" && kept[row["id"]] {
						t.Errorf("a count change removed folder %v (%v)", row["id"], row["_removed_reason"])
					}
				}
				assertMail(t, r, srv, fl.include, fl.exclude, "after read toggles in every folder")
				for i, spec := range []graphtest.ChurnSpec{
					{Resource: "messages", Creates: 10, Updates: 10, Deletes: 3, Moves: 4, Seed: 1},
					{Resource: "folders", Creates: 2, Updates: 4, Deletes: 1, Seed: 2},
				} {
					if _, err := srv.Tenant().Churn(spec); err != nil {
						t.Fatal(err)
					}
					r.Sync(cfg)
					assertMail(t, r, srv, fl.include, fl.exclude, fmt.Sprintf("after churn %d", i+1))
				}
			})
		}
	}
}

// TestNestedFoldersEitherWay: whether mailFolders/delta returns the whole
// tree or only the top level, every folder of a tree several levels deep
// and its messages reach the lake, through renames, moves between nested
// and top-level parents, creations and deletions; with the whole tree in
// the delta, no other folder request is made.
func TestNestedFoldersEitherWay(t *testing.T) {
	for _, variants := range [][]graphtest.Variant{nil, {graphtest.TopLevelFolders}, {graphtest.TopLevelFolders, graphtest.PartialUpdates}} {
		t.Run(fmt.Sprintf("variants=%v", variants), func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 52, Users: 3, Mailboxes: 2, FoldersPerMailbox: 8 + 9, MessagesPerFolder: 3,
				FolderDepth: 4, Variants: variants})
			r := sdktest.New(t, srv, mail.New())
			include, exclude := []string(nil), []string{"travel*", "renamed 1*"}
			cfg := config(t, include, exclude)
			r.Sync(cfg)
			assertMail(t, r, srv, include, exclude, "after the first round")
			for i, specs := range [][]graphtest.ChurnSpec{
				{{Resource: "folders", Creates: 2, Updates: 3, Moves: 4, Seed: 1}, {Resource: "messages", Creates: 8, Updates: 8, Moves: 4, Seed: 2}},
				{{Resource: "folders", Updates: 2, Deletes: 2, Moves: 4, Seed: 3}, {Resource: "messages", Creates: 4, Updates: 8, Deletes: 2, Seed: 4}},
				{{Resource: "folders", Creates: 1, Moves: 6, Seed: 5}},
			} {
				for _, spec := range specs {
					res, err := srv.Tenant().Churn(spec)
					if err != nil {
						t.Fatal(err)
					}
					if spec.Resource == "folders" && len(res.Moved) == 0 {
						t.Fatalf("churn %d moved no folder", i+1)
					}
				}
				r.Sync(cfg)
				assertMail(t, r, srv, include, exclude, fmt.Sprintf("after churn %d", i+1))
			}
			counts := srv.RequestCounts()
			walked := counts["mailFolders.get"] + counts["mailFolders.childFolders"]
			if len(variants) == 0 && walked != 0 {
				t.Errorf("with the whole tree in mailFolders/delta the source made %d other folder requests, want 0 (%v)", walked, counts)
			}
			if len(variants) > 0 && counts["mailFolders.childFolders"] == 0 {
				t.Errorf("with top-level folders only the source never listed child folders (%v)", counts)
			}
		})
	}
}

// TestFirstChildFolderDecidesTheTreeMode: a mailbox without nested
// folders leaves open whether the delta holds child folders; the first
// child folder decides, and both ways it reaches the lake.
func TestFirstChildFolderDecidesTheTreeMode(t *testing.T) {
	for _, tt := range []struct {
		name      string
		variants  []graphtest.Variant
		wantWalks bool
	}{
		{"the delta returns the child: no other request", nil, false},
		{"the delta lacks the child: the tree is listed", []graphtest.Variant{graphtest.TopLevelFolders}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 53, Users: 1, Mailboxes: 1, FoldersPerMailbox: 8, MessagesPerFolder: 2, Variants: tt.variants})
			r := sdktest.New(t, srv, mail.New())
			cfg := config(t, nil, nil)
			r.Sync(cfg)
			user := sdktest.Truth(t, srv, mail.FoldersTable, "id")[0]["userId"].(string)
			child, err := srv.Tenant().CreateFolder(user, "inbox", "First child")
			if err != nil {
				t.Fatal(err)
			}
			grandchild, err := srv.Tenant().CreateFolder(user, child, "Grandchild")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{child, grandchild} {
				if _, err := srv.Tenant().CreateMessage(user, f, nil); err != nil {
					t.Fatal(err)
				}
			}
			for round := 2; round <= 3; round++ {
				r.Sync(cfg)
				assertMail(t, r, srv, nil, nil, fmt.Sprintf("after round %d", round))
			}
			if walks := srv.RequestCounts()["mailFolders.childFolders"]; (walks > 0) != tt.wantWalks {
				t.Errorf("%d childFolders requests; want some: %v", walks, tt.wantWalks)
			}
		})
	}
}

// TestUnjudgedFolderKeepsTheFoldersDeltaLink: a partial update of a folder
// the filters excluded is judged by the folder read whole; when that read
// fails, nothing is decided, the other folders' messages still sync, and
// the folders stream keeps its deltaLink so that the next round judges the
// folder again.
func TestUnjudgedFolderKeepsTheFoldersDeltaLink(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 54, Users: 1, Mailboxes: 1, FoldersPerMailbox: 10, MessagesPerFolder: 3,
		Variants: []graphtest.Variant{graphtest.PartialUpdates}})
	r := sdktest.New(t, srv, mail.New())
	exclude := []string{"proj*"}
	cfg := config(t, nil, exclude)
	r.Sync(cfg)
	var projects string
	for _, f := range sdktest.Truth(t, srv, mail.FoldersTable, "id") {
		if f["displayName"] == "Projects" {
			projects = f["id"].(string)
		}
	}
	toggleReadInEveryFolder(t, srv)
	if err := srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "forbidden", Match: "/mailFolders/" + projects + "?"}}}); err != nil {
		t.Fatal(err)
	}
	round := r.Sync(cfg, sdktest.AllowFailed("*/folders"))
	for _, cp := range round.Checkpoints {
		switch {
		case strings.HasSuffix(cp.Stream, "/folders"):
			if cp.Status != sdk.StatusFailed || !strings.Contains(cp.Error, "could not be judged") || !strings.Contains(cp.Error, projects) {
				t.Errorf("folders stream: %s %q; want failed, naming the folder that could not be judged", cp.Status, cp.Error)
			}
		case cp.Status != sdk.StatusOK:
			t.Errorf("stream %s: %s %q; the other folders must still sync", cp.Stream, cp.Status, cp.Error)
		}
	}
	for _, row := range round.Rows[mail.FoldersTable] {
		if row["id"] == projects {
			t.Errorf("the unjudged folder was written: %v", row)
		}
	}
	srv.ClearFaults()
	r.Sync(cfg)
	assertMail(t, r, srv, nil, exclude, "after the folder could be read again")
}

// TestPartialUpdatesWriteOnlyPresentFields: with Graph's partial updates a
// read toggle writes a message row and a folder row whose _fields list
// only what came (plus the keys the source adds), so that the lake keeps
// the other columns.
func TestPartialUpdatesWriteOnlyPresentFields(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 55, Users: 1, Mailboxes: 1, FoldersPerMailbox: 8, MessagesPerFolder: 3,
		Variants: []graphtest.Variant{graphtest.PartialUpdates}})
	r := sdktest.New(t, srv, mail.New())
	cfg := config(t, nil, nil)
	r.Sync(cfg)
	m := sdktest.Truth(t, srv, mail.MessagesTable, "id")[0]
	if err := srv.Tenant().UpdateMessage(m["userId"].(string), m["id"].(string), graphtest.Props{"isRead": []byte(fmt.Sprint(m["isRead"] != true))}); err != nil {
		t.Fatal(err)
	}
	round := r.Sync(cfg)
	want := map[string][]any{
		mail.MessagesTable: {"changeKey", "folderId", "id", "isRead", "lastModifiedDateTime", "parentFolderId", "userId"},
		mail.FoldersTable:  {"id", "parentFolderId", "unreadItemCount", "userId"},
	}
	for table, fields := range want {
		rows := round.Rows[table]
		if len(rows) != 1 {
			t.Fatalf("%s: %d rows, want the one update", table, len(rows))
		}
		if diff := cmp.Diff(fields, rows[0]["_fields"]); diff != "" {
			t.Errorf("%s _fields (-want +got):\n%s", table, diff)
		}
	}
	assertMail(t, r, srv, nil, nil, "after the read toggle")
}
