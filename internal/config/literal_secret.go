package config

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// warnLiteralSecret warns when the secret argument name of attrs is
// written in the file as a literal string rather than read with env() or
// file(): anyone who can read the pipeline file, its backups or its
// version history then holds the secret. what names the secret for
// people; fix shows the argument read from the environment or a file.
func (d *decoder) warnLiteralSecret(attrs hcl.Attributes, name, what, fix string) {
	attr, ok := attrs[name]
	if !ok || !isLiteral(attr.Expr) {
		return
	}
	d.warnf(attr.Expr.Range(), "The "+what+" is written in the pipeline file",
		"Anyone who can read this file, its backups or its history has the %s. Keep it in your secret store and read it from the environment or a file of its own: %s.", what, fix)
}

// isLiteral reports whether expr is a constant written out in the file:
// it names no variable and calls no function.
func isLiteral(expr hcl.Expression) bool {
	if len(expr.Variables()) > 0 {
		return false
	}
	e, ok := expr.(hclsyntax.Expression)
	if !ok {
		return false
	}
	calls := false
	_ = hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if _, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			calls = true
		}
		return nil
	})
	return !calls
}

// maskLiterals replaces the text of the given ranges of file, but for
// quotes and line breaks, with asterisks in a copy of its bytes, so that
// diagnostics quoting those lines never print the secrets. The decoded
// values are not affected.
func maskLiterals(file *hcl.File, ranges []hcl.Range) {
	if len(ranges) == 0 {
		return
	}
	b := bytes.Clone(file.Bytes)
	for _, r := range ranges {
		if r.Start.Byte < 0 || r.End.Byte > len(b) || r.Start.Byte > r.End.Byte {
			continue
		}
		for i := r.Start.Byte; i < r.End.Byte; i++ {
			if b[i] != '"' && b[i] != '\n' {
				b[i] = '*'
			}
		}
	}
	file.Bytes = b
}
