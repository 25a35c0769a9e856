package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// expectation is one "# ERROR: text" or "# WARNING: text" marker: a
// diagnostic of that severity whose subject starts on the marker's line and
// whose summary or detail contains text.
type expectation struct {
	line     int
	severity hcl.DiagnosticSeverity
	text     string
}

var markerRE = regexp.MustCompile(`#\s*(ERROR|WARNING):`)

func parseMarkers(t *testing.T, path string) []expectation {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []expectation
	for i, line := range strings.Split(string(src), "\n") {
		found := markerRE.FindAllStringSubmatchIndex(line, -1)
		for j, m := range found {
			end := len(line)
			if j+1 < len(found) {
				end = found[j+1][0]
			}
			sev := hcl.DiagError
			if line[m[2]:m[3]] == "WARNING" {
				sev = hcl.DiagWarning
			}
			out = append(out, expectation{line: i + 1, severity: sev, text: strings.TrimSpace(line[m[1]:end])})
		}
	}
	return out
}

func (e expectation) matches(d *hcl.Diagnostic) bool {
	return d.Severity == e.severity && d.Subject != nil && d.Subject.Start.Line == e.line &&
		strings.Contains(d.Summary+"\n"+d.Detail, e.text)
}

func TestInvalidPipelinesReportEachMistakeOnItsLine(t *testing.T) {
	paths, err := filepath.Glob("testdata/invalid/*.hcl")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no invalid pipelines: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".hcl"), func(t *testing.T) {
			want := parseMarkers(t, path)
			if len(want) == 0 {
				t.Fatal("the file marks no expected diagnostic")
			}
			_, files, diags := Load(path, testOptions())
			shown := render(t, files, diags)
			matched := make([]bool, len(diags))
			for _, e := range want {
				hit := false
				for i, d := range diags {
					if e.matches(d) {
						hit, matched[i] = true, true
					}
				}
				if !hit {
					t.Errorf("line %d: no diagnostic containing %q", e.line, e.text)
				}
			}
			for i, d := range diags {
				if !matched[i] {
					t.Errorf("unexpected diagnostic %q at %v", d.Summary, d.Subject)
				}
			}
			if strings.Contains(shown, testSecret) {
				t.Error("a diagnostic shows the client secret")
			}
			if t.Failed() {
				t.Logf("diagnostics:\n%s", shown)
			}
		})
	}
}

func TestEveryDiagnosticSaysTheFix(t *testing.T) {
	paths, _ := filepath.Glob("testdata/invalid/*.hcl")
	for _, path := range paths {
		_, _, diags := Load(path, testOptions())
		for _, d := range diags {
			if d.Summary == "" || strings.Contains(d.Summary, "\n") || len(d.Detail) < 20 || d.Subject == nil {
				t.Errorf("%s: diagnostic %q lacks a one-line summary, a detail or a subject: %+v", path, d.Summary, d)
			}
		}
	}
}
