package config

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// secretArguments names the arguments whose values are secrets, by the
// type of the block that sets them. Whatever a diagnostic is about, the
// lines it quotes show what the file writes out of these values as
// asterisks: a file with an error on a secret's line, or a secret that
// is itself invalid (a state key one byte short, a signing key that is
// not PEM), would otherwise print the secret with the error.
var secretArguments = map[string][]string{
	"graph":       {"client_secret", "certificate_password"},
	"state":       {"key"},
	"audit":       {"signing_key"},
	"destination": {"secret_access_key", "session_token"},
}

// isSecretArgument reports whether the argument name set in a block of
// type block is a secret.
func isSecretArgument(block, name string) bool {
	return slices.Contains(secretArguments[block], name)
}

// secretRanges returns the ranges of the text a parsed body writes out
// in its secret arguments (secretArguments), in blocks at any depth: a
// value written out whole (a literal), or the literal parts of a
// template outside its function calls ("${env("A")}-x" keeps env("A")
// and gives -x). A value read with env() or file() writes out no secret.
func secretRanges(body *hclsyntax.Body) []hcl.Range {
	var out []hcl.Range
	for _, b := range body.Blocks {
		for name, attr := range b.Body.Attributes {
			if isSecretArgument(b.Type, name) {
				out = append(out, writtenOut(attr.Expr)...)
			}
		}
		out = append(out, secretRanges(b.Body)...)
	}
	return out
}

// writtenOut returns the ranges of expr's text that are written out:
// expr whole when it is a literal, else its literal values outside
// function calls.
func writtenOut(expr hclsyntax.Expression) []hcl.Range {
	if isLiteral(expr) {
		return []hcl.Range{expr.Range()}
	}
	w := &literalParts{}
	_ = hclsyntax.Walk(expr, w)
	return w.ranges
}

// literalParts collects the ranges of literal values outside function
// calls (see writtenOut).
type literalParts struct {
	inCall int
	ranges []hcl.Range
}

// Enter notes a function call's arguments and collects a literal value
// outside them.
func (w *literalParts) Enter(n hclsyntax.Node) hcl.Diagnostics {
	switch n := n.(type) {
	case *hclsyntax.FunctionCallExpr:
		w.inCall++
	case *hclsyntax.LiteralValueExpr:
		if w.inCall == 0 {
			w.ranges = append(w.ranges, n.SrcRange)
		}
	}
	return nil
}

// Exit leaves a function call.
func (w *literalParts) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.FunctionCallExpr); ok {
		w.inCall--
	}
	return nil
}

// secretTokenRanges finds the secret arguments of a file that does not
// parse, from its tokens alone, which the lexer gives for any text: an
// argument is a name and "=" at the start of a line or of a block's body
// ("state { key = … }"), its block the type of the innermost block open
// there, and its value every token after "=" up to the end of its line,
// or to the brace that closes the block, outside brackets (a heredoc's
// lines are one token). It returns the ranges of those values, whole,
// function calls included: the file's structure is not known.
func secretTokenRanges(src []byte) []hcl.Range {
	tokens, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	var blocks []string // the types of the open blocks, "" for an object
	var out []hcl.Range
	first := "" // the first name on the current line: a block's type
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		switch tok.Type {
		case hclsyntax.TokenNewline:
			first = ""
		case hclsyntax.TokenOBrace:
			blocks = append(blocks, first)
			first = ""
		case hclsyntax.TokenCBrace:
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
		case hclsyntax.TokenIdent:
			starts := i == 0 || tokens[i-1].Type == hclsyntax.TokenNewline || tokens[i-1].Type == hclsyntax.TokenOBrace
			if !starts || i+1 == len(tokens) || tokens[i+1].Type != hclsyntax.TokenEqual {
				if first == "" && starts {
					first = string(tok.Bytes)
				}
				continue
			}
			block := ""
			if len(blocks) > 0 {
				block = blocks[len(blocks)-1]
			}
			end := valueEnd(tokens, i+2)
			if isSecretArgument(block, string(tok.Bytes)) && end > i+2 {
				out = append(out, hcl.RangeBetween(tokens[i+2].Range, tokens[end-1].Range))
			}
			i = end - 1
		}
	}
	return out
}

// valueEnd returns the index of the token after the value that begins at
// tokens[from]: the newline, closing brace or end of file that ends it
// outside brackets.
func valueEnd(tokens hclsyntax.Tokens, from int) int {
	depth := 0
	for i := from; i < len(tokens); i++ {
		switch tokens[i].Type {
		case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenTemplateSeqEnd:
			depth = max(depth-1, 0)
		case hclsyntax.TokenCBrace:
			if depth == 0 {
				return i
			}
			depth--
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			if depth == 0 {
				return i
			}
		}
	}
	return len(tokens)
}
