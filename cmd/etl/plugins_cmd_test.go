package main

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPluginsListsTablesAndPermissions: etl plugins prints each built-in
// plugin's tables and its declared permissions.
func TestPluginsListsTablesAndPermissions(t *testing.T) {
	var out bytes.Buffer
	cmd := newRootCommand()
	cmd.SetArgs([]string{"plugins"})
	cmd.SetOut(&out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "plugins.golden", out.Bytes())
}

// TestPluginsPermissionsMatchTheREADME: the permission table of the
// README's quick start names, for each built-in plugin, exactly the
// requirements the plugin declares, in order ("; " between them), each
// with exactly its alternatives; and a plugin's own README section, when
// it has one, names every permission the plugin declares.
func TestPluginsPermissionsMatchTheREADME(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	documented := readmePermissions(t, readme)
	for _, name := range builtinNames() {
		var declared [][]string
		for _, r := range permissions(builtins()[name]()) {
			var names []string
			for _, p := range r.AnyOf {
				names = append(names, p.Name)
			}
			slices.Sort(names)
			declared = append(declared, names)
		}
		if diff := cmp.Diff(declared, documented[name]); diff != "" {
			t.Errorf("plugin %s: the README's permissions differ from the declared ones (-declared +README):\n%s", name, diff)
		}
		delete(documented, name)
		if section, ok := readmeSourceSection(readme, name); ok {
			for _, names := range declared {
				for _, p := range names {
					if !strings.Contains(section, "`"+p+"`") {
						t.Errorf("plugin %s declares %s, which its README section (### Source `%s`) does not name", name, p, name)
					}
				}
			}
		}
	}
	for name := range documented {
		t.Errorf("the README lists permissions for %q, which is not a built-in plugin", name)
	}
}

// readmePermissions reads the "| `source` | `Permission` … |" rows of
// step 2 of the README's "Quick start against Microsoft Graph": by
// source, its requirements (separated by ";"), each the permissions
// named in backquotes, sorted.
func readmePermissions(t *testing.T, readme string) map[string][][]string {
	t.Helper()
	_, section, ok := strings.Cut(readme, "## Quick start against Microsoft Graph")
	if !ok {
		t.Fatal(`README.md has no section "Quick start against Microsoft Graph"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, step, ok := strings.Cut(section, "2. **Grant application permissions**")
	if !ok {
		t.Fatal("the README's quick start has no step 2, Grant application permissions")
	}
	step, _, _ = strings.Cut(step, "\n3. ")
	quoted := regexp.MustCompile("`([^`]+)`")
	out := map[string][][]string{}
	for _, line := range strings.Split(step, "\n") {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) != 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		source := strings.Trim(strings.TrimSpace(cells[1]), "`")
		for _, req := range strings.Split(cells[2], ";") {
			var names []string
			for _, m := range quoted.FindAllStringSubmatch(req, -1) {
				names = append(names, m[1])
			}
			slices.Sort(names)
			out[source] = append(out[source], names)
		}
	}
	if len(out) == 0 {
		t.Fatal("the README's quick start step 2 has no permission table")
	}
	return out
}

// readmeSourceSection is the README's "### Source `name`" section, if it
// has one.
func readmeSourceSection(readme, name string) (string, bool) {
	_, section, ok := strings.Cut(readme, "\n### Source `"+name+"`\n")
	if !ok {
		return "", false
	}
	section, _, _ = strings.Cut(section, "\n#")
	return section, true
}
