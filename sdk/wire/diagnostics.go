package wire

import "strings"

// HasErrors reports whether any diagnostic is an error.
func HasErrors(diags []Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// ErrorSummary joins the error diagnostics into one line, each as
// "attribute: summary. detail", separated by "; "; warnings are left out.
func ErrorSummary(diags []Diagnostic) string {
	var msgs []string
	for _, d := range diags {
		if d.Severity != SeverityError {
			continue
		}
		msg := d.Summary
		if d.Attribute != "" {
			msg = d.Attribute + ": " + msg
		}
		if d.Detail != "" {
			msg += ". " + d.Detail
		}
		msgs = append(msgs, msg)
	}
	return strings.Join(msgs, "; ")
}
