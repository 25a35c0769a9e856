package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// content decodes body against schema, like hcl.Body.Content, but an
// unexpected argument or block gets a detail that lists what the block
// takes and suggests the nearest name. where names the block ("a graph
// block").
func (d *decoder) content(body hcl.Body, schema *hcl.BodySchema, where string) *hcl.BodyContent {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		c, diags := body.Content(schema)
		d.diags = append(d.diags, diags...)
		return c
	}
	c, _, diags := body.PartialContent(schema)
	d.diags = append(d.diags, diags...)
	attrNames, blockNames := schemaNames(schema)
	for _, a := range inFileOrder(sb.Attributes, func(a *hclsyntax.Attribute) int { return a.SrcRange.Start.Byte }) {
		if !slices.Contains(attrNames, a.Name) {
			d.errorf(a.NameRange, "Unsupported argument", "An argument named %q is not expected here.%s %s takes %s.",
				a.Name, didYouMean(a.Name, attrNames), capitalize(where), takes("arguments", attrNames))
		}
	}
	for _, b := range sb.Blocks {
		if !slices.Contains(blockNames, b.Type) {
			d.errorf(b.TypeRange, "Unsupported block type", "Blocks of type %q are not expected here.%s %s takes %s.",
				b.Type, didYouMean(b.Type, blockNames), capitalize(where), takes("blocks", blockNames))
		}
	}
	return c
}

func schemaNames(schema *hcl.BodySchema) (attrs, blocks []string) {
	for _, a := range schema.Attributes {
		attrs = append(attrs, a.Name)
	}
	for _, b := range schema.Blocks {
		blocks = append(blocks, b.Type)
	}
	return attrs, blocks
}

// takes says which names of a kind a block takes: "no blocks", "the
// arguments "a" and "b"".
func takes(kind string, names []string) string {
	if len(names) == 0 {
		return "no " + kind
	}
	return fmt.Sprintf("the %s %s", kind, quoted(names))
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// inFileOrder returns a block's attributes sorted by where they start in
// the file, so diagnostics come out in a stable order. start gives an
// attribute's byte offset.
func inFileOrder[A any](attrs map[string]A, start func(A) int) []A {
	out := make([]A, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return start(out[i]) < start(out[j]) })
	return out
}

// byType groups blocks by their type.
func byType(blocks hcl.Blocks) map[string]hcl.Blocks {
	out := map[string]hcl.Blocks{}
	for _, b := range blocks {
		out[b.Type] = append(out[b.Type], b)
	}
	return out
}
