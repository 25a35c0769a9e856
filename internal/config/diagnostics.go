package config

import (
	"fmt"
	"io"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics renders diags the way terraform does: severity, summary,
// file:line, the offending snippet and the detail. files is the map Load
// returned; width wraps the text (0: no wrapping); color adds ANSI colours
// and should be false when w is not a terminal.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	return hcl.NewDiagnosticTextWriter(w, files, width, color).WriteDiagnostics(diags)
}

// errorf records an error diagnostic.
func (d *decoder) errorf(subject hcl.Range, summary, detail string, args ...any) {
	d.add(hcl.DiagError, subject, summary, fmt.Sprintf(detail, args...))
}

// warnf records a warning diagnostic.
func (d *decoder) warnf(subject hcl.Range, summary, detail string, args ...any) {
	d.add(hcl.DiagWarning, subject, summary, fmt.Sprintf(detail, args...))
}

func (d *decoder) add(sev hcl.DiagnosticSeverity, subject hcl.Range, summary, detail string) {
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: subject.Ptr()})
}

// didYouMean suggests the option closest to given, as a sentence with a
// leading space, or "" when none is close.
func didYouMean(given string, options []string) string {
	best, bestDist := "", 3 // farther than this is a guess, not a typo
	for _, o := range options {
		if dist := levenshtein.Distance(given, o, nil); dist < bestDist {
			best, bestDist = o, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// quoted lists names as "a", "b" and "c".
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
