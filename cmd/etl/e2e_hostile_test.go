package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// hostilePlugin returns a link to the hostile test plugin (built in
// TestMain; see testdata/hostileplugin) named for mode, which the plugin
// reads from its own name.
func hostilePlugin(t *testing.T, mode string) string {
	t.Helper()
	link := filepath.Join(t.TempDir(), "hostileplugin-"+mode)
	if err := os.Symlink(filepath.Join(filepath.Dir(testBinaries.etl), "hostileplugin"), link); err != nil {
		t.Fatal(err)
	}
	return link
}

// hostileTenant is a small tenant: the tests are about the plugin.
var hostileTenant = graphtest.Options{Seed: 18, Users: 6, Groups: 2, MembersPerGroup: 3}

// filesOf counts an entry's files per table.
func filesOf(e *manifest.Committed) map[string]int {
	n := map[string]int{}
	for _, f := range e.Files {
		n[f.Table]++
	}
	return n
}

// A plugin that sends what the host must refuse fails its own source with
// one clear message; the host stays up, drops what the source wrote and
// commits the others (exit 3).
func TestHostilePluginFailsOnlyItsSource(t *testing.T) {
	tests := []struct {
		mode string
		want string
	}{
		{"bigmessage", "a batch of 2 rows is"},
		{"compressed", "decoding the batch would take more than 268435456 bytes"},
		{"fieldcount", "schema fields: claims 1073741824 entries"},
		{"invalid", "the batch's arrays are not valid"},
		{"schema", "the batch's schema differs from the table's declared one"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			h := newHarness(t, hostileTenant, `source "users" {}
  source "hostile" { plugin = "`+hostilePlugin(t, tt.mode)+`" }`)
			res := h.etl("run", h.pipeline)
			if res.code != exitPartial {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, exitPartial, res.stdout, res.stderr)
			}
			mustContain(t, "stderr", res.stderr, "hostile/*", "the plugin broke the protocol", `table "hostile_things"`, tt.want)
			if n := strings.Count(res.stderr, "etl:"); n != 1 {
				t.Errorf("%d error lines, want one:\n%s", n, res.stderr)
			}
			entries := h.history()
			if len(entries) != 1 {
				t.Fatalf("%d rounds committed, want 1", len(entries))
			}
			files := filesOf(entries[0])
			if files["users"] == 0 || files["hostile_things"] != 0 {
				t.Errorf("files per table %v: want users' and none of the failed source's", files)
			}
			if got := len(h.lakeState("users", "id")); got != hostileTenant.Users {
				t.Errorf("the lake holds %d users, want %d", got, hostileTenant.Users)
			}
		})
	}
}

// Names a plugin declares are checked where the host receives them: a
// table two sources declare, or a name with a line break, is a
// configuration error at etl validate and etl run, and nothing commits.
func TestHostileDeclarationsAreConfigErrors(t *testing.T) {
	tests := []struct {
		mode string
		want []string
	}{
		{"clash", []string{`table "users" is declared by both source "hostile" and source "users"`, "one source per pipeline"}},
		{"badname", []string{`source "hostile"`, `table name "things\n;DROP TABLE users; --"`}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			h := newHarness(t, hostileTenant, `source "users" {}
  source "hostile" { plugin = "`+hostilePlugin(t, tt.mode)+`" }`)
			for _, cmd := range []string{"validate", "run"} {
				res := h.etl(cmd, h.pipeline)
				if res.code != exitConfig {
					t.Fatalf("etl %s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", cmd, res.code, exitConfig, res.stdout, res.stderr)
				}
				// The diagnostic wraps its lines: compare words.
				mustContain(t, "etl "+cmd+" stderr", strings.Join(strings.Fields(res.stderr), " "), tt.want...)
				if strings.Contains(res.stderr, "\n;DROP") {
					t.Errorf("etl %s printed the name's line break raw:\n%s", cmd, res.stderr)
				}
			}
			if len(h.history()) != 0 {
				t.Errorf("a refused pipeline committed a round")
			}
		})
	}
}

// Text a plugin sends (its errors, which carry Graph's, its warnings, its
// stderr) reaches the terminal with its control characters escaped.
func TestHostilePluginTextIsEscaped(t *testing.T) {
	tests := []struct {
		mode     string
		wantCode int
	}{
		{"ansi", exitPartial},
		{"ansierror", exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			h := newHarness(t, hostileTenant, `source "users" {}
  source "hostile" { plugin = "`+hostilePlugin(t, tt.mode)+`" }`)
			res := h.etl("run", h.pipeline)
			if res.code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\nstdout:\n%q\nstderr:\n%q", res.code, tt.wantCode, res.stdout, res.stderr)
			}
			out := res.stdout + res.stderr
			if strings.ContainsAny(out, "\x1b\x07\r") {
				t.Errorf("a control character reached the terminal:\n%q", out)
			}
			mustContain(t, "stderr", res.stderr, `Graph said \x1b[2J\x1b]0;pwned\x07\x1b[31mforged line\x1b[0m\x0d\x0a`)
		})
	}
}

// A row over the batch size cap travels alone; one over the message limit
// fails its stream only, naming the object and its size.
func TestOversizedRows(t *testing.T) {
	t.Run("a 9 MB row travels alone", func(t *testing.T) {
		h := newHarness(t, hostileTenant, `source "users" { plugin = "`+hostilePlugin(t, "bigrow")+`" }
  source "groups" {}`)
		h.mustRun()
		long := 0
		for _, u := range h.lakeState("users", "id") {
			if s, _ := u["displayName"].(string); len(s) == 9<<20 {
				long++
			}
		}
		if long != 1 {
			t.Errorf("%d users with the 9 MB displayName, want 1", long)
		}
	})
	t.Run("a 70 MB row fails its stream", func(t *testing.T) {
		h := newHarness(t, hostileTenant, `source "users" { plugin = "`+hostilePlugin(t, "hugerow")+`" }
  source "groups" {}`)
		res := h.etl("run", h.pipeline)
		if res.code != exitPartial {
			t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, exitPartial, res.stdout, res.stderr)
		}
		if !regexp.MustCompile(`users/users: .*object "[^"]+" is \d{8} bytes, over the 62914560-byte limit`).MatchString(res.stderr) {
			t.Errorf("stderr does not name the object and its size:\n%s", res.stderr)
		}
		entries := h.history()
		if len(entries) != 1 || filesOf(entries[0])["groups"] == 0 {
			t.Fatalf("want one round with the groups' files; got %d rounds", len(entries))
		}
	})
}
