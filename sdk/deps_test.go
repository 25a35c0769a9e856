package sdk_test

import (
	"os/exec"
	"strings"
	"testing"
)

// hostInternal is the import path prefix of the host's private packages,
// which the SDK must not import (its own sdk/internal is fine).
const hostInternal = "github.com/graphlake/graphlake/internal/"

// TestSDKImportsNothingOfTheHostsInternal keeps sdk, its test kits and
// their tests free of the module's top-level internal/ packages, so that
// sdk could be a module of its own: every package `go list -deps -test`
// names for ./sdk/... is checked, and a failure names who imports what.
func TestSDKImportsNothingOfTheHostsInternal(t *testing.T) {
	// The test runs in sdk/, so ./... is ./sdk/... of the module.
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps", "-test",
		"-f", "{{.ImportPath}}\t{{join .Imports \"\\t\"}}", "./...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list -deps -test ./sdk/...: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list -deps -test ./sdk/...: %v", err)
	}
	reported := map[string]bool{}
	for line := range strings.Lines(string(out)) {
		// A package's tests show as "path [path.test]"; its imports may
		// carry the same suffix when recompiled for them.
		pkgs := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if strings.HasPrefix(pkgs[0], hostInternal) {
			continue // the internal package itself: its importer is reported
		}
		for _, imp := range pkgs[1:] {
			imp, _, _ = strings.Cut(imp, " ")
			msg := pkgs[0] + " imports " + imp
			if strings.HasPrefix(imp, hostInternal) && !reported[msg] {
				reported[msg] = true
				t.Errorf("%s: move what it needs into a package under sdk/ (sdk/internal/ if authors must not see it)", msg)
			}
		}
	}
}
